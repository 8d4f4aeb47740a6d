package io.metaq.store.mmap;

import io.metaq.spi.store.BufferView;
import io.metaq.spi.store.ReadView;
import io.metaq.store.core.SegmentStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A segment written through a read-write mapping of its preallocated file. Once sealed, the writable
 * mapping is retired (unmapped when its last view closes) and reads go through the shared cache of
 * read-only mappings. The file is trimmed to its data at close, so a cleanly closed segment has no
 * zero tail; after a crash, recovery finds the end at the first all-zero header.
 */
final class MmapSegmentStorage implements SegmentStorage {
    private final Path path;
    private final FileChannel channel;
    private final MappedSegmentCache cache;
    private final PageToucher toucher;
    /** Write with pwrite rather than through the mapping (GROUP mode; see the factory). */
    private final boolean writeThroughChannel;
    private volatile MappedRegion writeRegion;
    private volatile long dataSize;
    /** End of the written bytes, and how far ahead pages are already touched. */
    private volatile long writeEnd;
    private volatile long touchedTo;
    private volatile boolean touchRequested;
    private volatile long forcedTo;
    private volatile boolean sealed;

    MmapSegmentStorage(Path path, FileChannel channel, MappedRegion writeRegion, long dataSize,
            MappedSegmentCache cache, PageToucher toucher, boolean writeThroughChannel) {
        this.writeThroughChannel = writeThroughChannel;
        this.path = path;
        this.channel = channel;
        this.writeRegion = writeRegion;
        this.dataSize = dataSize;
        this.cache = cache;
        this.toucher = toucher;
        this.writeEnd = dataSize;
        this.touchedTo = dataSize;
        this.forcedTo = dataSize;
        if (writeRegion != null && toucher != null) {
            requestTouch();
        }
    }

    private void requestTouch() {
        touchRequested = true;
        toucher.request(this);
    }

    /** Called on the toucher's thread: faults in pages from the touched end to {@code AHEAD} past the writer. */
    void touchAhead(PageToucher t) {
        MappedRegion r = writeRegion;
        if (sealed || r == null || !r.tryAcquire()) {
            return;
        }
        try {
            long target = Math.min(r.buffer.capacity(), writeEnd + PageToucher.AHEAD);
            long from = Math.max(touchedTo, writeEnd);
            // In steps, so a writer that has caught up with the toucher is noticed and skipped past.
            while (from < target && !t.isClosed()) {
                long step = Math.min(target, from + (1 << 20));
                touchedTo = PageToucher.touch(r, from, step);
                from = Math.max(touchedTo, writeEnd);
            }
        } finally {
            touchRequested = false;
            r.release();
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public void write(ByteBuffer src, long position) throws IOException {
        int n = src.remaining();
        MappedRegion r = writeRegion;
        if (r != null && position + n > r.buffer.capacity()) {
            r = grow(position + n);
        }
        if (r == null || !r.tryAcquire()) {
            throw new IOException(path + " is sealed");
        }
        try {
            if (writeThroughChannel) {
                long pos = position;
                while (src.hasRemaining()) {
                    pos += channel.write(src, pos);
                }
                writeEnd = position + n;
                return;
            }
            r.buffer.put((int) position, src, src.position(), n);
            src.position(src.limit());
            long end = position + n;
            writeEnd = end;
            if (toucher != null && !touchRequested && touchedTo - end < PageToucher.AHEAD / 2
                    && touchedTo < r.buffer.capacity()) {
                requestTouch();
            }
        } finally {
            r.release();
        }
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        MappedRegion r = writeRegion;
        if (r != null && r.tryAcquire()) {
            try {
                int n = (int) Math.min(dst.remaining(), r.buffer.capacity() - position);
                if (n <= 0) {
                    return -1;
                }
                dst.put(dst.position(), r.buffer, (int) position, n);
                dst.position(dst.position() + n);
                return n;
            } finally {
                r.release();
            }
        }
        return channel.read(dst, position);
    }

    /**
     * Forces only the written range through the mapping (msync of those pages): an fdatasync of the
     * whole file would also write back the zero pages touched ahead of the writer, and make them
     * fault again. After seal, the first force also drops the writable mapping.
     */
    @Override
    public void force() throws IOException {
        MappedRegion r = writeRegion;
        if (writeThroughChannel || r == null || !r.tryAcquire()) {
            channel.force(false);
            if (sealed && r != null) {
                writeRegion = null;
                r.retire();
            }
            return;
        }
        try {
            long end = sealed ? dataSize : writeEnd;
            if (end > forcedTo) {
                int from = (int) forcedTo;
                r.buffer.force(from, (int) (end - from));
                forcedTo = end;
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } finally {
            r.release();
        }
        if (sealed) {
            writeRegion = null;
            r.retire();
        }
    }

    @Override
    public ReadView view(long logOffset, long position, int size, Runnable release) throws IOException {
        MappedRegion r = writeRegion;
        if (r == null || !r.tryAcquire()) {
            r = cache.acquire(this);
        }
        MappedRegion pinned = r;
        ByteBuffer slice = r.buffer.slice((int) position, size).asReadOnlyBuffer();
        return new BufferView(logOffset, slice, () -> {
            pinned.release();
            release.run();
        });
    }

    /**
     * Remaps the active segment larger, for a batch bigger than the segment size (it gets a segment of
     * its own). Views over the old mapping stay valid until they close. Called on the writing thread.
     */
    private MappedRegion grow(long needed) throws IOException {
        if (needed > Integer.MAX_VALUE) {
            throw new IOException(path + ": a segment cannot hold " + needed + " bytes (2 GiB at most)");
        }
        MappedRegion old = writeRegion;
        if (channel.size() < needed) {
            channel.write(ByteBuffer.wrap(new byte[1]), needed - 1);
        }
        MappedRegion bigger = new MappedRegion(channel.map(FileChannel.MapMode.READ_WRITE, 0, needed));
        writeRegion = bigger;
        old.retire();
        return bigger;
    }

    /** A read-only mapping of the sealed data, for the cache. */
    MappedRegion mapReadOnly() throws IOException {
        return new MappedRegion(channel.map(FileChannel.MapMode.READ_ONLY, 0, dataSize));
    }

    /** Stops writes; the writable mapping stays until the flush thread's next {@link #force()}. */
    @Override
    public void seal(long size) {
        dataSize = size;
        sealed = true;
    }

    @Override
    public void close(long size) throws IOException {
        seal(size);
        MappedRegion r = writeRegion;
        writeRegion = null;
        if (r != null) {
            r.retire();
        }
        cache.evict(this);
        try {
            if (channel.size() > size) {
                try (FileChannel w = FileChannel.open(path, java.nio.file.StandardOpenOption.WRITE)) {
                    w.truncate(size);
                    w.force(true);
                }
            }
        } finally {
            channel.close();
        }
    }
}
