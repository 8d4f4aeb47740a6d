package io.metaq.store.mmap;

import io.metaq.spi.store.FlushMode;
import io.metaq.store.core.SegmentStorage;
import io.metaq.store.core.SegmentStorageFactory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens segments as mappings; the cache of read-only mappings is shared by all of one store's segments. */
final class MmapSegmentStorageFactory implements SegmentStorageFactory {
    private final MappedSegmentCache cache;
    private final PageToucher toucher;

    MmapSegmentStorageFactory(MappedSegmentCache cache, PageToucher toucher) {
        this.cache = cache;
        this.toucher = toucher;
    }

    @Override
    public SegmentStorage open(Path path, long dataSize, boolean writable, long capacity) throws IOException {
        return open(path, dataSize, writable, capacity, FlushMode.INTERVAL);
    }

    /**
     * In GROUP mode the active segment is written with {@code pwrite} and read through the mapping:
     * an fsync after every few appends of pages dirtied through a mapping makes this kernel write back
     * far more than was written (over ten times, measured), while a written range does not.
     */
    @Override
    public SegmentStorage open(Path path, long dataSize, boolean writable, long capacity, FlushMode flushMode)
            throws IOException {
        if (capacity > Integer.MAX_VALUE) {
            throw new IOException(path + ": segments above 2 GiB cannot be memory-mapped");
        }
        if (!writable) {
            return new MmapSegmentStorage(path, FileChannel.open(path, StandardOpenOption.READ), null, dataSize, cache,
                    null, false);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            if (ch.size() < capacity) {
                // Preallocate: the segment's length is fixed up front so appends never change metadata.
                ch.write(java.nio.ByteBuffer.wrap(new byte[1]), capacity - 1);
            }
            MappedRegion region = new MappedRegion(ch.map(FileChannel.MapMode.READ_WRITE, 0, capacity));
            return new MmapSegmentStorage(path, ch, region, dataSize, cache,
                    flushMode == FlushMode.GROUP ? null : toucher, flushMode == FlushMode.GROUP);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The shared read-mapping cache (visible for tests of its bound). */
    MappedSegmentCache cache() {
        return cache;
    }

    @Override
    public void close() {
        toucher.close();
        cache.close();
    }
}
