package io.metaq.examples.filter;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The remaining bytes of a buffer as a stream, read with absolute gets: the buffer's position and limit
 * are never changed, so the broker's view of the record stays as it was. One per parse, one thread.
 */
final class ByteBufferInputStream extends InputStream {
    private final ByteBuffer buffer;
    private final int limit;
    private int next;

    ByteBufferInputStream(ByteBuffer buffer) {
        this.buffer = buffer;
        this.next = buffer.position();
        this.limit = buffer.limit();
    }

    @Override
    public int read() {
        return next < limit ? buffer.get(next++) & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int n = Math.min(len, limit - next);
        if (n <= 0) {
            return -1;
        }
        buffer.get(next, b, off, n);
        next += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, limit - next));
        next += (int) skipped;
        return skipped;
    }

    @Override
    public int available() {
        return limit - next;
    }
}
