package io.metaq.testkit;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A wall clock that moves only when a test says so, for {@code StoreConfig.builder(dir).clock(..)}.
 * Starts in the past (2020) so that file modification times, which a store may use as a fallback
 * append time, are never earlier than the clock's times. Thread-safe.
 */
public final class TestingClock implements LongSupplier {
    /** 2020-09-13T12:26:40Z. */
    public static final long DEFAULT_START = 1_600_000_000_000L;

    private final AtomicLong now;

    public TestingClock() {
        this(DEFAULT_START);
    }

    public TestingClock(long startMs) {
        this.now = new AtomicLong(startMs);
    }

    @Override
    public long getAsLong() {
        return now.get();
    }

    /** Moves the clock by {@code ms} (may be negative) and returns the new time. */
    public long advance(long ms) {
        return now.addAndGet(ms);
    }

    public void set(long ms) {
        now.set(ms);
    }
}
