package io.metaq.store.file;

import io.metaq.spi.store.FileRegionView;
import io.metaq.spi.store.ReadView;
import io.metaq.store.core.SegmentStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A segment behind one {@link FileChannel}: positional writes (no shared file position, so reads
 * never contend with the writer), {@code fdatasync} for durability, views as file regions.
 */
final class FileSegmentStorage implements SegmentStorage {
    private final Path path;
    private final FileChannel channel;
    private volatile boolean writable;

    FileSegmentStorage(Path path, FileChannel channel, boolean writable) {
        this.path = path;
        this.channel = channel;
        this.writable = writable;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public void write(ByteBuffer src, long position) throws IOException {
        long pos = position;
        while (src.hasRemaining()) {
            pos += channel.write(src, pos);
        }
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return channel.read(dst, position);
    }

    @Override
    public void force() throws IOException {
        // Also after seal: a rolled segment's last writes are forced here, by the flush thread.
        channel.force(false);
    }

    @Override
    public ReadView view(long logOffset, long position, int size, Runnable release) {
        return new FileRegionView(logOffset, channel, position, size, release);
    }

    @Override
    public void seal(long dataSize) {
        writable = false;
    }

    @Override
    public void close(long dataSize) throws IOException {
        try {
            if (writable && channel.size() > dataSize) {
                channel.truncate(dataSize);
            }
        } finally {
            channel.close();
        }
    }
}
