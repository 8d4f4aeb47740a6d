package io.metaq.transport.netty;

import io.metaq.spi.transport.AdminRequest;
import io.metaq.spi.transport.BatchPutRequest;
import io.metaq.spi.transport.GetRequest;
import io.metaq.spi.transport.OffsetForTimeRequest;
import io.metaq.spi.transport.OffsetRequest;
import io.metaq.spi.transport.PutRequest;
import io.metaq.spi.transport.QuitRequest;
import io.metaq.spi.transport.Request;
import io.metaq.spi.transport.StatsRequest;
import io.metaq.spi.transport.SyncRequest;
import io.metaq.spi.transport.TransactionRequest;
import io.metaq.spi.transport.VersionRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Client-side request encoding in exactly the forms the 1.4.6.2 client writes (PROTOCOL.md §2): put and
 * sync always with a checksum token ({@code -1} when the request has none), {@code stats  <opaque>}
 * (two spaces) for an empty item, transaction timeout only when &gt; 0 and unique qualifier only when
 * not blank, a null txKey as {@code null}; plus the extensions (8-token get when {@code maxWaitMs > 0},
 * {@code bput}, {@code otime}, {@code admin}). The opaque given here replaces the request's own. Bodies are not copied:
 * the frame wraps the request's buffer, which must stay unchanged until the request is answered. Stateless.
 */
final class RequestEncoder {
    private RequestEncoder() {
    }

    /** False for requests the broker never answers: {@code quit} and {@code transaction ... END}. */
    static boolean expectsResponse(Request request) {
        if (request instanceof QuitRequest) {
            return false;
        }
        return !(request instanceof TransactionRequest t && t.type().equals("END"));
    }

    static ByteBuf encode(ByteBufAllocator alloc, Request request, int opaque) {
        ByteBuf h = alloc.ioBuffer(128);
        try {
            ByteBuffer body = line(h, request, opaque);
            h.writeBytes(TextLines.CRLF);
            if (body == null || !body.hasRemaining()) {
                return h;
            }
            return Unpooled.wrappedBuffer(h, Unpooled.wrappedBuffer(body.duplicate()));
        } catch (RuntimeException e) {
            h.release();
            throw e;
        }
    }

    /** Writes the command line without CRLF; returns the body to send after it, or null. */
    private static ByteBuffer line(ByteBuf h, Request request, int opaque) {
        if (request instanceof PutRequest p) {
            words(h, "put", p.topic());
            nums(h, p.partition(), p.body().remaining(), p.flag(), p.checksum());
            if (p.txKey() != null) {
                word(h, p.txKey());
            }
            num(h, opaque);
            return p.body();
        }
        if (request instanceof GetRequest g) {
            words(h, "get", g.topic(), g.group());
            nums(h, g.partition(), g.offset(), g.maxSize());
            if (g.maxWaitMs() > 0) {
                num(h, g.maxWaitMs());
            }
            num(h, opaque);
            return null;
        }
        if (request instanceof BatchPutRequest b) {
            words(h, "bput", b.topic());
            nums(h, b.partition(), b.records().remaining(), b.count(), opaque);
            return b.records();
        }
        if (request instanceof OffsetRequest o) {
            words(h, "offset", o.topic(), o.group());
            nums(h, o.partition(), o.offset(), opaque);
            return null;
        }
        if (request instanceof OffsetForTimeRequest o) {
            words(h, "otime", o.topic());
            nums(h, o.partition(), o.timestampMs(), opaque);
            return null;
        }
        if (request instanceof VersionRequest) {
            words(h, "version");
            num(h, opaque);
            return null;
        }
        if (request instanceof StatsRequest s) {
            words(h, "stats", s.item() == null ? "" : s.item());
            num(h, opaque);
            return null;
        }
        if (request instanceof QuitRequest) {
            TextLines.writeUtf8(h, "quit");
            return null;
        }
        if (request instanceof TransactionRequest t) {
            words(h, "transaction", t.txKey() == null ? "null" : t.txKey(), t.sessionId(), t.type());
            if (t.timeoutSeconds() > 0) {
                num(h, t.timeoutSeconds());
            }
            if (t.uniqueQualifier() != null && !t.uniqueQualifier().isBlank()) {
                word(h, t.uniqueQualifier());
            }
            num(h, opaque);
            return null;
        }
        if (request instanceof AdminRequest a) {
            ByteBuffer body = ByteBuffer.wrap(a.json().getBytes(StandardCharsets.UTF_8));
            words(h, "admin");
            nums(h, body.remaining(), opaque);
            return body;
        }
        SyncRequest s = (SyncRequest) request;
        words(h, "sync", s.topic());
        nums(h, s.partition(), s.body().remaining(), s.flag(), s.msgId(), s.checksum(), opaque);
        return s.body();
    }

    /** The first word, then each further one preceded by a space. */
    private static void words(ByteBuf h, String command, String... more) {
        TextLines.writeUtf8(h, command);
        for (String w : more) {
            word(h, w);
        }
    }

    private static void word(ByteBuf h, String w) {
        h.writeByte(' ');
        TextLines.writeUtf8(h, w);
    }

    private static void nums(ByteBuf h, long... values) {
        for (long v : values) {
            num(h, v);
        }
    }

    private static void num(ByteBuf h, long v) {
        h.writeByte(' ');
        TextLines.writeDecimal(h, v);
    }
}
