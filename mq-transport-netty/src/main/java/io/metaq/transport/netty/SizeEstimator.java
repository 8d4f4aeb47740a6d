package io.metaq.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.FileRegion;
import io.netty.channel.MessageSizeEstimator;

/**
 * Counts queued file regions by their length (Netty's default counts them as 0), so the write-buffer
 * water marks also bound the {@code value} responses a client leaves unread: each pins a segment.
 */
final class SizeEstimator implements MessageSizeEstimator {
    static final SizeEstimator INSTANCE = new SizeEstimator();
    private static final Handle HANDLE = SizeEstimator::size;

    @Override
    public Handle newHandle() {
        return HANDLE;
    }

    private static int size(Object msg) {
        if (msg instanceof ByteBuf b) {
            return b.readableBytes();
        }
        if (msg instanceof FileRegion r) {
            return (int) Math.min(Integer.MAX_VALUE, r.count() - r.transferred());
        }
        if (msg instanceof ByteBufHolder h) {
            return h.content().readableBytes();
        }
        return 8;
    }
}
