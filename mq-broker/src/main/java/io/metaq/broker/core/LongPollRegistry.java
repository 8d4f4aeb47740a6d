package io.metaq.broker.core;

import io.metaq.api.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Long-poll fetches (PROTOCOL extension) parked until their partition gets new visible data or their
 * wait ends. Bounded in total and per connection; a connection's parked fetches are dropped when it
 * closes. Thread-safe: parked from fetch threads, woken from store threads, expired by the timer.
 */
final class LongPollRegistry {
    /** A parked fetch; exactly one of wake, expire or cancel wins. */
    static final class Parked {
        final long connectionId;
        final long offset;
        final Runnable onWake;
        final Runnable onExpire;
        final AtomicBoolean done = new AtomicBoolean();
        /** Set just after the fetch is queued, so a wake may find it still null. */
        volatile ScheduledFuture<?> timer;

        Parked(long connectionId, long offset, Runnable onWake, Runnable onExpire) {
            this.connectionId = connectionId;
            this.offset = offset;
            this.onWake = onWake;
            this.onExpire = onExpire;
        }
    }

    private final Map<TopicPartition, Queue<Parked>> byPartition = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> perConnection = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final ScheduledExecutorService timer;
    private final int maxTotal;
    private final int maxPerConnection;

    LongPollRegistry(ScheduledExecutorService timer, int maxTotal, int maxPerConnection) {
        this.timer = timer;
        this.maxTotal = maxTotal;
        this.maxPerConnection = maxPerConnection;
    }

    /**
     * Parks a fetch for {@code waitMs}.
     *
     * @return false when a limit is reached (the caller answers at once instead)
     */
    boolean park(TopicPartition tp, Parked p, long waitMs) {
        AtomicInteger conn = perConnection.computeIfAbsent(p.connectionId, k -> new AtomicInteger());
        if (total.incrementAndGet() > maxTotal | conn.incrementAndGet() > maxPerConnection) {
            total.decrementAndGet();
            conn.decrementAndGet();
            return false;
        }
        byPartition.computeIfAbsent(tp, k -> new ConcurrentLinkedQueue<>()).add(p);
        p.timer = timer.schedule(() -> {
            if (finish(tp, p)) {
                p.onExpire.run();
            }
        }, waitMs, TimeUnit.MILLISECONDS);
        return true;
    }

    /** Wakes the fetches parked on {@code tp} that wait for data below {@code visibleEnd}. */
    void wake(TopicPartition tp, long visibleEnd) {
        Queue<Parked> q = byPartition.get(tp);
        if (q == null || q.isEmpty()) {
            return;
        }
        List<Parked> ready = new ArrayList<>();
        for (Parked p : q) {
            if (p.offset < visibleEnd && finish(tp, p)) {
                ready.add(p);
            }
        }
        RuntimeException failure = null;
        for (Parked p : ready) {
            ScheduledFuture<?> t = p.timer;
            if (t != null) {
                t.cancel(false);
            }
            try {
                p.onWake.run();
            } catch (RuntimeException e) {
                // every woken fetch must still be answered; report the first failure afterwards
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Drops the fetches of a closed connection without answering them. */
    void cancelConnection(long connectionId) {
        for (Map.Entry<TopicPartition, Queue<Parked>> e : byPartition.entrySet()) {
            for (Parked p : e.getValue()) {
                if (p.connectionId == connectionId && finish(e.getKey(), p)) {
                    if (p.timer != null) {
                        p.timer.cancel(false);
                    }
                }
            }
        }
        perConnection.remove(connectionId);
    }

    private boolean finish(TopicPartition tp, Parked p) {
        if (!p.done.compareAndSet(false, true)) {
            return false;
        }
        Queue<Parked> q = byPartition.get(tp);
        if (q != null) {
            q.remove(p);
        }
        total.decrementAndGet();
        AtomicInteger conn = perConnection.get(p.connectionId);
        if (conn != null) {
            conn.decrementAndGet();
        }
        return true;
    }
}
