package io.metaq.client.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reuses a producer's batch buffers. They are direct, so the socket write needs no copy into one of
 * Netty's, and reused, so a busy producer makes no garbage per batch. A buffer comes back only after
 * its batch was acknowledged (the broker has read it all, so no write of it is pending); buffers of
 * failed batches are left to the garbage collector. Thread-safe.
 */
final class BufferPool {
    private final int bufferBytes;
    private final int maxPooled;
    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pooled = new AtomicInteger();

    BufferPool(int bufferBytes, int maxPooled) {
        this.bufferBytes = bufferBytes;
        this.maxPooled = maxPooled;
    }

    /** A cleared buffer of at least {@code minBytes}: a pooled one, or a one-off for an oversized message. */
    ByteBuffer take(int minBytes) {
        if (minBytes > bufferBytes) {
            return ByteBuffer.allocate(minBytes);
        }
        ByteBuffer b = free.poll();
        if (b != null) {
            pooled.decrementAndGet();
            return b.clear();
        }
        return ByteBuffer.allocateDirect(bufferBytes);
    }

    void give(ByteBuffer b) {
        if (b.isDirect() && b.capacity() == bufferBytes && pooled.incrementAndGet() <= maxPooled) {
            free.offer(b);
        } else if (b.isDirect() && b.capacity() == bufferBytes) {
            pooled.decrementAndGet();
        }
    }
}
