package io.metaq.store.core;

import io.metaq.api.MqException;
import io.metaq.spi.store.AppendResult;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Makes one partition's writes durable: one fsync covers everything written before it started, and
 * the appends waiting on it complete together; appends that arrive meanwhile wait for the next one
 * (group commit). Runs on the store's shared flush executor, at most one task per partition at a
 * time, so partitions are flushed in parallel but each by one thread.
 */
final class GroupCommitter {
    private record Pending(long end, AppendResult result, CompletableFuture<AppendResult> future) {
    }

    private static final int MAX_BATCH_WAIT_STEPS = 8;
    private static final long BATCH_WAIT_STEP_NANOS = 20_000;

    private final SegmentedLog log;
    private final Executor executor;
    private final LongSupplier clock;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ReentrantLock flushLock = new ReentrantLock();
    private volatile long durable;
    private volatile long lastFlushTime;
    /** Appends the last fsync covered: 1 means a quiet partition, where waiting for a burst only adds latency. */
    private volatile int lastBatchAppends = 2;

    GroupCommitter(SegmentedLog log, Executor executor, long durable, LongSupplier clock) {
        this.log = log;
        this.executor = executor;
        this.durable = durable;
        this.clock = clock;
        this.lastFlushTime = clock.getAsLong();
    }

    long durableOffset() {
        return durable;
    }

    void addPending(long end, AppendResult result, CompletableFuture<AppendResult> future) {
        synchronized (pending) {
            pending.add(new Pending(end, result, future));
        }
    }

    /** Asks for a flush soon; cheap when one is already scheduled or running. */
    void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::run);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                flushNow();
            }
        }
    }

    private void run() {
        while (true) {
            awaitBatch();
            flushNow();
            scheduled.set(false);
            boolean more;
            synchronized (pending) {
                more = !pending.isEmpty();
            }
            if (!(more && log.writtenEnd() > durable && scheduled.compareAndSet(false, true))) {
                return;
            }
        }
    }

    /**
     * Lets a burst of appends finish arriving before the fsync starts: waits in short steps while the
     * number of pending appends still grows, at most {@link #MAX_BATCH_WAIT_STEPS} steps. A lone
     * append waits one step; a stream of appends gets fuller fsyncs, which is what bounds throughput.
     * When the previous fsync covered a single append and only one is pending, the partition is quiet
     * and the fsync starts at once.
     */
    private void awaitBatch() {
        int before = pendingCount();
        if (lastBatchAppends <= 1 && before <= 1) {
            return; // quiet: fsync at once; under load the batches grow and the wait comes back
        }
        for (int i = 0; i < MAX_BATCH_WAIT_STEPS; i++) {
            LockSupport.parkNanos(BATCH_WAIT_STEP_NANOS);
            int now = pendingCount();
            if (now == before) {
                return;
            }
            before = now;
        }
    }

    private int pendingCount() {
        synchronized (pending) {
            return pending.size();
        }
    }

    /** In INTERVAL mode: flush when data has waited longer than the configured interval. */
    void flushIfOlderThan(long intervalMs, long now) {
        if (log.writtenEnd() > durable && now - lastFlushTime >= intervalMs) {
            schedule();
        }
    }

    /** Forces everything written so far and completes the appends it covers. */
    void flushNow() {
        List<Pending> done = null;
        Throwable error = null;
        flushLock.lock();
        try {
            long target = log.writtenEnd();
            if (target > durable) {
                for (Segment s : log.segmentsFrom(durable)) {
                    if (s.tryAcquire()) {
                        try {
                            s.storage.force();
                            s.timeIndex.persist();
                        } finally {
                            s.release();
                        }
                    }
                }
                durable = target;
                lastFlushTime = clock.getAsLong();
            }
            done = drainUpTo(durable);
            if (!done.isEmpty()) {
                lastBatchAppends = done.size();
            }
        } catch (IOException | RuntimeException e) {
            error = e;
        } finally {
            flushLock.unlock();
        }
        if (error != null) {
            log.fail(error);
            return;
        }
        log.onDurable(durable);
        for (Pending p : done) {
            p.future.complete(p.result);
        }
    }

    private List<Pending> drainUpTo(long end) {
        List<Pending> out = new ArrayList<>();
        synchronized (pending) {
            while (!pending.isEmpty() && pending.peekFirst().end <= end) {
                out.add(pending.pollFirst());
            }
        }
        return out;
    }

    /** Fails every pending append, e.g. after an I/O error or at close. */
    void failPending(MqException cause) {
        List<Pending> all;
        synchronized (pending) {
            all = new ArrayList<>(pending);
            pending.clear();
        }
        for (Pending p : all) {
            p.future.completeExceptionally(cause);
        }
    }
}
