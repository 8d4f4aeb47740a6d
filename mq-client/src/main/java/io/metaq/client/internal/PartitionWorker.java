package io.metaq.client.internal;

import io.metaq.client.ClientException;
import io.metaq.client.ConsumerConfig;
import io.metaq.client.MessageListener;
import io.metaq.client.Partition;
import io.metaq.client.ReceivedMessage;
import io.metaq.client.StartPosition;
import io.metaq.spi.transport.GetRequest;
import io.metaq.spi.transport.OffsetForTimeRequest;
import io.metaq.spi.transport.OffsetRequest;
import io.metaq.spi.transport.Request;
import io.metaq.spi.transport.Response;
import io.metaq.spi.transport.ResultResponse;
import io.metaq.spi.transport.ValueResponse;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one partition for a consumer and hands its messages to the listener, in offset order. One
 * fetch is in flight at a time, and the next one leaves as soon as a batch arrives (while at most two
 * batches wait for the listener), so fetching overlaps delivery. Fetches are long polls, so a new
 * message is answered as soon as the broker appends it. A listener failure is retried, then the
 * message goes to the dead-letter handler; the partition moves past a message only once it was
 * handled. {@link #seek} bumps a generation so answers already on their way are dropped; {@link #stop}
 * drops them by the stopped flag, and a message whose listener call was running when it stopped
 * still counts as consumed (so the position committed after the stop is past it). Thread-safe.
 */
final class PartitionWorker {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionWorker.class);
    private static final int MAX_QUEUED_BATCHES = 2;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final String topic;
    private final Partition partition;
    private final ListenerInvoker invoker;
    private final ConsumerContext ctx;
    private final ConsumerConfig config;
    /** Told the resolved start offset of a partition that had none committed. */
    private final LongConsumer startResolved;
    private final ArrayDeque<Batch> queue = new ArrayDeque<>();

    // guarded by this
    private boolean started;
    private boolean stopped;
    private boolean fetching;
    /** The generation the request in flight was sent for. */
    private int fetchGeneration;
    private boolean delivering;
    private int generation;
    private long fetchOffset = -1;
    private int maxBytes;
    private int failures;
    private long consumedOffset = -1;
    private long lastId = -1;

    /**
     * A fetched slice. It arrives as the raw answer and is parsed by the delivering thread, so the I/O
     * thread only finds where the next fetch starts and sends it; parsing (checksums, copies) then
     * runs beside the next fetch. The raw answer is a pooled network buffer: it is released by the
     * parse or by {@link #discard()}, whichever comes first, never both and never during the other.
     */
    private final class Batch {
        final int generation;
        private final long offset;
        private io.metaq.spi.store.ReadView raw;
        private List<ReceivedMessage> messages;
        int next;

        Batch(io.metaq.spi.store.ReadView raw, long offset, int generation) {
            this.raw = raw;
            this.offset = offset;
            this.generation = generation;
        }

        synchronized List<ReceivedMessage> messages() {
            if (messages == null) {
                if (raw == null) {
                    messages = List.of(); // discarded before it was parsed
                } else {
                    try {
                        messages = RecordParser.parse(topic, partition, offset, raw.toByteBuffer()).messages();
                    } finally {
                        raw.close();
                        raw = null;
                    }
                }
            }
            return messages;
        }

        synchronized void discard() {
            if (raw != null) {
                raw.close();
                raw = null;
            }
        }
    }

    /** Drops every waiting batch, releasing their buffers; holds the lock. */
    private void clearQueue() {
        for (Batch b : queue) {
            b.discard();
        }
        queue.clear();
    }

    PartitionWorker(String topic, Partition partition, MessageListener listener, ConsumerContext ctx,
            LongConsumer startResolved) {
        this.topic = topic;
        this.partition = partition;
        this.invoker = new ListenerInvoker(listener, ctx.config(), ctx.deadLetter());
        this.ctx = ctx;
        this.config = ctx.config();
        this.startResolved = startResolved;
        this.maxBytes = config.fetchMaxBytes();
    }

    /** Starts at a committed position, or at the configured start position when {@code committed} is null. */
    synchronized void start(OffsetStore.Committed committed) {
        if (committed != null) {
            fetchOffset = committed.offset();
            consumedOffset = committed.offset();
            lastId = committed.lastMessageId();
        }
        started = true;
        fetchIfNeeded();
    }

    /** Moves to {@code offset}; batches not yet delivered are dropped. */
    synchronized void seek(long offset) {
        generation++;
        clearQueue();
        fetchOffset = offset;
        consumedOffset = offset;
        failures = 0;
        notifyAll(); // wakes a retry pause of the message being dropped
        fetching = false; // a request in flight (a long poll may wait for seconds) is for the old position
        fetchIfNeeded();
    }

    /** Looks up the offset for a time at the broker, then seeks there. */
    CompletableFuture<Long> seekToTime(long timestampMs) {
        return request(new OffsetForTimeRequest(topic, partition.partition(), timestampMs, 0))
                .thenApply(r -> {
                    long offset = parseOffset(r, "otime");
                    seek(offset);
                    return offset;
                });
    }

    /** Stops fetching and waits (up to {@code waitMs}) for a listener call in progress to return. */
    void stop(long waitMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        synchronized (this) {
            stopped = true;
            clearQueue();
            notifyAll();
            while (delivering) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("{} {}: listener still running after {} ms; leaving it", topic, partition, waitMs);
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The position to commit: the offset after the last handled message, or null before the start is known. */
    synchronized OffsetStore.Committed position() {
        return consumedOffset < 0 ? null : new OffsetStore.Committed(lastId, consumedOffset);
    }

    String topic() {
        return topic;
    }

    Partition partition() {
        return partition;
    }

    // ---- fetching -------------------------------------------------------------------------------

    /** Issues the next request if none is in flight and the delivery queue has room; holds the lock. */
    private void fetchIfNeeded() {
        if (!started || stopped || fetching || queue.size() >= MAX_QUEUED_BATCHES) {
            return;
        }
        fetching = true;
        int gen = generation;
        fetchGeneration = gen;
        if (fetchOffset < 0) {
            request(startRequest()).whenComplete((r, e) -> onStartResolved(gen, r, e));
            return;
        }
        long offset = fetchOffset;
        GetRequest get = new GetRequest(topic, config.group(), partition.partition(), offset, maxBytes,
                config.longPollMs(), 0);
        request(get).whenComplete((r, e) -> onFetched(gen, offset, r, e));
    }

    private Request startRequest() {
        StartPosition start = config.startPosition();
        if (start instanceof StartPosition.AtTime t) {
            return new OffsetForTimeRequest(topic, partition.partition(), t.timestampMs(), 0);
        }
        long probe = start instanceof StartPosition.Latest ? Long.MAX_VALUE : 0;
        return new OffsetRequest(topic, config.group(), partition.partition(), probe, 0);
    }

    private CompletableFuture<Response> request(Request request) {
        String url = ctx.cluster().brokerUrl(partition.brokerId()).orElse(null);
        if (url == null) {
            return CompletableFuture.failedFuture(
                    new ClientException("broker " + partition.brokerId() + " is not registered in ZooKeeper"));
        }
        long timeout = ctx.requestTimeoutMs() + (request instanceof GetRequest g ? g.maxWaitMs() : 0);
        return ctx.connections().get(url).thenCompose(c -> c.send(request, timeout));
    }

    private void onStartResolved(int gen, Response r, Throwable e) {
        long offset;
        try {
            if (e != null) {
                throw unwrap(e);
            }
            offset = parseOffset(r, "start position");
        } catch (Throwable t) {
            failed(gen, "cannot find the start offset", t);
            return;
        }
        boolean current;
        synchronized (this) {
            current = gen == generation && !stopped;
        }
        if (current) {
            try {
                startResolved.accept(offset); // commit it, so the group agrees on where this partition starts
            } catch (RuntimeException ex) {
                LOG.warn("{} {}: cannot record start offset {}: {}", topic, partition, offset, ex.toString());
            }
        }
        synchronized (this) {
            endFetch(gen);
            if (gen == generation && fetchOffset < 0) {
                fetchOffset = offset;
                consumedOffset = offset;
                failures = 0;
            }
            fetchIfNeeded();
        }
    }

    private static long parseOffset(Response r, String what) {
        if (r instanceof ResultResponse rr && rr.code() == ResultResponse.OK) {
            return Long.parseLong(rr.text().trim());
        }
        if (r instanceof ValueResponse v) {
            v.records().close();
        }
        throw new ClientException(what + " lookup answered " + r);
    }

    private void onFetched(int gen, long offset, Response r, Throwable e) {
        if (e != null) {
            failed(gen, "fetch at " + offset + " failed", unwrap(e));
            return;
        }
        if (r instanceof ValueResponse v) {
            received(gen, offset, v.records());
            return;
        }
        ResultResponse rr = (ResultResponse) r;
        switch (rr.code()) {
            case ResultResponse.MOVED -> moved(gen, offset, rr);
            case ResultResponse.NOT_FOUND -> {
                if (rr.text().contains("not exists")) {
                    failed(gen, "partition not found at the broker", new ClientException(rr.text()));
                } else {
                    nothingYet(gen);
                }
            }
            default -> failed(gen, "fetch at " + offset + " answered " + rr.code(), new ClientException(rr.text()));
        }
    }

    private void received(int gen, long offset, io.metaq.spi.store.ReadView raw) {
        int bytes = raw.size();
        long next = RecordParser.endOfWholeRecords(offset, raw.toByteBuffer());
        synchronized (this) {
            endFetch(gen);
            if (gen != generation || stopped) {
                raw.close();
                fetchIfNeeded();
                return;
            }
            failures = 0;
            if (next == offset) {
                raw.close();
                if (bytes > 0 && maxBytes < ConsumerConfig.MAX_FETCH_BYTES) {
                    maxBytes = Math.min(ConsumerConfig.MAX_FETCH_BYTES, maxBytes * 2); // one record is larger
                } else if (bytes > 0) {
                    LOG.error("{} {}: record at {} is larger than {} bytes; cannot fetch it", topic, partition,
                            fetchOffset, maxBytes);
                    retryLater(gen, MAX_BACKOFF_MS);
                    return;
                }
                fetchIfNeeded();
                return;
            }
            fetchOffset = next;
            queue.add(new Batch(raw, offset, gen));
            scheduleDelivery();
            fetchIfNeeded();
        }
    }

    private void moved(int gen, long offset, ResultResponse rr) {
        long to;
        try {
            to = Long.parseLong(rr.text().trim());
        } catch (NumberFormatException e) {
            failed(gen, "bad 301 answer", new ClientException(rr.text()));
            return;
        }
        // also the normal answer for a filtered group skipping rejected records (E6), so not INFO
        LOG.debug("{} {}: moved from offset {} to {}", topic, partition, offset, to);
        synchronized (this) {
            endFetch(gen);
            if (gen == generation && !stopped) {
                fetchOffset = to;
                if (queue.isEmpty() && !delivering) {
                    consumedOffset = to;
                }
            }
            fetchIfNeeded();
        }
    }

    /** 404 without "not exists": a long poll ran out, or (short poll) nothing new yet. */
    private void nothingYet(int gen) {
        if (config.longPollMs() > 0) {
            synchronized (this) {
                endFetch(gen);
                fetchIfNeeded();
            }
        } else {
            retryLater(gen, 100);
        }
    }

    private void failed(int gen, String what, Throwable e) {
        int n;
        synchronized (this) {
            if (stopped || gen != fetchGeneration) {
                endFetch(gen);
                return; // the connection closing under a stopped worker is expected; or a seek moved on
            }
            n = ++failures;
        }
        long backoff = Math.min(MAX_BACKOFF_MS, 100L << Math.min(6, n - 1));
        if (n == 1 || n % 20 == 0) {
            LOG.warn("{} {}: {} ({} time(s)); retrying in {} ms: {}", topic, partition, what, n, backoff, e.toString());
        }
        retryLater(gen, backoff);
    }

    private void retryLater(int gen, long delayMs) {
        try {
            ctx.scheduler().schedule(() -> {
                synchronized (this) {
                    endFetch(gen);
                    fetchIfNeeded();
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            synchronized (this) {
                fetching = false; // the client is closing
            }
        }
    }

    /**
     * Marks the request of generation {@code gen} as done, unless a seek has sent a newer one meanwhile
     * (whose flag it must not clear); holds the lock.
     */
    private void endFetch(int gen) {
        if (gen == fetchGeneration) {
            fetching = false;
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    // ---- delivery -------------------------------------------------------------------------------

    /** Holds the lock. */
    private void scheduleDelivery() {
        if (delivering || queue.isEmpty() || stopped) {
            return;
        }
        delivering = true;
        try {
            ctx.executor().execute(this::deliverOneBatch);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            delivering = false;
            notifyAll();
        }
    }

    private void deliverOneBatch() {
        Batch batch;
        synchronized (this) {
            batch = queue.peek();
            if (batch == null || stopped) {
                delivering = false;
                notifyAll();
                return;
            }
        }
        List<ReceivedMessage> messages = batch.messages(); // parsed here, off the I/O thread
        while (batch.next < messages.size()) {
            ReceivedMessage m = messages.get(batch.next);
            int gen = batch.generation;
            if (!invoker.handle(m, ms -> pause(ms, gen))) {
                break;
            }
            synchronized (this) {
                if (batch.generation != generation) {
                    break;
                }
                consumedOffset = m.nextOffset();
                lastId = m.id();
                if (stopped) {
                    break; // the message was handled; the next one is for the partition's next owner
                }
            }
            batch.next++;
        }
        synchronized (this) {
            if (queue.peek() == batch && batch.next >= messages.size()) {
                queue.poll();
            }
            delivering = false;
            notifyAll();
            scheduleDelivery();
            fetchIfNeeded();
        }
    }

    /** Sleeps unless stopped or seeked; false when the message should no longer be delivered. */
    private boolean pause(long ms, int gen) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        synchronized (this) {
            while (!stopped && gen == generation) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }
}
