package io.metaq.store.mmap;

import io.metaq.testkit.StoreProviderServiceTest;

/** Runs the test kit's StoreProviderServiceTest (ServiceLoader registration) against the {@code mmap} store. */
class MmapStoreProviderServiceTest extends StoreProviderServiceTest {
    @Override
    protected String providerName() {
        return "mmap";
    }
}
