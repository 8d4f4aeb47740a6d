package io.metaq.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.spi.store.BufferView;
import io.metaq.spi.transport.ResultResponse;
import io.metaq.spi.transport.ValueResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Body release and view closing by the responder, whatever state the channel is in. */
class ChannelResponderTest {
    private final AtomicInteger closes = new AtomicInteger();

    private BufferView view() {
        return new BufferView(0, ByteBuffer.wrap("rec".getBytes()).asReadOnlyBuffer(), closes::incrementAndGet);
    }

    @Test
    void respond_releasesTheRequestBody_andWritesTheResponse() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ByteBuf body = Unpooled.buffer(4).writeInt(1);
        new ChannelResponder(ch, body).respond(ResultResponse.of(200, "ok", 9));
        assertThat(body.refCnt()).isZero();
        ByteBuf out = ch.readOutbound();
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("result 200 2 9\r\nok");
        out.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void respond_onClosedChannel_releasesBody_andClosesView() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.close();
        ByteBuf body = Unpooled.buffer(4).writeInt(1);
        new ChannelResponder(ch, body).respond(new ValueResponse(view(), 1));
        assertThat(body.refCnt()).isZero();
        assertThat(closes).hasValue(1);
    }

    @Test
    void value_closesTheViewOnceWritten() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ChannelResponder r = new ChannelResponder(ch, null);
        r.respond(new ValueResponse(view(), 3));
        ByteBuf out = ch.readOutbound();
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("value 3 3\r\nrec");
        assertThat(closes).hasValue(0); // still owned by the outbound message
        out.release();
        assertThat(closes).hasValue(1);
        r.respond(new ValueResponse(view(), 3)); // a second answer is dropped, its view closed
        assertThat(closes).hasValue(2);
        assertThat(ch.<Object>readOutbound()).isNull();
        ch.finishAndReleaseAll();
    }
}
