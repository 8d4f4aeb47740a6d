package io.metaq.spi.transport;

import java.util.concurrent.CompletableFuture;

/**
 * A pipelined connection to one broker: many requests in flight, responses matched by opaque (the
 * connection assigns opaques; the one in the request is replaced). Thread-safe. The owner closes it;
 * requests in flight then fail.
 */
public interface ClientConnection extends AutoCloseable {
    /**
     * Sends a request. Requests are written in the order of the calls (a call that happens before another,
     * on any threads, is written first), so a producer's pipelined batches keep their order.
     *
     * @return the response, or fails with a timeout after {@code timeoutMs} or when the connection
     *     breaks; a {@link ValueResponse}'s view must be closed by the caller
     */
    CompletableFuture<Response> send(Request request, long timeoutMs);

    boolean isOpen();

    @Override
    void close();
}
