package io.metaq.store.core;

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

    /** Releases what the factory shares between segments (caches of mappings, say). */
    default void close() {
    }
}
