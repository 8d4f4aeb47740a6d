package io.metaq.store.file;

import io.metaq.testkit.MessageStoreContractTest;

/** Runs the test kit's MessageStoreContractTest (the store contract) against the {@code file} store. */
class FileMessageStoreTest extends MessageStoreContractTest {
    @Override
    protected String providerName() {
        return "file";
    }
}
