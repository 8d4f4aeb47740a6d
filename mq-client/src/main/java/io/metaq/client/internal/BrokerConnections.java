package io.metaq.client.internal;

import io.metaq.client.ClientException;
import io.metaq.spi.transport.ClientConnection;
import io.metaq.spi.transport.ClientTransport;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pipelined connection per broker URL, shared by every producer and consumer of a client. A
 * connection that broke is replaced on the next request; a failed connect is not retried for a short
 * pause, so a dead broker costs a fast failure, not a connect storm. Thread-safe.
 */
public final class BrokerConnections implements AutoCloseable {
    private static final long RECONNECT_PAUSE_MS = 200;

    private final ClientTransport transport;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private record Slot(CompletableFuture<ClientConnection> connection, long startedNanos) {
    }

    public BrokerConnections(ClientTransport transport) {
        this.transport = transport;
    }

    /** The connection to {@code url} ({@code meta://host:port}), connecting when there is none. */
    public CompletableFuture<ClientConnection> get(String url) {
        if (closed) {
            return CompletableFuture.failedFuture(new ClientException("client is closed"));
        }
        Slot slot = slots.compute(url, (u, s) -> usable(s) ? s : connect(u));
        return slot.connection;
    }

    private static boolean usable(Slot s) {
        if (s == null) {
            return false;
        }
        CompletableFuture<ClientConnection> f = s.connection;
        if (!f.isDone()) {
            return true;
        }
        if (f.isCompletedExceptionally()) {
            return System.nanoTime() - s.startedNanos < RECONNECT_PAUSE_MS * 1_000_000;
        }
        return f.join().isOpen();
    }

    private Slot connect(String url) {
        CompletableFuture<ClientConnection> f;
        try {
            f = transport.connect(ClusterView.address(url));
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        Slot old = slots.get(url);
        if (old != null && old.connection.isDone() && !old.connection.isCompletedExceptionally()) {
            old.connection.join().close();
        }
        return new Slot(f, System.nanoTime());
    }

    @Override
    public void close() {
        closed = true;
        for (Slot s : slots.values()) {
            s.connection.thenAccept(ClientConnection::close);
        }
        slots.clear();
    }
}
