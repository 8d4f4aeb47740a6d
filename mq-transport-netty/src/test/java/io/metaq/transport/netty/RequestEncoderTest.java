package io.metaq.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The exact bytes the client writes for each request, and that the server decodes them back. */
class RequestEncoderTest {
    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> forms() {
        ByteBuffer records = io.metaq.api.record.RecordFormat.encode(0, 0, "xyz".getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                Arguments.of(new PutRequest("t", 1, 0, 12345, null, bytes("body"), 0), 7,
                        "put t 1 4 0 12345 7\r\nbody"),
                Arguments.of(new PutRequest("t", -1, 1, 12345, "TX:s:1", bytes("body"), 0), 8,
                        "put t -1 4 1 12345 TX:s:1 8\r\nbody"),
                Arguments.of(new PutRequest("t", 0, 0, PutRequest.NO_CHECKSUM, null, bytes("b"), 0), 9,
                        "put t 0 1 0 -1 9\r\nb"),
                Arguments.of(new GetRequest("t", "g", 2, 100, 1024, 0, 0), 10, "get t g 2 100 1024 10\r\n"),
                Arguments.of(new GetRequest("t", "g", 2, 100, 1024, 3000, 0), 11, "get t g 2 100 1024 3000 11\r\n"),
                Arguments.of(new OffsetRequest("t", "g", 2, 100, 0), 12, "offset t g 2 100 12\r\n"),
                Arguments.of(new VersionRequest(0), 13, "version 13\r\n"),
                Arguments.of(new StatsRequest("", 0), 14, "stats  14\r\n"),
                Arguments.of(new StatsRequest("topics", 0), 15, "stats topics 15\r\n"),
                Arguments.of(new QuitRequest(), 16, "quit\r\n"),
                Arguments.of(new TransactionRequest("TX:s:1", "s", "BEGIN", 0, null, 0), 17,
                        "transaction TX:s:1 s BEGIN 17\r\n"),
                Arguments.of(new TransactionRequest("TX:s:1", "s", "BEGIN", 30, null, 0), 18,
                        "transaction TX:s:1 s BEGIN 30 18\r\n"),
                Arguments.of(new TransactionRequest("null", "s", "RECOVER", 0, "q", 0), 19,
                        "transaction null s RECOVER q 19\r\n"),
                Arguments.of(new TransactionRequest("XID:1:ab:cd:q", "s", "PREPARE", 5, "q", 0), 20,
                        "transaction XID:1:ab:cd:q s PREPARE 5 q 20\r\n"),
                Arguments.of(new SyncRequest("t", 1, 0, -7, 99, bytes("body"), 0), 21,
                        "sync t 1 4 0 -7 99 21\r\nbody"),
                Arguments.of(new BatchPutRequest("t", 3, 1, records, 0), 22,
                        "bput t 3 23 1 22\r\n" + StandardCharsets.ISO_8859_1.decode(records.duplicate())),
                Arguments.of(new OffsetForTimeRequest("t", 2, 1_700_000_000_123L, 0), 23,
                        "otime t 2 1700000000123 23\r\n"),
                Arguments.of(new OffsetForTimeRequest("t", 0, 0, 0), 24, "otime t 0 0 24\r\n"),
                Arguments.of(new OffsetForTimeRequest("t", 1, -1, 0), 25, "otime t 1 -1 25\r\n"),
                Arguments.of(new OffsetForTimeRequest("t", 1, Long.MIN_VALUE, 0), 26,
                        "otime t 1 -9223372036854775808 26\r\n"),
                Arguments.of(new AdminRequest("{\"op\":\"list-topics\"}", 0), 27,
                        "admin 20 27\r\n{\"op\":\"list-topics\"}"),
                Arguments.of(new AdminRequest("", 0), 28, "admin 0 28\r\n"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("forms")
    void encode_writesTheOriginalClientForm_andDecodesBack(Request request, int opaque, String expected) {
        ByteBuf frame = RequestEncoder.encode(ByteBufAllocator.DEFAULT, request, opaque);
        byte[] wire = new byte[frame.readableBytes()];
        frame.getBytes(frame.readerIndex(), wire);
        assertThat(new String(wire, StandardCharsets.ISO_8859_1)).isEqualTo(expected);

        EmbeddedChannel server = new EmbeddedChannel(new RequestFrameDecoder(1024, 1024, 1024));
        try {
            server.writeInbound(frame);
            InboundRequest in = server.readInbound();
            Request back = in.request();
            if (!(request instanceof QuitRequest)) {
                assertThat(back.opaque()).isEqualTo(opaque);
            }
            assertThat(withOpaque(back, 0)).isEqualTo(withOpaque(request, 0));
            if (in.body() != null) {
                in.body().release();
            }
        } finally {
            server.finishAndReleaseAll();
        }
    }

    private static Request withOpaque(Request r, int o) {
        if (r instanceof PutRequest p) {
            return new PutRequest(p.topic(), p.partition(), p.flag(), p.checksum(), p.txKey(), p.body(), o);
        } else if (r instanceof GetRequest g) {
            return new GetRequest(g.topic(), g.group(), g.partition(), g.offset(), g.maxSize(), g.maxWaitMs(), o);
        } else if (r instanceof OffsetRequest x) {
            return new OffsetRequest(x.topic(), x.group(), x.partition(), x.offset(), o);
        } else if (r instanceof OffsetForTimeRequest x) {
            return new OffsetForTimeRequest(x.topic(), x.partition(), x.timestampMs(), o);
        } else if (r instanceof VersionRequest) {
            return new VersionRequest(o);
        } else if (r instanceof StatsRequest s) {
            return new StatsRequest(s.item(), o);
        } else if (r instanceof TransactionRequest t) {
            return new TransactionRequest(t.txKey(), t.sessionId(), t.type(), t.timeoutSeconds(), t.uniqueQualifier(), o);
        } else if (r instanceof SyncRequest s) {
            return new SyncRequest(s.topic(), s.partition(), s.flag(), s.msgId(), s.checksum(), s.body(), o);
        } else if (r instanceof AdminRequest a) {
            return new AdminRequest(a.json(), o);
        } else if (r instanceof BatchPutRequest b) {
            return new BatchPutRequest(b.topic(), b.partition(), b.count(), b.records(), o);
        }
        return r;
    }
}
