package io.metaq.bench.load;

import java.util.concurrent.atomic.AtomicLongArray;

/** A fixed-size bit set that threads set bits of concurrently, lock-free. */
final class ConcurrentBits {
    private final AtomicLongArray words;
    private final long size;

    ConcurrentBits(long size) {
        if (size < 0 || (size + 63) >>> 6 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad size " + size);
        }
        this.size = size;
        this.words = new AtomicLongArray((int) ((size + 63) >>> 6));
    }

    /** Sets bit {@code i}; true when it was clear before. */
    boolean set(long i) {
        check(i);
        long mask = 1L << i;
        long prev = words.getAndAccumulate((int) (i >>> 6), mask, (a, b) -> a | b);
        return (prev & mask) == 0;
    }

    boolean get(long i) {
        check(i);
        return (words.get((int) (i >>> 6)) & (1L << i)) != 0;
    }

    long size() {
        return size;
    }

    int words() {
        return words.length();
    }

    long word(int w) {
        return words.get(w);
    }

    private void check(long i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " not in [0, " + size + ")");
        }
    }
}
