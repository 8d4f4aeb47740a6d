package io.metaq.client.internal;

import io.metaq.client.ClientException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the bytes a producer holds for unacknowledged messages: senders block while the budget is
 * spent and fail after a timeout, so a slow or absent broker never makes the producer grow without
 * limit. Thread-safe.
 */
final class ByteBudget {
    private final long capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private long used;

    ByteBudget(long capacity) {
        this.capacity = capacity;
    }

    /**
     * Takes {@code bytes}, waiting up to {@code maxWaitMs} for other sends to complete. A request larger
     * than the whole budget is granted once nothing else is held, so one big message cannot wedge.
     */
    void acquire(long bytes, long maxWaitMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
        lock.lock();
        try {
            while (used > 0 && used + bytes > capacity) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ClientException("producer buffer full: " + used + " of " + capacity
                            + " bytes await acknowledgement after waiting " + maxWaitMs + " ms");
                }
                released.awaitNanos(left);
            }
            used += bytes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while waiting for producer buffer space", e);
        } finally {
            lock.unlock();
        }
    }

    void release(long bytes) {
        lock.lock();
        try {
            used -= bytes;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long used() {
        lock.lock();
        try {
            return used;
        } finally {
            lock.unlock();
        }
    }
}
