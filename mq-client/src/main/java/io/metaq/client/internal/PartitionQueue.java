package io.metaq.client.internal;

import io.metaq.client.ClientException;
import io.metaq.client.Partition;
import io.metaq.client.SendFailedException;
import io.metaq.client.SendResult;
import io.metaq.spi.transport.BatchPutRequest;
import io.metaq.spi.transport.ResultResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches of one partition: messages gather in an open batch, which is sent when it is full,
 * when its linger time is up, or, with no linger, as soon as fewer than the allowed number of
 * requests are in flight; so under load batches grow by themselves while an idle producer sends each
 * message at once. A batch that failed for a transient reason (connection, timeout, 403/503/504) is
 * re-sent after a back-off, up to the retry limit. Thread-safe; sending happens outside the lock.
 */
final class PartitionQueue {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionQueue.class);

    private final String topic;
    private final int brokerId;
    /** The partition index on the broker, or -1 to let the broker choose (a topic not yet published). */
    private final int partition;
    private final ProducerContext ctx;
    private final ArrayDeque<RecordBatch> ready = new ArrayDeque<>();
    private final Set<RecordBatch> unacknowledged = new HashSet<>();
    private RecordBatch open;
    private int inFlight;
    private ScheduledFuture<?> lingerTimer;
    /**
     * Completes once the batch taken for sending last has been handed to its connection. Each send waits
     * for the one taken before it, so batches leave in the order they were taken even when several wait for
     * the same connection to open (a future's dependents run in reverse order) or are sent from different
     * threads.
     */
    private CompletableFuture<Void> lastHandedOver = CompletableFuture.completedFuture(null);

    /** A batch taken for sending: it may be handed to the connection once {@code after} is complete. */
    private record Outgoing(RecordBatch batch, CompletableFuture<Void> after, CompletableFuture<Void> handedOver) {
    }

    PartitionQueue(String topic, int brokerId, int partition, ProducerContext ctx) {
        this.topic = topic;
        this.brokerId = brokerId;
        this.partition = partition;
        this.ctx = ctx;
    }

    void append(byte[] data, byte[] attribute, int size, CompletableFuture<SendResult> future) {
        List<Outgoing> toSend;
        synchronized (this) {
            if (open != null && !open.tryAppend(data, attribute, size, future)) {
                ready.add(open);
                open = null;
            }
            if (open == null) {
                open = new RecordBatch(ctx.config().batchBytes(), size, ctx.buffers());
                unacknowledged.add(open);
                open.tryAppend(data, attribute, size, future);
            }
            if (open.isFull()) {
                ready.add(open);
                open = null;
            }
            toSend = takeSendable(false);
            if (open != null && ctx.config().lingerMs() > 0 && lingerTimer == null) {
                lingerTimer = ctx.scheduler().schedule(this::lingerExpired, ctx.config().lingerMs(),
                        TimeUnit.MILLISECONDS);
            }
        }
        sendAll(toSend);
    }

    private void lingerExpired() {
        List<Outgoing> toSend;
        synchronized (this) {
            lingerTimer = null;
            toSend = takeSendable(false);
            if (open != null) {
                long left = ctx.config().lingerMs() - TimeUnit.NANOSECONDS.toMillis(open.ageNanos());
                lingerTimer = ctx.scheduler().schedule(this::lingerExpired, Math.max(1, left), TimeUnit.MILLISECONDS);
            }
        }
        sendAll(toSend);
    }

    /** Sends everything gathered now (linger or not) and returns a future for when all is answered. */
    CompletableFuture<Void> flush() {
        List<Outgoing> toSend;
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        synchronized (this) {
            if (open != null) {
                ready.add(open);
                open = null;
            }
            toSend = takeSendable(true);
            for (RecordBatch b : unacknowledged) {
                pending.add(b.done());
            }
        }
        sendAll(toSend);
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    }

    /** Batches to send now within the in-flight window; the caller holds the lock. */
    private List<Outgoing> takeSendable(boolean force) {
        List<Outgoing> out = null;
        while (inFlight < ctx.config().maxInFlightPerPartition()) {
            RecordBatch b = ready.poll();
            if (b == null && open != null && (force || lingerDone(open))) {
                b = open;
                open = null;
            }
            if (b == null) {
                break;
            }
            if (out == null) {
                out = new ArrayList<>(2);
            }
            out.add(ticket(b));
            inFlight++;
        }
        return out == null ? List.of() : out;
    }

    private boolean lingerDone(RecordBatch b) {
        long linger = ctx.config().lingerMs();
        return linger == 0 || b.ageNanos() >= TimeUnit.MILLISECONDS.toNanos(linger);
    }

    /** Puts a batch in the send order; the caller holds the lock. */
    private Outgoing ticket(RecordBatch b) {
        Outgoing o = new Outgoing(b, lastHandedOver, new CompletableFuture<>());
        lastHandedOver = o.handedOver();
        return o;
    }

    private void sendAll(List<Outgoing> batches) {
        for (Outgoing b : batches) {
            send(b);
        }
    }

    private void resend(RecordBatch batch) {
        Outgoing o;
        synchronized (this) {
            o = ticket(batch);
        }
        send(o);
    }

    private void send(Outgoing o) {
        RecordBatch batch = o.batch();
        batch.nextAttempt();
        String url = ctx.cluster().brokerUrl(brokerId).orElse(null);
        if (url == null) {
            o.handedOver().complete(null);
            completed(batch, null, new ClientException("broker " + brokerId + " is not registered in ZooKeeper"));
            return;
        }
        BatchPutRequest request = new BatchPutRequest(topic, partition, batch.count(), batch.records(), 0);
        CompletableFuture<io.metaq.spi.transport.ClientConnection> connection = ctx.connections().get(url);
        o.after().thenCompose(v -> connection)
                .thenCompose(c -> {
                    try {
                        return c.send(request, ctx.config().requestTimeoutMs());
                    } finally {
                        o.handedOver().complete(null);
                    }
                })
                .whenComplete((response, error) -> {
                    o.handedOver().complete(null); // when the connection failed
                    if (error == null && !(response instanceof ResultResponse)) {
                        if (response instanceof io.metaq.spi.transport.ValueResponse v) {
                            v.records().close();
                        }
                        completed(batch, null, new ClientException("unexpected answer to bput: " + response));
                    } else {
                        completed(batch, (ResultResponse) response, error);
                    }
                });
    }

    private void completed(RecordBatch batch, ResultResponse response, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null && response.code() == ResultResponse.OK) {
            acknowledged(batch, response);
            return;
        }
        int code = cause == null ? response.code() : 0;
        String reason = cause == null ? "broker answered " + code + ": " + response.text() : cause.toString();
        if (retriable(code, cause) && batch.nextAttemptAllowed(ctx.config().retries())) {
            long backoff = ctx.config().retryBackoffMs() << Math.min(10, batch.attempts() - 1);
            LOG.debug("{}-{} on broker {}: retrying a batch of {} in {} ms after: {}", topic, partition, brokerId,
                    batch.count(), backoff, reason);
            ctx.scheduler().schedule(() -> resend(batch), backoff, TimeUnit.MILLISECONDS);
            return;
        }
        finish(batch, () -> batch.failed(new SendFailedException(code, "sending " + batch.count() + " message(s) to "
                + topic + " " + (partition < 0 ? "broker " + brokerId : brokerId + "-" + partition) + " failed after "
                + batch.attempts() + " attempt(s): " + reason, cause)));
    }

    private void acknowledged(RecordBatch batch, ResultResponse response) {
        String[] t = response.text().trim().split(" ");
        long firstId;
        int usedPartition;
        long firstOffset;
        try {
            firstId = Long.parseLong(t[0]);
            usedPartition = Integer.parseInt(t[1]);
            firstOffset = Long.parseLong(t[2]);
        } catch (RuntimeException e) {
            finish(batch, () -> batch.failed(new SendFailedException(ResultResponse.OK,
                    "unparseable acknowledgement '" + response.text() + "' from broker " + brokerId, e)));
            return;
        }
        finish(batch, () -> batch.succeeded(topic, new Partition(brokerId, usedPartition), firstId, firstOffset));
    }

    private void finish(RecordBatch batch, Runnable complete) {
        List<Outgoing> toSend;
        synchronized (this) {
            inFlight--;
            unacknowledged.remove(batch);
            toSend = takeSendable(false);
        }
        ctx.budget().release(batch.bytes());
        complete.run();
        sendAll(toSend);
    }

    private static boolean retriable(int code, Throwable cause) {
        if (cause != null) {
            return cause instanceof TimeoutException || cause instanceof ClientException
                    || cause instanceof java.io.IOException || cause instanceof io.metaq.api.MqException;
        }
        return code == ResultResponse.FORBIDDEN || code == ResultResponse.SERVICE_UNAVAILABLE
                || code == ResultResponse.GATEWAY_TIMEOUT;
    }
}
