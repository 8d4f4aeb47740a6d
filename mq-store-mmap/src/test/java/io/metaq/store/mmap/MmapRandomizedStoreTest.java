package io.metaq.store.mmap;

import io.metaq.testkit.RandomizedStoreTest;

/** Runs the test kit's RandomizedStoreTest (seeded random operations checked against a model) against the {@code mmap} store. */
class MmapRandomizedStoreTest extends RandomizedStoreTest {
    @Override
    protected String providerName() {
        return "mmap";
    }
}
