package io.metaq.broker.core;

import io.metaq.api.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.LongSupplier;

/**
 * Message ids in the 1.4.6.2 layout (PROTOCOL.md §3.4): {@code (ms - EPOCH) << 22 | brokerId << 12 |
 * sequence}, but from wall-clock milliseconds (the original used {@code nanoTime}, so its ids carried
 * no time), which makes the time of a message readable from its id ({@link #timeOf}).
 *
 * <p>Unique across restarts: the generator never goes below the last millisecond it used, even when
 * the clock steps back, and persists a high-water mark a few seconds ahead of what it hands out, so a
 * restart (even after a crash) starts above every id issued before. Thread-safe; about 20 ns per id.
 */
public final class MessageIdGenerator {
    /** The original's epoch: 2011-04-28. */
    public static final long EPOCH = 1303895660503L;
    private static final int SEQUENCE_BITS = 12;
    private static final int WORKER_BITS = 10;
    private static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;
    /** The most ids {@link #nextBlock} hands out at once: one millisecond's sequence space. */
    public static final int MAX_BLOCK = 1 << SEQUENCE_BITS;
    /** How far ahead of the current millisecond the persisted high-water mark is reserved. */
    private static final long RESERVE_MS = 5_000;

    private final long workerBits;
    private final LongSupplier clock;
    private final Path highWaterFile;
    private long lastMs;
    private long sequence;
    private long reservedUntil;

    /**
     * @param brokerId      0..1023
     * @param highWaterFile where the reservation is kept (in the data directory); null for none
     */
    public MessageIdGenerator(int brokerId, LongSupplier clock, Path highWaterFile) {
        if (brokerId < 0 || brokerId >= 1 << WORKER_BITS) {
            throw new IllegalArgumentException("broker id must be 0..1023, was " + brokerId);
        }
        this.workerBits = (long) brokerId << SEQUENCE_BITS;
        this.clock = clock;
        this.highWaterFile = highWaterFile;
        long persisted = readHighWater();
        this.lastMs = Math.max(persisted, 0);
        this.reservedUntil = lastMs;
        this.sequence = MAX_SEQUENCE; // the first id moves to a fresh millisecond above anything persisted
    }

    /** The next id; never 0 and strictly increasing. */
    public long next() {
        return nextBlock(1);
    }

    /**
     * Reserves {@code count} consecutive ids {@code first, first + 1, ..., first + count - 1}, all in one
     * millisecond and all above every id handed out before (by {@link #next} or this method); returns
     * {@code first}. When the current millisecond has fewer than {@code count} ids left, the block is
     * taken from the next millisecond, as {@link #next} does when a millisecond runs out.
     *
     * @param count 1..{@link #MAX_BLOCK}
     * @throws IllegalArgumentException for a count outside 1..{@link #MAX_BLOCK}
     */
    public synchronized long nextBlock(int count) {
        if (count < 1 || count > MAX_BLOCK) {
            throw new IllegalArgumentException("id block size must be 1.." + MAX_BLOCK + ", was " + count);
        }
        long now = clock.getAsLong();
        long first;
        if (now > lastMs) {
            lastMs = now;
            first = 0;
        } else if (sequence + count > MAX_SEQUENCE) {
            // Not enough ids left in this millisecond (or the clock stepped back): borrow the next one.
            lastMs++;
            first = 0;
        } else {
            first = sequence + 1;
        }
        sequence = first + count - 1;
        if (lastMs >= reservedUntil) {
            reserve(lastMs + RESERVE_MS);
        }
        return (lastMs - EPOCH) << (WORKER_BITS + SEQUENCE_BITS) | workerBits | first;
    }

    /** The wall-clock millisecond an id of ours was made in (-1 for ids before our epoch). */
    public static long timeOf(long id) {
        long ms = (id >>> (WORKER_BITS + SEQUENCE_BITS)) + EPOCH;
        return id <= 0 ? -1 : ms;
    }

    private long readHighWater() {
        if (highWaterFile == null || !Files.exists(highWaterFile)) {
            return 0;
        }
        try {
            return Long.parseLong(Files.readString(highWaterFile, StandardCharsets.UTF_8).trim());
        } catch (IOException | NumberFormatException e) {
            throw new StoreException("unreadable message id high-water mark " + highWaterFile + ": " + e, e);
        }
    }

    private void reserve(long until) {
        if (highWaterFile != null) {
            Path tmp = highWaterFile.resolveSibling(highWaterFile.getFileName() + ".tmp");
            try {
                Files.writeString(tmp, Long.toString(until), StandardCharsets.UTF_8);
                try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                Files.move(tmp, highWaterFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new StoreException("cannot persist message id high-water mark " + highWaterFile + ": " + e, e);
            }
        }
        reservedUntil = until;
    }
}
