package io.metaq.bench.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Paces one sending thread at a fixed rate on an absolute schedule: permit {@code n} is due at
 * {@code start + n / rate} (the first permit, at once, fixes {@code start}). A thread that is ahead
 * parks until the next permit is due; one that fell behind (a pause, a full buffer) takes permits
 * without waiting until it has caught up, so the average rate holds and no thread sleeps per message
 * at high rates (a park of tens of microseconds cannot be had anyway). Not thread-safe: one pacer per
 * thread. Rate 0 means unlimited.
 */
public final class RatePacer {
    /** The longest single wait, so a stop request is seen promptly. */
    static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** A source of {@link System#nanoTime()}-like readings. */
    @FunctionalInterface
    public interface Clock {
        long nanoTime();
    }

    /** Waits (about) the given time. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private static final Sleeper PARK = nanos -> {
        LockSupport.parkNanos(nanos);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    };

    private final double nanosPerPermit;
    private final Clock clock;
    private final Sleeper sleeper;
    private boolean started;
    private long start;
    private long issued;

    /**
     * @param permitsPerSecond the rate, > 0, or 0 for unlimited
     */
    public RatePacer(double permitsPerSecond, Clock clock, Sleeper sleeper) {
        if (!(permitsPerSecond >= 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("rate must be >= 0: " + permitsPerSecond);
        }
        this.nanosPerPermit = permitsPerSecond == 0 ? 0 : 1e9 / permitsPerSecond;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** A pacer on {@link System#nanoTime()} that parks the calling thread. */
    public static RatePacer create(double permitsPerSecond) {
        return new RatePacer(permitsPerSecond, System::nanoTime, PARK);
    }

    /** Whether this pacer ever waits. */
    public boolean limited() {
        return nanosPerPermit > 0;
    }

    /** How many permits were taken. */
    public long issued() {
        return issued;
    }

    /**
     * Takes the next permit, waiting until it is due.
     *
     * @param stop polled before and during the wait
     * @return false, without taking the permit, when {@code stop} said so first
     */
    public boolean acquire(BooleanSupplier stop) throws InterruptedException {
        if (stop.getAsBoolean()) {
            return false;
        }
        if (nanosPerPermit == 0) {
            issued++;
            return true;
        }
        if (!started) {
            started = true;
            start = clock.nanoTime();
        }
        long due = start + (long) (issued * nanosPerPermit);
        for (long wait = due - clock.nanoTime(); wait > 0; wait = due - clock.nanoTime()) {
            sleeper.sleepNanos(Math.min(wait, MAX_WAIT_NANOS));
            if (stop.getAsBoolean()) {
                return false;
            }
        }
        issued++;
        return true;
    }
}
