package io.metaq.spi.store;

import io.metaq.api.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** A view held in a read-only buffer (often a slice of a memory-mapped segment). */
public final class BufferView extends ReadView {
    private final ByteBuffer buffer;

    /** @param buffer the bytes from position 0 to limit; must be read-only */
    public BufferView(long offset, ByteBuffer buffer, Runnable release) {
        super(offset, buffer.remaining(), release);
        this.buffer = buffer;
    }

    /** A fresh duplicate of the view's buffer, positioned at 0; valid only until the view is closed. */
    public ByteBuffer buffer() {
        if (isClosed()) {
            throw new StoreException("read view at offset " + offset() + " is closed");
        }
        return buffer.duplicate();
    }

    @Override
    public long transferTo(WritableByteChannel target, long from, long count) throws IOException {
        ByteBuffer b = buffer();
        int start = (int) from;
        int end = (int) Math.min(size(), from + count);
        if (start >= end) {
            return 0;
        }
        return target.write(b.limit(end).position(start));
    }

    @Override
    public ByteBuffer toByteBuffer() {
        return buffer();
    }
}
