package io.metaq.transport.netty;

import io.metaq.spi.store.BufferView;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A {@code value} response over a {@link BufferView}: the response header followed by
 * {@code Unpooled.wrappedBuffer(view.buffer())} (no copy), as one message so no other write can come
 * between them. Its final release closes the view.
 */
final class ViewByteBuf extends CompositeByteBuf {
    private final BufferView view;

    ViewByteBuf(ByteBufAllocator alloc, ByteBuf header, BufferView view) {
        super(alloc, true, 2, header, Unpooled.wrappedBuffer(view.buffer()));
        this.view = view;
    }

    @Override
    protected void deallocate() {
        try {
            super.deallocate();
        } finally {
            view.close();
        }
    }
}
