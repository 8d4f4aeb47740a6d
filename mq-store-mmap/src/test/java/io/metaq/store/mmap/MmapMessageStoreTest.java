package io.metaq.store.mmap;

import io.metaq.testkit.MessageStoreContractTest;

/** Runs the test kit's MessageStoreContractTest (the store contract) against the {@code mmap} store. */
class MmapMessageStoreTest extends MessageStoreContractTest {
    @Override
    protected String providerName() {
        return "mmap";
    }
}
