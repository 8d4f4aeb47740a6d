package io.metaq.store.file;

import io.metaq.testkit.RandomizedStoreTest;

/** Runs the test kit's RandomizedStoreTest (seeded random operations checked against a model) against the {@code file} store. */
class FileRandomizedStoreTest extends RandomizedStoreTest {
    @Override
    protected String providerName() {
        return "file";
    }
}
