package io.metaq.bench.load;

import io.metaq.api.Message;
import io.metaq.client.Producer;
import io.metaq.client.SendResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The sending side of produce and e2e: {@code threads} threads share one producer; thread {@code t}
 * sends the sequence numbers {@code [t*n/threads, (t+1)*n/threads)} with {@code sendAsync}, each paced
 * at {@code rate/threads} per second and with at most {@link #MAX_OUTSTANDING_PER_THREAD} messages not
 * yet acknowledged (besides the producer's own byte budget). Sending stops at the deadline.
 * Acknowledgements arrive on the client's I/O threads; the {@link Listener} must not block.
 */
final class Sender {
    static final int MAX_OUTSTANDING_PER_THREAD = 10_000;

    /** Told about each message; called on the sending threads and the client's I/O threads. */
    interface Listener {
        /** Before the message is handed to the producer. */
        default void attempt(long sequence) {
        }

        void acked(long sequence, long sentNanos, long ackedNanos);

        default void failed(long sequence, Throwable error) {
        }
    }

    private final Producer producer;
    private final String topic;
    private final byte[] filler;
    private final int threads;
    private final long rate;
    private final long messages;
    private final long runId;
    private final long deadlineNanos;
    private final Listener listener;
    private final ErrorLog errors;
    private final Thread[] workers;
    private final AtomicLong attempted = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    Sender(Producer producer, String topic, int size, int threads, long rate, long messages, long runId,
            long deadlineNanos, Listener listener, ErrorLog errors) {
        this.producer = producer;
        this.topic = topic;
        this.filler = Payload.filler(size);
        this.threads = threads;
        this.rate = rate;
        this.messages = messages;
        this.runId = runId;
        this.deadlineNanos = deadlineNanos;
        this.listener = listener;
        this.errors = errors;
        this.workers = new Thread[threads];
    }

    void start() {
        for (int t = 0; t < threads; t++) {
            long lo = messages * t / threads;
            long hi = messages * (t + 1) / threads;
            RatePacer pacer = RatePacer.create(rate / (double) threads);
            Thread w = new Thread(() -> sendRange(lo, hi, pacer), "metaq-load-send-" + t);
            w.setDaemon(true);
            workers[t] = w;
            w.start();
        }
    }

    /** Waits for the sending threads to finish, interrupting those still running at {@code untilNanos}. */
    void join(long untilNanos) throws InterruptedException {
        for (Thread w : workers) {
            long left = untilNanos - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(w, left);
            }
            if (w.isAlive()) {
                w.interrupt();
                w.join(1_000);
            }
        }
    }

    /** Messages handed to the producer (or refused by it). */
    long attempted() {
        return attempted.get();
    }

    /** Messages acknowledged or failed. */
    long completed() {
        return completed.get();
    }

    long failed() {
        return failed.get();
    }

    private boolean stopped() {
        return System.nanoTime() - deadlineNanos >= 0 || Thread.currentThread().isInterrupted();
    }

    private void sendRange(long lo, long hi, RatePacer pacer) {
        Semaphore window = new Semaphore(MAX_OUTSTANDING_PER_THREAD);
        BooleanSupplier stop = this::stopped;
        try {
            for (long seq = lo; seq < hi; seq++) {
                if (!pacer.acquire(stop)) {
                    return;
                }
                while (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    if (stopped()) {
                        return;
                    }
                }
                listener.attempt(seq);
                attempted.incrementAndGet();
                long sent = System.nanoTime();
                byte[] data = Payload.create(filler, runId, seq, MicrosClock.micros(sent));
                CompletableFuture<SendResult> f;
                try {
                    f = producer.sendAsync(new Message(topic, data));
                } catch (RuntimeException e) {
                    window.release();
                    fail(seq, e);
                    continue;
                }
                long s = seq;
                f.whenComplete((r, e) -> {
                    long now = System.nanoTime();
                    window.release();
                    if (e == null) {
                        listener.acked(s, sent, now);
                        completed.incrementAndGet();
                    } else {
                        fail(s, e);
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(long seq, Throwable e) {
        failed.incrementAndGet();
        errors.record(e);
        listener.failed(seq, e);
        completed.incrementAndGet();
    }
}
