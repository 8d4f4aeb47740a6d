package io.metaq.client;

/**
 * Where a group with no committed offset for a partition starts: the earliest retained message, the
 * end (only messages sent from now on), or the first message appended at or after a time.
 */
public sealed interface StartPosition {
    StartPosition EARLIEST = new Earliest();
    StartPosition LATEST = new Latest();

    static StartPosition earliest() {
        return EARLIEST;
    }

    static StartPosition latest() {
        return LATEST;
    }

    static StartPosition atTime(long timestampMs) {
        return new AtTime(timestampMs);
    }

    /** The earliest retained message. */
    record Earliest() implements StartPosition {
    }

    /** The end of the partition. */
    record Latest() implements StartPosition {
    }

    /** The first message appended at or after {@code timestampMs} (epoch milliseconds). */
    record AtTime(long timestampMs) implements StartPosition {
    }
}
