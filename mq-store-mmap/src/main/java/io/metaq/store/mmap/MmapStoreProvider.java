package io.metaq.store.mmap;

import io.metaq.api.ConfigException;
import io.metaq.spi.store.StoreConfig;
import io.metaq.store.core.SegmentStorageFactory;
import io.metaq.store.core.SegmentStoreProvider;

/**
 * Store provider {@code mmap}: the active segment is preallocated to the segment size and written
 * through a memory map (an append is a memory copy, no system call); sealed segments are mapped
 * read-only on demand, at most {@value #DEFAULT_MAX_MAPPED} at once unless the option
 * {@code mmap.maxMappedSegments} says otherwise. Mappings are released deterministically when the
 * last view over them closes, never left to the garbage collector.
 */
public final class MmapStoreProvider extends SegmentStoreProvider {
    public static final String NAME = "mmap";
    public static final String MAX_MAPPED_OPTION = "mmap.maxMappedSegments";
    static final int DEFAULT_MAX_MAPPED = 16;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected SegmentStorageFactory storageFactory(StoreConfig config) {
        for (String key : config.options().keySet()) {
            if (key.startsWith(NAME + ".") && !key.equals(MAX_MAPPED_OPTION)) {
                throw new ConfigException(key, "unknown option of the mmap store; known: [" + MAX_MAPPED_OPTION + "]");
            }
        }
        int maxMapped = config.intOption(MAX_MAPPED_OPTION, DEFAULT_MAX_MAPPED);
        if (maxMapped < 1) {
            throw new ConfigException(MAX_MAPPED_OPTION, "must be at least 1, was " + maxMapped);
        }
        return new MmapSegmentStorageFactory(new MappedSegmentCache(maxMapped),
                new PageToucher("metaq-mmap-prefault-" + config.dataDir().getFileName()));
    }
}
