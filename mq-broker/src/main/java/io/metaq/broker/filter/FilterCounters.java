package io.metaq.broker.filter;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the filter of one (topic, group) has decided since the broker started (kept across reloads
 * while the pair stays configured). A record where a filtered answer stops (the first record of a
 * {@code 301} target, or the rejected record ending a value) is examined again by the next fetch,
 * so the counts are filter calls, not distinct records.
 */
public final class FilterCounters {
    final LongAdder accepted = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder slow = new LongAdder();
    final LongAdder scannedBytes = new LongAdder();

    public long accepted() {
        return accepted.sum();
    }

    public long rejected() {
        return rejected.sum();
    }

    /** Calls that threw (the onError policy was applied). */
    public long errors() {
        return errors.sum();
    }

    /** Calls slower than {@code limits.slowFilterMs}. */
    public long slow() {
        return slow.sum();
    }

    /** Bytes of records scanned. */
    public long scannedBytes() {
        return scannedBytes.sum();
    }
}
