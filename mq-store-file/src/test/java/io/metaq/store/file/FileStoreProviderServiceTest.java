package io.metaq.store.file;

import io.metaq.testkit.StoreProviderServiceTest;

/** Runs the test kit's StoreProviderServiceTest (ServiceLoader registration) against the {@code file} store. */
class FileStoreProviderServiceTest extends StoreProviderServiceTest {
    @Override
    protected String providerName() {
        return "file";
    }
}
