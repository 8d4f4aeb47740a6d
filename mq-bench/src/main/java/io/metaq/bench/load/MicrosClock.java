package io.metaq.bench.load;

import java.time.Instant;

/**
 * Wall-clock microseconds that advance with {@link System#nanoTime()}: as precise and monotonic as
 * {@code nanoTime} within one JVM (what the e2e mode measures), and comparable, to the accuracy of the
 * hosts' clocks, with another JVM's (a consume run reading what a concurrent produce run stamped).
 */
final class MicrosClock {
    private static final long BASE_NANOS;
    private static final long BASE_MICROS;

    static {
        Instant now = Instant.now();
        BASE_NANOS = System.nanoTime();
        BASE_MICROS = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private MicrosClock() {
    }

    /** The epoch microseconds of a {@link System#nanoTime()} reading of this JVM. */
    static long micros(long nanoTime) {
        return BASE_MICROS + Math.floorDiv(nanoTime - BASE_NANOS, 1_000L);
    }

    static long nowMicros() {
        return micros(System.nanoTime());
    }
}
