package io.metaq.store.file;

import io.metaq.testkit.CrashRecoveryTest;

/** Runs the test kit's CrashRecoveryTest (recovery after a child JVM appending is killed) against the {@code file} store. */
class FileCrashRecoveryTest extends CrashRecoveryTest {
    @Override
    protected String providerName() {
        return "file";
    }
}
