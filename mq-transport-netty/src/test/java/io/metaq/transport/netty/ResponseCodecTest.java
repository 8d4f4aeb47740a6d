package io.metaq.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.spi.store.BufferView;
import io.metaq.spi.store.FileRegionView;
import io.metaq.spi.transport.Response;
import io.metaq.spi.transport.ResultResponse;
import io.metaq.spi.transport.ValueResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-side response encoding and client-side response decoding. */
class ResponseCodecTest {
    @TempDir
    Path dir;

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** The bytes of encoded messages as a socket would send them. */
    private static String wire(Object... messages) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WritableByteChannel ch = Channels.newChannel(out);
        for (Object m : messages) {
            if (m instanceof ByteBuf b) {
                b.getBytes(b.readerIndex(), out, b.readableBytes());
            } else {
                FileRegion r = (FileRegion) m;
                while (r.transferred() < r.count()) {
                    r.transferTo(ch, r.transferred());
                }
            }
        }
        return ascii(out.toByteArray());
    }

    private static void release(Object... messages) {
        for (Object m : messages) {
            io.netty.util.ReferenceCountUtil.release(m);
        }
    }

    @Test
    void result_withBody() throws Exception {
        Object[] m = ResponseEncoder.encode(ByteBufAllocator.DEFAULT, ResultResponse.of(200, "42 1 1024", -3));
        assertThat(wire(m)).isEqualTo("result 200 9 -3\r\n42 1 1024");
        release(m);
    }

    @Test
    void result_emptyBody() throws Exception {
        Object[] m = ResponseEncoder.encode(ByteBufAllocator.DEFAULT, ResultResponse.of(404, null, 5));
        assertThat(wire(m)).isEqualTo("result 404 0 5\r\n");
        release(m);
    }

    @Test
    void value_fromBufferView_isOneMessage_closingTheViewOnRelease() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        BufferView view = new BufferView(0, ByteBuffer.wrap("records".getBytes()).asReadOnlyBuffer(),
                closes::incrementAndGet);
        Object[] m = ResponseEncoder.encode(ByteBufAllocator.DEFAULT, new ValueResponse(view, 7));
        assertThat(m).hasSize(1);
        assertThat(wire(m)).isEqualTo("value 7 7\r\nrecords");
        assertThat(closes).hasValue(0);
        release(m);
        assertThat(closes).hasValue(1);
    }

    @Test
    void value_fromFileRegionView_isHeaderAndRegion_closingTheViewButNotTheChannel() throws Exception {
        Path file = dir.resolve("seg");
        Files.writeString(file, "0123456789abcdef");
        AtomicInteger closes = new AtomicInteger();
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ)) {
            FileRegionView view = new FileRegionView(100, fc, 4, 6, closes::incrementAndGet);
            Object[] m = ResponseEncoder.encode(ByteBufAllocator.DEFAULT, new ValueResponse(view, 8));
            assertThat(m).hasSize(2);
            assertThat(m[1]).isInstanceOf(FileRegion.class);
            assertThat(wire(m)).isEqualTo("value 6 8\r\n456789");
            release(m);
            assertThat(closes).hasValue(1);
            assertThat(fc.isOpen()).as("store channel stays open").isTrue();
        }
    }

    @Test
    void value_ofClosedView_failsAndStaysClosedOnce() {
        AtomicInteger closes = new AtomicInteger();
        BufferView view = new BufferView(0, ByteBuffer.allocate(3).asReadOnlyBuffer(), closes::incrementAndGet);
        view.close();
        Assertions.assertThatThrownBy(() -> ResponseEncoder.encode(ByteBufAllocator.DEFAULT, new ValueResponse(view, 1)))
                .isInstanceOf(RuntimeException.class);
        assertThat(closes).hasValue(1);
    }

    @Test
    void decoder_resultAndValue_byteByByte() {
        EmbeddedChannel ch = new EmbeddedChannel(new ResponseFrameDecoder(128, 1024));
        byte[] wire = "result 200 9 3\r\n42 1 1024value 5 -4\r\nab\r\ncresult 404 0 5\r\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : wire) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        ResultResponse r1 = ch.readInbound();
        assertThat(r1.code()).isEqualTo(200);
        assertThat(r1.text()).isEqualTo("42 1 1024");
        assertThat(r1.opaque()).isEqualTo(3);
        ValueResponse v = ch.readInbound();
        assertThat(v.opaque()).isEqualTo(-4);
        assertThat(ascii(bytesOf(v.records().toByteBuffer()))).isEqualTo("ab\r\nc");
        v.records().close();
        ResultResponse r3 = ch.readInbound();
        assertThat(r3.code()).isEqualTo(404);
        assertThat(r3.body()).isEmpty();
        Response none = ch.readInbound();
        assertThat(none).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void decoder_oversizeValue_failsBeforeBuffering() {
        EmbeddedChannel ch = new EmbeddedChannel(new ResponseFrameDecoder(128, 1024));
        Assertions.assertThatThrownBy(() -> ch.writeInbound(Unpooled.copiedBuffer("value 1025 1\r\n",
                StandardCharsets.UTF_8))).isInstanceOf(DecoderException.class)
                .hasCauseInstanceOf(FrameException.class).hasMessageContaining("1025");
        ch.finishAndReleaseAll();
    }

    @Test
    void decoder_garbageLine_fails() {
        EmbeddedChannel ch = new EmbeddedChannel(new ResponseFrameDecoder(128, 1024));
        Assertions.assertThatThrownBy(() -> ch.writeInbound(Unpooled.copiedBuffer("hello 1\r\n",
                StandardCharsets.UTF_8))).hasCauseInstanceOf(FrameException.class);
        ch.finishAndReleaseAll();
    }

    private static byte[] bytesOf(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
