package io.metaq.transport.netty;

import static java.util.Objects.requireNonNull;

import io.metaq.spi.transport.Responder;
import io.metaq.spi.transport.Response;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one request on one channel. Callable from any thread; only the first call counts (a later
 * response is dropped and its view closed). Answering releases the request's body buffer. The response
 * is encoded and written on the channel's event loop in a single task, so the header and the zero-copy
 * part of a {@code value} cannot be separated by another response; a response for a closed channel, or
 * one whose task the stopped event loop refuses, is dropped with its view closed.
 */
final class ChannelResponder implements Responder {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelResponder.class);

    private final Channel channel;
    private final ByteBuf body;
    private final AtomicBoolean done = new AtomicBoolean();

    /** @param body the request's body buffer to release on answer, or null */
    ChannelResponder(Channel channel, ByteBuf body) {
        this.channel = channel;
        this.body = body;
    }

    @Override
    public void respond(Response response) {
        requireNonNull(response, "response is null");
        if (!done.compareAndSet(false, true)) {
            LOG.debug("second response for opaque {} on {} ignored", response.opaque(), channel);
            ResponseEncoder.discard(response);
            return;
        }
        if (body != null) {
            body.release();
        }
        if (!channel.isActive()) {
            ResponseEncoder.discard(response);
            return;
        }
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            write(response);
            return;
        }
        try {
            loop.execute(() -> write(response));
        } catch (RejectedExecutionException e) {
            ResponseEncoder.discard(response);
        }
    }

    /** Called on the event loop. Netty releases (and so closes views of) messages it cannot write. */
    private void write(Response response) {
        Object[] messages;
        try {
            messages = ResponseEncoder.encode(channel.alloc(), response);
        } catch (RuntimeException e) {
            LOG.warn("cannot encode response {} on {}; closing the connection", response, channel, e);
            channel.close();
            return;
        }
        for (Object m : messages) {
            channel.write(m);
        }
        channel.flush();
    }

    boolean isDone() {
        return done.get();
    }
}
