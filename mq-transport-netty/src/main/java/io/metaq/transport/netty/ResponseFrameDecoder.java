package io.metaq.transport.netty;

import io.metaq.spi.store.BufferView;
import io.metaq.spi.transport.ResultResponse;
import io.metaq.spi.transport.ValueResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Client-side decoder of {@code result <code> <len> <opaque>} and {@code value <len> <opaque>}
 * (PROTOCOL.md §2.4), bounded by the line length and {@code maxMessageSize} before buffering a body. A
 * {@code value} becomes a {@link ValueResponse} whose {@link BufferView} is a read-only view of a
 * retained slice of the receive buffer; closing the view releases it. A malformed frame raises a
 * {@link FrameException} (the connection is then closed). One instance per channel.
 */
final class ResponseFrameDecoder extends ByteToMessageDecoder {
    private final int maxLineLength;
    private final int maxBody;
    /** The parsed line of the frame whose body is awaited: {code, len, opaque}; code -1 for value. */
    private int[] pending;
    private boolean failed;

    ResponseFrameDecoder(int maxLineLength, int maxBody) {
        this.maxLineLength = maxLineLength;
        this.maxBody = maxBody;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (pending == null) {
            int len;
            try {
                len = TextLines.lineLength(in, maxLineLength);
            } catch (FrameException e) {
                failed = true;
                throw e;
            }
            if (len < 0) {
                return;
            }
            String line = TextLines.readLine(in, len);
            try {
                pending = parse(line);
            } catch (FrameException e) {
                failed = true;
                throw e;
            }
        }
        int bodyLength = pending[1];
        if (in.readableBytes() < bodyLength) {
            return;
        }
        int[] frame = pending;
        pending = null;
        if (frame[0] >= 0) {
            byte[] body = new byte[bodyLength];
            in.readBytes(body);
            out.add(new ResultResponse(frame[0], body, frame[2]));
            return;
        }
        ByteBuf slice = in.readRetainedSlice(bodyLength);
        out.add(new ValueResponse(new BufferView(0, slice.nioBuffer().asReadOnlyBuffer(), slice::release), frame[2]));
    }

    private int[] parse(String line) {
        String[] t = TextLines.split(line);
        if (t.length == 4 && t[0].equals("result")) {
            int code = RequestParser.parseInt(t, 1, "code");
            if (code < 0) {
                throw new FrameException("negative result code " + code);
            }
            return new int[] {code, bodyLength(t, 2), RequestParser.parseInt(t, 3, "opaque")};
        }
        if (t.length == 3 && t[0].equals("value")) {
            return new int[] {-1, bodyLength(t, 1), RequestParser.parseInt(t, 2, "opaque")};
        }
        throw new FrameException("unexpected response line '" + RequestParser.printable(line) + "'");
    }

    private int bodyLength(String[] t, int i) {
        int len = RequestParser.parseInt(t, i, "bodyLen");
        if (len < 0 || len > maxBody) {
            throw new FrameException("response bodyLen " + len + " is outside [0, " + maxBody + "]");
        }
        return len;
    }
}
