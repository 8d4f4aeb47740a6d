package io.metaq.store.core;

import io.metaq.spi.store.FlushMode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens segment files for a store provider. One factory per store; thread-safe.
 */
public interface SegmentStorageFactory {

    /**
     * Opens {@code path} (creating it when absent) holding {@code dataSize} valid bytes; bytes past
     * {@code dataSize} are already gone (the engine truncated the file before calling).
     *
     * @param writable whether appends will go to this segment (the active one)
     * @param capacity for a writable segment, the most bytes it will hold (preallocation hint)
     */
    SegmentStorage open(Path path, long dataSize, boolean writable, long capacity) throws IOException;

    /**
     * As {@link #open(Path, long, boolean, long)}, knowing the partition's flush mode, for storages that
     * write differently when every append is followed by an fsync.
     */
    default SegmentStorage open(Path path, long dataSize, boolean writable, long capacity, FlushMode flushMode)
            throws IOException {
        return open(path, dataSize, writable, capacity);
    }

    /** Releases what the factory shares between segments (caches of mappings, say). */
    default void close() {
    }
}
