package io.metaq.store.core;

import java.util.Arrays;
import java.util.function.LongUnaryOperator;

/**
 * Rebuilds time-index entries from scanned records, using the time a message id encodes (when the
 * broker's ids carry one) with the same spacing rule as live appends.
 */
final class TimeIndexBuilder implements SegmentScanner.RecordSink {
    private final long base;
    private final LongUnaryOperator timeOfId;
    private final int intervalBytes;
    private long[] times = new long[16];
    private long[] offsets = new long[16];
    private int count;
    private long lastTime = -1;
    private boolean unknownTimes;

    TimeIndexBuilder(long base, LongUnaryOperator timeOfId, int intervalBytes) {
        this.base = base;
        this.timeOfId = timeOfId;
        this.intervalBytes = intervalBytes;
    }

    @Override
    public void record(long position, long id) {
        long t = timeOfId.applyAsLong(id);
        if (t < 0) {
            unknownTimes = true;
            return;
        }
        long offset = base + position;
        t = Math.max(t, lastTime);
        if (count == 0 || offset - offsets[count - 1] >= intervalBytes) {
            if (count == times.length) {
                times = Arrays.copyOf(times, count * 2);
                offsets = Arrays.copyOf(offsets, count * 2);
            }
            times[count] = t;
            offsets[count] = offset;
            count++;
        }
        lastTime = t;
    }

    /** True when some record's id carried no time. */
    boolean unknownTimes() {
        return unknownTimes;
    }

    long lastTime() {
        return lastTime;
    }

    int count() {
        return count;
    }

    long time(int i) {
        return times[i];
    }

    long offset(int i) {
        return offsets[i];
    }

    /** A fresh index of these entries (first entry at the segment start), to be written in full. */
    TimeIndex toIndex(java.nio.file.Path path, long fallbackTime) {
        if (count == 0 || offsets[0] != base) {
            // Ids carry no time: one entry with the file's modification time, never earlier than any record.
            long[] t = {fallbackTime};
            long[] o = {base};
            return TimeIndex.of(path, intervalBytes, t, o, 1, -1);
        }
        return TimeIndex.of(path, intervalBytes, Arrays.copyOf(times, Math.max(count, 16)),
                Arrays.copyOf(offsets, Math.max(count, 16)), count, -1);
    }
}
