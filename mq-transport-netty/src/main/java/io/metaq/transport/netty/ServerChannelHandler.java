package io.metaq.transport.netty;

import io.metaq.spi.transport.QuitRequest;
import io.metaq.spi.transport.Request;
import io.metaq.spi.transport.RequestHandler;
import io.metaq.spi.transport.ResultResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a server channel: hands each decoded request to the {@link RequestHandler} on the
 * event loop, in order; answers a malformed frame with {@code result 400} and closes; closes on
 * {@code quit} and on idle timeout; stops reading while the channel is not writable, so a client that
 * does not read its responses cannot make the broker queue unbounded output. One instance per channel.
 */
final class ServerChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ServerChannelHandler.class);

    private final RequestHandler handler;
    private final NettyConnection connection;
    /** Set once the connection is being closed on purpose (quit, bad frame): read nothing more. */
    private boolean closing;
    private boolean opened;

    ServerChannelHandler(RequestHandler handler, NettyConnection connection) {
        this.handler = handler;
        this.connection = connection;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        opened = true;
        try {
            handler.connectionOpened(connection);
        } catch (RuntimeException e) {
            LOG.warn("connectionOpened failed for {}", connection, e);
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (opened) {
            try {
                handler.connectionClosed(connection);
            } catch (RuntimeException e) {
                LOG.warn("connectionClosed failed for {}", connection, e);
            }
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof InboundRequest in) {
            dispatch(ctx, in);
        } else if (msg instanceof FrameException e) {
            reject(ctx, e);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void dispatch(ChannelHandlerContext ctx, InboundRequest in) {
        Request request = in.request();
        if (closing) {
            if (in.body() != null) {
                in.body().release();
            }
            return;
        }
        ChannelResponder responder = new ChannelResponder(ctx.channel(), in.body());
        try {
            handler.handle(connection, request, responder);
        } catch (RuntimeException e) {
            LOG.warn("handler failed on {} from {}", request.command(), connection, e);
            responder.respond(ResultResponse.of(ResultResponse.INTERNAL_ERROR,
                    "internal error in " + request.command() + ": " + e, request.opaque()));
        }
        if (request instanceof QuitRequest) {
            closing = true;
            ctx.channel().config().setAutoRead(false);
            // flush what earlier requests wrote (a flush may be held back by consolidation), then close
            ctx.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void reject(ChannelHandlerContext ctx, FrameException e) {
        if (closing) {
            return; // after quit: nothing more is answered
        }
        closing = true;
        LOG.debug("malformed frame from {}: {}; closing the connection", connection, e.getMessage());
        byte[] reason = e.getMessage().getBytes(StandardCharsets.UTF_8);
        ctx.channel().writeAndFlush(ResponseEncoder.result(ctx.alloc(), ResultResponse.BAD_REQUEST, reason, e.opaque()))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (!closing) {
            ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            LOG.debug("closing idle {}", connection);
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("I/O error on {}: {}", connection, cause.toString());
        } else {
            LOG.warn("error on {}; closing it", connection, cause);
        }
        ctx.close();
    }
}
