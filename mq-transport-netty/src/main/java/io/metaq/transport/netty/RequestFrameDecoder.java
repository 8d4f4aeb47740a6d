package io.metaq.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Server-side frame decoder: emits an {@link InboundRequest} per complete frame, in arrival order, or
 * one {@link FrameException} for the first malformed frame, after which it stops reading and discards
 * all input (the handler answers 400 and closes). The line length and body length are checked before
 * the body is buffered; a body is handed on as a retained slice of the receive buffer, not copied.
 * One instance per channel.
 */
final class RequestFrameDecoder extends ByteToMessageDecoder {
    private final int maxLineLength;
    private final int maxBody;
    private final int maxBatch;
    private RequestParser.Header pending;
    private boolean failed;

    RequestFrameDecoder(int maxLineLength, int maxBody, int maxBatch) {
        this.maxLineLength = maxLineLength;
        this.maxBody = maxBody;
        this.maxBatch = maxBatch;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            if (pending == null) {
                int len = TextLines.lineLength(in, maxLineLength);
                if (len < 0) {
                    return;
                }
                RequestParser.Header header = RequestParser.parse(TextLines.readLine(in, len), maxBody, maxBatch);
                if (header.bodyLength() < 0) {
                    out.add(new InboundRequest(header.build().apply(null), null));
                    return;
                }
                pending = header;
            }
            int bodyLength = pending.bodyLength();
            if (in.readableBytes() < bodyLength) {
                return;
            }
            ByteBuf body = bodyLength == 0 ? Unpooled.EMPTY_BUFFER : in.readRetainedSlice(bodyLength);
            RequestParser.Header header = pending;
            pending = null;
            out.add(new InboundRequest(header.build().apply(body.nioBuffer()), body));
        } catch (FrameException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            ctx.channel().config().setAutoRead(false);
            out.add(e);
        }
    }
}
