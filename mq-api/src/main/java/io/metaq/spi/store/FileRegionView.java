package io.metaq.spi.store;

import io.metaq.api.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A view that is a region of a segment file: send it with {@link FileChannel#transferTo} (or Netty's
 * {@code FileRegion}) for a zero-copy fetch. The channel belongs to the store: never close it, only
 * close the view.
 */
public final class FileRegionView extends ReadView {
    private final FileChannel channel;
    private final long position;

    public FileRegionView(long offset, FileChannel channel, long position, int size, Runnable release) {
        super(offset, size, release);
        this.channel = channel;
        this.position = position;
    }

    /** The segment file's channel; shared and owned by the store. */
    public FileChannel channel() {
        return channel;
    }

    /** Byte position of the view's first byte within the segment file. */
    public long position() {
        return position;
    }

    @Override
    public long transferTo(WritableByteChannel target, long from, long count) throws IOException {
        if (isClosed()) {
            throw new StoreException("read view at offset " + offset() + " is closed");
        }
        long n = Math.min(count, size() - from);
        return n <= 0 ? 0 : channel.transferTo(position + from, n, target);
    }

    @Override
    public ByteBuffer toByteBuffer() {
        ByteBuffer copy = ByteBuffer.allocate(size());
        try {
            while (copy.hasRemaining()) {
                int n = channel.read(copy, position + copy.position());
                if (n < 0) {
                    throw new StoreException("segment ended inside read view at offset " + offset());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading view at offset " + offset(), e);
        }
        return copy.flip().asReadOnlyBuffer();
    }
}
