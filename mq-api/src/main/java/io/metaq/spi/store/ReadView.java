package io.metaq.spi.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A slice of a partition's records, starting at a record boundary and never crossing a segment, that
 * a transport can send without copying: either a {@link FileRegionView} (an open channel, a position
 * and a count, for {@code sendfile}) or a {@link BufferView} (a read-only buffer, possibly over a
 * memory map). The last record of a view may be cut short by the byte limit of the read, as PROTOCOL.md
 * §2.2 allows.
 *
 * <p>A view pins its segment: the segment's file is neither closed, unmapped nor deleted until every
 * view over it is closed. Whoever receives a view must {@link #close()} it exactly once after use
 * (closing again does nothing). Views may be handed between threads; one view must not be used by two
 * threads at once.
 */
public abstract sealed class ReadView implements AutoCloseable permits FileRegionView, BufferView {
    private final long offset;
    private final int size;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    protected ReadView(long offset, int size, Runnable release) {
        this.offset = offset;
        this.size = size;
        this.release = release;
    }

    /** Log byte offset of the view's first byte. */
    public final long offset() {
        return offset;
    }

    /** Number of bytes in the view. */
    public final int size() {
        return size;
    }

    /** Log offset just past the view's last byte. */
    public final long endOffset() {
        return offset + size;
    }

    /**
     * Writes up to {@code count} bytes of the view, starting {@code from} bytes into it, to {@code target}.
     *
     * @return the number of bytes written, possibly fewer than asked for a non-blocking target
     */
    public abstract long transferTo(WritableByteChannel target, long from, long count) throws IOException;

    /**
     * The bytes as a read-only buffer positioned at 0: the mapped or held buffer itself for a
     * {@link BufferView}, a fresh heap copy for a {@link FileRegionView}. Valid only until {@link #close()}.
     */
    public abstract ByteBuffer toByteBuffer();

    /** Releases the segment pin. */
    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }

    protected final boolean isClosed() {
        return closed.get();
    }
}
