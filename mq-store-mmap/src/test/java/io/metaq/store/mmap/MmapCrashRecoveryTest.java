package io.metaq.store.mmap;

import io.metaq.testkit.CrashRecoveryTest;

/** Runs the test kit's CrashRecoveryTest (recovery after a child JVM appending is killed) against the {@code mmap} store. */
class MmapCrashRecoveryTest extends CrashRecoveryTest {
    @Override
    protected String providerName() {
        return "mmap";
    }
}
