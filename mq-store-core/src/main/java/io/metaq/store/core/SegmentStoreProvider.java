package io.metaq.store.core;

import io.metaq.spi.store.MessageStore;
import io.metaq.spi.store.StoreConfig;
import io.metaq.spi.store.StoreProvider;

/**
 * Base of the store providers built on this engine: a provider only names itself and says how to
 * open a segment file.
 */
public abstract class SegmentStoreProvider implements StoreProvider {

    /** A factory for this store's segment files, configured from the store's options. */
    protected abstract SegmentStorageFactory storageFactory(StoreConfig config);

    @Override
    public final MessageStore create(StoreConfig config) {
        return new LogStore(name(), config, storageFactory(config));
    }
}
