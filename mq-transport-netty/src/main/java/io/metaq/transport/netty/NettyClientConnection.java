package io.metaq.transport.netty;

import static java.util.Objects.requireNonNull;

import io.metaq.api.MqException;
import io.metaq.spi.transport.ClientConnection;
import io.metaq.spi.transport.Request;
import io.metaq.spi.transport.Response;
import io.metaq.spi.transport.ValueResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pipelined client connection. Each request gets the next opaque of an {@link AtomicInteger} and a
 * slot in the in-flight map; the response with that opaque completes it. A request not answered within
 * its timeout fails with {@link TimeoutException}; when the connection closes every request in flight
 * fails with an {@link MqException}. Requests the broker never answers ({@code quit},
 * {@code transaction ... END}) complete with {@code null} once written. Futures are completed on the
 * connection's event-loop thread: dependent work that blocks should use the {@code ...Async} methods.
 * Frames are written in the order of the {@code send} calls, whichever threads make them. Thread-safe.
 */
final class NettyClientConnection implements ClientConnection {
    private static final Logger LOG = LoggerFactory.getLogger(NettyClientConnection.class);

    private final Channel channel;
    private final AtomicInteger opaques = new AtomicInteger();
    private final Map<Integer, InFlight> inFlight = new ConcurrentHashMap<>();
    private volatile Throwable closeCause;

    private record InFlight(CompletableFuture<Response> future, String command, ScheduledFuture<?>[] timeout) {
    }

    NettyClientConnection(Channel channel) {
        this.channel = channel;
    }

    @Override
    public CompletableFuture<Response> send(Request request, long timeoutMs) {
        requireNonNull(request, "request is null");
        CompletableFuture<Response> future = new CompletableFuture<>();
        if (!channel.isActive()) {
            future.completeExceptionally(closedException());
            return future;
        }
        boolean answered = RequestEncoder.expectsResponse(request);
        int opaque = answered ? register(future, request.command()) : 0;
        ByteBuf frame;
        try {
            frame = RequestEncoder.encode(channel.alloc(), request, opaque);
        } catch (RuntimeException e) {
            if (answered) {
                fail(opaque, e);
            }
            future.completeExceptionally(e);
            return future;
        }
        if (answered && timeoutMs > 0) {
            scheduleTimeout(opaque, timeoutMs);
        }
        if (channel.eventLoop().inEventLoop()) {
            // A write made here would overtake the frames of send calls that other threads made before this
            // one (Netty queues those as tasks): queue it behind them, so frames leave in call order.
            try {
                channel.eventLoop().execute(() -> write(request, frame, answered, opaque, future));
            } catch (RejectedExecutionException e) {
                frame.release();
                if (answered) {
                    fail(opaque, closedException());
                }
                future.completeExceptionally(closedException());
                return future;
            }
        } else {
            write(request, frame, answered, opaque, future);
        }
        if (answered && !channel.isActive()) {
            fail(opaque, closedException()); // closed between the check and the registration
        }
        return future;
    }

    private void write(Request request, ByteBuf frame, boolean answered, int opaque,
            CompletableFuture<Response> future) {
        channel.writeAndFlush(frame).addListener(w -> {
            if (!w.isSuccess()) {
                MqException e = new MqException("cannot send " + request.command() + " to "
                        + channel.remoteAddress() + ": " + w.cause(), w.cause());
                if (answered) {
                    fail(opaque, e);
                }
                future.completeExceptionally(e);
            } else if (!answered) {
                future.complete(null);
            }
        });
    }

    /** Picks a free opaque (skipping any still in flight after wrap-around) and registers the future. */
    private int register(CompletableFuture<Response> future, String command) {
        InFlight slot = new InFlight(future, command, new ScheduledFuture<?>[1]);
        while (true) {
            int opaque = opaques.incrementAndGet();
            if (inFlight.putIfAbsent(opaque, slot) == null) {
                return opaque;
            }
        }
    }

    private void scheduleTimeout(int opaque, long timeoutMs) {
        InFlight slot = inFlight.get(opaque);
        if (slot == null) {
            return;
        }
        try {
            slot.timeout[0] = channel.eventLoop().schedule(() -> {
                InFlight s = inFlight.remove(opaque);
                if (s != null) {
                    s.future.completeExceptionally(new TimeoutException("no response to " + s.command + " (opaque "
                            + opaque + ") from " + channel.remoteAddress() + " within " + timeoutMs + " ms"));
                }
            }, timeoutMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            fail(opaque, closedException());
        }
    }

    /** Called on the event loop for every decoded response. */
    void onResponse(Response response) {
        InFlight slot = inFlight.remove(response.opaque());
        if (slot == null) {
            LOG.debug("response for unknown or expired opaque {} from {} dropped", response.opaque(),
                    channel.remoteAddress());
            discard(response);
            return;
        }
        ScheduledFuture<?> t = slot.timeout[0];
        if (t != null) {
            t.cancel(false);
        }
        if (!slot.future.complete(response)) {
            discard(response);
        }
    }

    /** Called on the event loop when the channel closes; fails everything in flight. */
    void onClose() {
        Throwable e = closedException();
        for (Integer opaque : inFlight.keySet()) {
            fail(opaque, e);
        }
    }

    void closeWithCause(Throwable cause) {
        if (closeCause == null) {
            closeCause = cause;
        }
        channel.close();
    }

    private void fail(int opaque, Throwable e) {
        InFlight slot = inFlight.remove(opaque);
        if (slot != null) {
            ScheduledFuture<?> t = slot.timeout[0];
            if (t != null) {
                t.cancel(false);
            }
            slot.future.completeExceptionally(e);
        }
    }

    private MqException closedException() {
        Throwable cause = closeCause;
        return cause == null ? new MqException("connection to " + channel.remoteAddress() + " is closed")
                : new MqException("connection to " + channel.remoteAddress() + " closed: " + cause.getMessage(), cause);
    }

    private static void discard(Response response) {
        if (response instanceof ValueResponse v) {
            v.records().close();
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close();
        onClose();
    }

    @Override
    public String toString() {
        return "connection to " + channel.remoteAddress();
    }
}
