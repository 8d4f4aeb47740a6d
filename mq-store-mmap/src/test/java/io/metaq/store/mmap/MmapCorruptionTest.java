package io.metaq.store.mmap;

import io.metaq.testkit.CorruptionTest;

/** Runs the test kit's CorruptionTest (recovery from damaged files) against the {@code mmap} store. */
class MmapCorruptionTest extends CorruptionTest {
    @Override
    protected String providerName() {
        return "mmap";
    }
}
