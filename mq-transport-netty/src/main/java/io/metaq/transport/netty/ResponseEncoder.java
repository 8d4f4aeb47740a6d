package io.metaq.transport.netty;

import io.metaq.spi.store.BufferView;
import io.metaq.spi.store.FileRegionView;
import io.metaq.spi.store.ReadView;
import io.metaq.spi.transport.Response;
import io.metaq.spi.transport.ResultResponse;
import io.metaq.spi.transport.ValueResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Server-side response encoding (PROTOCOL.md §2.4): {@code result <code> <len> <opaque>\r\n<body>} and
 * {@code value <len> <opaque>\r\n<records>}, the records sent without copying. Stateless.
 */
final class ResponseEncoder {
    private ResponseEncoder() {
    }

    /**
     * The messages to write, in order. Ownership of a value response's view passes to the returned
     * messages (releasing them closes it); if this throws, the view is closed.
     */
    static Object[] encode(ByteBufAllocator alloc, Response response) {
        if (response instanceof ResultResponse r) {
            return new Object[] {result(alloc, r.code(), r.body(), r.opaque())};
        }
        ValueResponse v = (ValueResponse) response;
        ReadView view = v.records();
        ByteBuf header = null;
        try {
            header = alloc.ioBuffer(32);
            header.writeBytes(VALUE);
            TextLines.writeDecimal(header, view.size());
            header.writeByte(' ');
            TextLines.writeDecimal(header, v.opaque());
            header.writeBytes(TextLines.CRLF);
            if (view instanceof FileRegionView f) {
                return new Object[] {header, new ViewFileRegion(f)};
            }
            return new Object[] {new ViewByteBuf(alloc, header, (BufferView) view)};
        } catch (RuntimeException | Error e) {
            if (header != null) {
                header.release();
            }
            view.close();
            throw e;
        }
    }

    static ByteBuf result(ByteBufAllocator alloc, int code, byte[] body, int opaque) {
        ByteBuf buf = alloc.ioBuffer(32 + body.length);
        buf.writeBytes(RESULT);
        TextLines.writeDecimal(buf, code);
        buf.writeByte(' ');
        TextLines.writeDecimal(buf, body.length);
        buf.writeByte(' ');
        TextLines.writeDecimal(buf, opaque);
        buf.writeBytes(TextLines.CRLF);
        buf.writeBytes(body);
        return buf;
    }

    /** Drops a response that will not be written, closing the view it holds. */
    static void discard(Response response) {
        if (response instanceof ValueResponse v) {
            v.records().close();
        }
    }

    private static final byte[] RESULT = {'r', 'e', 's', 'u', 'l', 't', ' '};
    private static final byte[] VALUE = {'v', 'a', 'l', 'u', 'e', ' '};
}
