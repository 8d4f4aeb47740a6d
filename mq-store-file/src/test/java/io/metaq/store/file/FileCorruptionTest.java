package io.metaq.store.file;

import io.metaq.testkit.CorruptionTest;

/** Runs the test kit's CorruptionTest (recovery from damaged files) against the {@code file} store. */
class FileCorruptionTest extends CorruptionTest {
    @Override
    protected String providerName() {
        return "file";
    }
}
