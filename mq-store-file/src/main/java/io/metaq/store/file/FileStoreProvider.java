package io.metaq.store.file;

import io.metaq.spi.store.StoreConfig;
import io.metaq.store.core.SegmentStorageFactory;
import io.metaq.store.core.SegmentStoreProvider;

/**
 * Store provider {@code file}: segments written with positional {@code FileChannel} writes and read
 * as file regions, so a fetch is sent with {@code sendfile} and never copied through user space.
 * Takes no options of its own.
 */
public final class FileStoreProvider extends SegmentStoreProvider {
    public static final String NAME = "file";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected SegmentStorageFactory storageFactory(StoreConfig config) {
        return new FileSegmentStorageFactory();
    }
}
