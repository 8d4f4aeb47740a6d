package io.metaq.client;

import io.metaq.api.Message;
import java.util.concurrent.CompletableFuture;

/**
 * Sends messages. Thread-safe: share one producer between threads. Messages for one partition are
 * gathered into batches (see {@link ProducerConfig}) and pipelined on one connection per broker.
 * Futures complete on the client's I/O threads: work attached to them must not block (use the
 * {@code ...Async} forms of {@link CompletableFuture} for that).
 */
public interface Producer extends AutoCloseable {
    /** Sends and waits for the broker's acknowledgement (durable under the topic's flush policy). */
    SendResult send(Message message);

    /** Sends with a key: messages with equal keys go to the same partition under the key-hash selector. */
    SendResult send(Message message, String key);

    /**
     * Queues a message; the future completes when the broker has acknowledged it or fails with a
     * {@link ClientException} once retries are exhausted. Blocks only when the producer's buffer is full
     * (back-pressure), up to {@link ProducerConfig#maxBlockMs()}, then throws {@link ClientException}.
     */
    CompletableFuture<SendResult> sendAsync(Message message);

    /** {@link #sendAsync(Message)} with a key for the partition selector. */
    CompletableFuture<SendResult> sendAsync(Message message, String key);

    /** Sends everything queued now and waits for the answers. */
    void flush();

    /** Flushes, then releases the producer. */
    @Override
    void close();
}
