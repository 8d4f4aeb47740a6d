package io.metaq.transport.netty;

import io.metaq.spi.transport.Response;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes decoded responses and channel closure to the {@link NettyClientConnection}. One per channel. */
final class ClientChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientChannelHandler.class);

    private final NettyClientConnection connection;

    ClientChannelHandler(NettyClientConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Response r) {
            connection.onResponse(r);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        connection.onClose();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof FrameException) {
            LOG.warn("malformed response from {}: {}; closing the connection", ctx.channel().remoteAddress(),
                    c.getMessage());
        } else if (!(c instanceof IOException)) {
            LOG.warn("error on {}; closing it", connection, c);
        }
        connection.closeWithCause(c);
    }
}
