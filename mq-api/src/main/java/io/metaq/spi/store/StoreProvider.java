package io.metaq.spi.store;

import io.metaq.spi.Provider;

/**
 * Makes {@link MessageStore}s of one technique ({@code file}, {@code mmap}). Found through
 * {@link java.util.ServiceLoader} and chosen by {@link #name()} in the broker configuration.
 * Stateless; {@link #create} may be called from any thread.
 */
public interface StoreProvider extends Provider {
    /**
     * Opens (creating if needed) the store in {@code config.dataDir()} and lists the partition
     * directories found there; each is recovered when first opened with
     * {@link MessageStore#openPartition}. The caller owns the returned store and must close it.
     *
     * @throws io.metaq.api.StoreException when the directory cannot be used
     */
    MessageStore create(StoreConfig config);
}
