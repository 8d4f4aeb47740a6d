package io.metaq.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.api.record.RecordFormat;
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
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decoding of every request form of PROTOCOL.md §2 and our extensions, whole and byte by byte. */
class RequestFrameDecoderTest {
    private static final int MAX_LINE = 256;
    private static final int MAX_BODY = 1024;
    private static final int MAX_BATCH = 4096;

    private final List<ByteBuf> bodies = new ArrayList<>();
    private EmbeddedChannel channel = newChannel();

    private static EmbeddedChannel newChannel() {
        return new EmbeddedChannel(new RequestFrameDecoder(MAX_LINE, MAX_BODY, MAX_BATCH));
    }

    @AfterEach
    void releaseBodies() {
        bodies.forEach(ByteBuf::release);
        channel.finishAndReleaseAll();
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Feeds {@code frame} whole and returns the one request decoded. */
    private Request decode(String frame) {
        return decode(frame.getBytes(StandardCharsets.UTF_8), false);
    }

    private Request decode(byte[] frame, boolean byteByByte) {
        channel = newChannel();
        if (byteByByte) {
            for (int i = 0; i < frame.length; i++) {
                channel.writeInbound(Unpooled.wrappedBuffer(frame, i, 1));
                if (i < frame.length - 1) {
                    assertThat(channel.<Object>readInbound()).as("frame complete after %d of %d bytes", i + 1,
                            frame.length).isNull();
                }
            }
        } else {
            channel.writeInbound(Unpooled.wrappedBuffer(frame));
        }
        Object msg = channel.readInbound();
        assertThat(msg).isInstanceOf(InboundRequest.class);
        assertThat(channel.<Object>readInbound()).isNull();
        InboundRequest in = (InboundRequest) msg;
        if (in.body() != null) {
            bodies.add(in.body());
        }
        return in.request();
    }

    /** Feeds a malformed frame and returns the error the decoder emitted. */
    private FrameException reject(String frame) {
        channel = newChannel();
        channel.writeInbound(Unpooled.copiedBuffer(frame, StandardCharsets.UTF_8));
        Object msg = channel.readInbound();
        assertThat(msg).as("decoder output for %s", frame).isInstanceOf(FrameException.class);
        assertThat(channel.config().isAutoRead()).isFalse();
        return (FrameException) msg;
    }

    @Test
    void put_withChecksum() {
        assertThat(decode("put t1 2 5 0 123 77\r\nhello"))
                .isEqualTo(new PutRequest("t1", 2, 0, 123, null, bytes("hello"), 77));
    }

    @Test
    void put_withChecksumAndTxKey() {
        assertThat(decode("put t1 -1 5 1 123 TX:sid:3 78\r\nhello"))
                .isEqualTo(new PutRequest("t1", -1, 1, 123, "TX:sid:3", bytes("hello"), 78));
    }

    @Test
    void put_legacySixTokens_hasNoChecksum() {
        assertThat(decode("put t1 0 5 0 79\r\nhello"))
                .isEqualTo(new PutRequest("t1", 0, 0, PutRequest.NO_CHECKSUM, null, bytes("hello"), 79));
    }

    @Test
    void put_legacySevenTokens_txKeyInsteadOfChecksum() {
        assertThat(decode("put t1 0 5 0 XID:1:ab:cd:q 80\r\nhello"))
                .isEqualTo(new PutRequest("t1", 0, 0, PutRequest.NO_CHECKSUM, "XID:1:ab:cd:q", bytes("hello"), 80));
    }

    @Test
    void put_sevenTokensNegativeChecksum() {
        assertThat(decode("put t1 0 5 0 -1 81\r\nhello"))
                .isEqualTo(new PutRequest("t1", 0, 0, -1, null, bytes("hello"), 81));
    }

    @Test
    void put_emptyBody() {
        assertThat(decode("put t1 0 0 0 0 82\r\n")).isEqualTo(new PutRequest("t1", 0, 0, 0, null, bytes(""), 82));
    }

    @Test
    void put_byteByByte_bodyWithCrlfInside() {
        byte[] frame = "put t1 3 8 0 5 83\r\nab\r\ncd\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(decode(frame, true)).isEqualTo(new PutRequest("t1", 3, 0, 5, null, bytes("ab\r\ncd\r\n"), 83));
    }

    @Test
    void get_sevenTokens() {
        assertThat(decode("get t1 g1 3 1024 1048576 84\r\n"))
                .isEqualTo(new GetRequest("t1", "g1", 3, 1024, 1048576, 0, 84));
    }

    @Test
    void get_longPoll_eightTokens() {
        assertThat(decode("get t1 g1 3 9223372036854775807 1048576 5000 85\r\n"))
                .isEqualTo(new GetRequest("t1", "g1", 3, Long.MAX_VALUE, 1048576, 5000, 85));
    }

    @Test
    void offset() {
        assertThat(decode("offset t1 g1 2 4096 86\r\n")).isEqualTo(new OffsetRequest("t1", "g1", 2, 4096, 86));
    }

    @Test
    void otime() {
        assertThat(decode("otime t1 2 1700000000123 97\r\n"))
                .isEqualTo(new OffsetForTimeRequest("t1", 2, 1_700_000_000_123L, 97));
    }

    @Test
    void otime_zeroAndNegativeTimes_meanEarliest() {
        assertThat(decode("otime t1 0 0 98\r\n")).isEqualTo(new OffsetForTimeRequest("t1", 0, 0, 98));
        assertThat(decode("otime t1 0 -9223372036854775808 99\r\n"))
                .isEqualTo(new OffsetForTimeRequest("t1", 0, Long.MIN_VALUE, 99));
    }

    @Test
    void otime_byteByByte() {
        byte[] frame = "otime t1 3 9223372036854775807 100\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(decode(frame, true)).isEqualTo(new OffsetForTimeRequest("t1", 3, Long.MAX_VALUE, 100));
    }

    @Test
    void admin_bodyIsTheJsonText() {
        String json = "{\"op\":\"create-topic\",\"topic\":\"t\",\"partitions\":4}";
        assertThat(decode("admin " + json.length() + " 101\r\n" + json)).isEqualTo(new AdminRequest(json, 101));
    }

    @Test
    void admin_byteByByte_multiByteUtf8AndCrlfInBody() {
        String json = "{\"op\":\"list-topics\",\r\n\"note\":\"\u00e9\u4e2d\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("admin " + body.length + " 102\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[head.length + body.length];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(body, 0, frame, head.length, body.length);
        assertThat(decode(frame, true)).isEqualTo(new AdminRequest(json, 102));
    }

    @Test
    void admin_emptyAndMaximalBodies_areFrames() {
        assertThat(decode("admin 0 103\r\n")).isEqualTo(new AdminRequest("", 103));
        String big = "x".repeat(AdminRequest.MAX_BODY_BYTES);
        assertThat(decode("admin " + big.length() + " 104\r\n" + big)).isEqualTo(new AdminRequest(big, 104));
    }

    @Test
    void admin_oversizeBody_isRejectedFromTheHeaderAlone() {
        FrameException e = reject("admin " + (AdminRequest.MAX_BODY_BYTES + 1) + " 105\r\n");
        assertThat(e.opaque()).isEqualTo(105);
        assertThat(e.getMessage()).isEqualTo("bodyLen 65537 in admin is outside [0, 65536]");
    }

    @Test
    void version_withOpaque() {
        assertThat(decode("version 87\r\n")).isEqualTo(new VersionRequest(87));
    }

    @Test
    void version_bare_hasMaxOpaque() {
        assertThat(decode("version\r\n")).isEqualTo(new VersionRequest(Integer.MAX_VALUE));
    }

    @Test
    void stats_withItem() {
        assertThat(decode("stats topics 88\r\n")).isEqualTo(new StatsRequest("topics", 88));
    }

    @Test
    void stats_twoSpaces_isEmptyItem() {
        assertThat(decode("stats  89\r\n")).isEqualTo(new StatsRequest("", 89));
    }

    @Test
    void quit() {
        assertThat(decode("quit\r\n")).isEqualTo(new QuitRequest());
    }

    @Test
    void transaction_fiveTokens() {
        assertThat(decode("transaction TX:sid:1 sid BEGIN 90\r\n"))
                .isEqualTo(new TransactionRequest("TX:sid:1", "sid", "BEGIN", 0, null, 90));
    }

    @Test
    void transaction_sixTokens_numericIsTimeout() {
        assertThat(decode("transaction TX:sid:1 sid BEGIN 30 91\r\n"))
                .isEqualTo(new TransactionRequest("TX:sid:1", "sid", "BEGIN", 30, null, 91));
    }

    @Test
    void transaction_sixTokens_otherIsUniqueQualifier() {
        assertThat(decode("transaction null sid RECOVER XAMessageProducer-host 92\r\n"))
                .isEqualTo(new TransactionRequest("null", "sid", "RECOVER", 0, "XAMessageProducer-host", 92));
    }

    @Test
    void transaction_sevenTokens() {
        assertThat(decode("transaction XID:1:ab:cd:q sid PREPARE 30 q 93\r\n"))
                .isEqualTo(new TransactionRequest("XID:1:ab:cd:q", "sid", "PREPARE", 30, "q", 93));
    }

    @Test
    void sync_withChecksum() {
        assertThat(decode("sync t1 1 5 0 -5468925145940754432 123 94\r\nhello"))
                .isEqualTo(new SyncRequest("t1", 1, 0, -5468925145940754432L, 123, bytes("hello"), 94));
    }

    @Test
    void sync_legacySevenTokens() {
        assertThat(decode("sync t1 1 5 0 42 95\r\nhello"))
                .isEqualTo(new SyncRequest("t1", 1, 0, 42, PutRequest.NO_CHECKSUM, bytes("hello"), 95));
    }

    @Test
    void bput_byteByByte() {
        ByteBuffer records = ByteBuffer.allocate(2 * 20 + 3 + 4);
        RecordFormat.write(records, 0, 0, bytes("abc"));
        RecordFormat.write(records, 0, 1, bytes("defg"));
        records.flip();
        byte[] head = ("bput t1 2 " + records.remaining() + " 2 96\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[head.length + records.remaining()];
        System.arraycopy(head, 0, frame, 0, head.length);
        records.duplicate().get(frame, head.length, records.remaining());
        assertThat(decode(frame, true)).isEqualTo(new BatchPutRequest("t1", 2, 2, records, 96));
    }

    @Test
    void pipelinedFrames_inOneBuffer_decodeInOrder() {
        channel.writeInbound(Unpooled.copiedBuffer("version 1\r\nput t 0 2 0 0 2\r\nhiget t g 0 0 10 3\r\nquit\r\n",
                StandardCharsets.UTF_8));
        List<Request> got = new ArrayList<>();
        for (Object m; (m = channel.readInbound()) != null; ) {
            InboundRequest in = (InboundRequest) m;
            if (in.body() != null) {
                bodies.add(in.body());
            }
            got.add(in.request());
        }
        assertThat(got).extracting(Request::command).containsExactly("version", "put", "get", "quit");
        assertThat(got.get(1).opaque()).isEqualTo(2);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "put t 0 x 0 0 7|7|bad bodyLen 'x' in put",
        "put t 0 5 0 7 8 9 10|10|expected 'put",
        "put t 0 -1 0 0 11|11|bodyLen -1 in put is outside [0, 1024]",
        "put t 0 1025 0 0 12|12|bodyLen 1025 in put is outside [0, 1024]",
        "get t g 0 0 10|10|expected 'get",
        "get t g zero 0 10 13|13|bad partition 'zero' in get",
        "get t g 0 0 10 -1 14|14|negative maxWaitMs",
        "offset t g 0 15|15|expected 'offset",
        "otime t 0 25|25|expected 'otime <topic> <partition> <timestampMs> <opaque>' but got 4 tokens",
        "otime t 0 5 6 26|26|expected 'otime <topic> <partition> <timestampMs> <opaque>' but got 6 tokens",
        "otime t p 5 27|27|bad partition 'p' in otime",
        "otime t 0 12ab 28|28|bad timestampMs '12ab' in otime",
        "otime t 0 9223372036854775808 29|29|bad timestampMs '9223372036854775808' in otime",
        "otime t 0 1.5 30|30|bad timestampMs '1.5' in otime",
        "otime t 0 5 x|0|bad opaque 'x' in otime",
        "otime t 0  32|32|bad timestampMs '' in otime",
        "otimes t 0 5 33|33|unknown command 'otimes'",
        "offsets t g 0 0 34|34|unknown command 'offsets'",
        "o 35|35|unknown command 'o'",
        "version 1 2|2|expected 'version",
        "stats 16|16|expected 'stats",
        "xyzzy 17|17|unknown command 'xyzzy'",
        "result 200 0 18|18|'result' is a response",
        "value 0 19|19|'value' is a response",
        "transaction k s NOPE 20|20|unknown transaction type 'NOPE'",
        "transaction k s BEGIN 1 2 3 4|4|expected 'transaction",
        "sing t 0 0 0 0 21|21|unknown command 'sing'",
        "bput t 0 10 1 22|22|bput count 1 does not fit a body of 10 bytes",
        "bput t 0 40 0 23|23|bput count 0",
        "bput t 0 4097 1 24|24|bodyLen 4097 in bput is outside [0, 4096]",
        "version abc|0|bad opaque 'abc' in version",
        "admin 2|2|expected 'admin <bodyLen> <opaque>' but got 2 tokens",
        "admin 2 3 4|4|expected 'admin <bodyLen> <opaque>' but got 4 tokens",
        "admin x 36|36|bad bodyLen 'x' in admin",
        "admin -1 37|37|bodyLen -1 in admin is outside [0, 65536]",
        "admin 2 y|0|bad opaque 'y' in admin",
        "administer 2 38|38|unknown command 'administer'",
        "a 39|39|unknown command 'a'",
    })
    void malformedLine_isRejectedWithItsOpaque(String line, int opaque, String reason) {
        FrameException e = reject(line + "\r\n");
        assertThat(e.getMessage()).contains(reason);
        assertThat(e.opaque()).isEqualTo(opaque);
    }

    @Test
    void emptyLine_isRejected() {
        assertThat(reject("\r\n").getMessage()).isEqualTo("empty command line");
    }

    @Test
    void bareLf_isRejected() {
        assertThat(reject("version 1\n").getMessage()).contains("CRLF");
    }

    @Test
    void oversizeLine_isRejectedWithoutWaitingForItsEnd() {
        FrameException e = reject("get " + "t".repeat(MAX_LINE));
        assertThat(e.getMessage()).contains("longer than " + MAX_LINE);
        assertThat(e.opaque()).isZero();
    }

    @Test
    void lineOfExactlyMaxLength_isAccepted() {
        String prefix = "stats ";
        String suffix = " 5";
        String item = "i".repeat(MAX_LINE - prefix.length() - suffix.length());
        assertThat(decode(prefix + item + suffix + "\r\n")).isEqualTo(new StatsRequest(item, 5));
    }

    @Test
    void oversizeBody_isRejectedFromTheHeaderAlone() {
        // only the line arrives: the decoder must not wait for (or buffer) the announced 2 GB
        FrameException e = reject("put t 0 2000000000 0 0 31\r\n");
        assertThat(e.opaque()).isEqualTo(31);
        assertThat(e.getMessage()).contains("bodyLen 2000000000");
    }

    @Test
    void afterMalformedFrame_laterInputIsDiscarded() {
        channel.writeInbound(Unpooled.copiedBuffer("bogus 1\r\nversion 2\r\n", StandardCharsets.UTF_8));
        assertThat(channel.<Object>readInbound()).isInstanceOf(FrameException.class);
        channel.writeInbound(Unpooled.copiedBuffer("version 3\r\n", StandardCharsets.UTF_8));
        assertThat(channel.<Object>readInbound()).isNull();
    }
}
