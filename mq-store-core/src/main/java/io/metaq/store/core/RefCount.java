package io.metaq.store.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pins a resource that readers use while it may be retired: {@link #tryAcquire()} fails once the
 * owner has retired it, and the cleanup runs exactly once, when the owner's reference and every
 * reader's are gone. Thread-safe.
 */
public final class RefCount {
    private final AtomicInteger refs = new AtomicInteger(1);
    private final Runnable onZero;
    private volatile boolean retired;

    public RefCount(Runnable onZero) {
        this.onZero = onZero;
    }

    public boolean tryAcquire() {
        if (retired) {
            return false;
        }
        while (true) {
            int n = refs.get();
            if (n <= 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public void release() {
        if (refs.decrementAndGet() == 0) {
            onZero.run();
        }
    }

    /** Drops the owner's reference; call once. */
    public void retire() {
        retired = true;
        release();
    }

    public boolean isRetired() {
        return retired;
    }
}
