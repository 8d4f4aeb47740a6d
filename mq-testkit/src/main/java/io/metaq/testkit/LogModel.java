package io.metaq.testkit;

import io.metaq.spi.store.AppendResult;
import io.metaq.spi.store.SegmentInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a partition log should hold, kept in memory by a test: the records with their append times
 * and the segments the roll rule of the contract predicts (a new segment starts when the active one
 * is non-empty and the next batch would take it past {@code segmentBytes}). Not thread-safe.
 */
public final class LogModel {
    /** One predicted segment. */
    public static final class Seg {
        final long base;
        long size;
        long lastAppendMs = Long.MIN_VALUE;

        Seg(long base) {
            this.base = base;
        }

        public long base() {
            return base;
        }

        public long size() {
            return size;
        }

        public long end() {
            return base + size;
        }

        public long lastAppendMs() {
            return lastAppendMs;
        }

        @Override
        public String toString() {
            return "Seg[" + base + "+" + size + ", last=" + lastAppendMs + "]";
        }
    }

    private final long segmentBytes;
    private final List<TestRecord> records = new ArrayList<>();
    private final List<Long> times = new ArrayList<>();
    private final List<Seg> segments = new ArrayList<>();
    private int maxBatchBytes;

    public LogModel(long segmentBytes) {
        this.segmentBytes = segmentBytes;
        segments.add(new Seg(0));
    }

    /**
     * Records a batch the store accepted; checks the store put it where the model expects.
     *
     * @return the batch's records placed at their offsets
     */
    public List<TestRecord> appended(List<TestRecord> batch, AppendResult result) {
        int size = TestRecords.totalSize(batch);
        if (result.baseOffset() != end() || result.nextOffset() != end() + size
                || result.recordCount() != batch.size()) {
            throw new AssertionError("append of " + batch.size() + " records (" + size + " bytes) at end " + end()
                    + " returned " + result);
        }
        if (!times.isEmpty() && result.appendTimeMs() < times.get(times.size() - 1)) {
            throw new AssertionError("append time went backwards: " + result + " after " + times.get(times.size() - 1));
        }
        Seg active = active();
        if (active.size > 0 && active.size + size > segmentBytes) {
            active = new Seg(active.end());
            segments.add(active);
        }
        active.size += size;
        active.lastAppendMs = result.appendTimeMs();
        maxBatchBytes = Math.max(maxBatchBytes, size);
        List<TestRecord> placed = TestRecords.place(batch, result.baseOffset());
        for (TestRecord r : placed) {
            records.add(r);
            times.add(result.appendTimeMs());
        }
        return placed;
    }

    public Seg active() {
        return segments.get(segments.size() - 1);
    }

    public long min() {
        return segments.get(0).base;
    }

    public long end() {
        return active().end();
    }

    public List<TestRecord> records() {
        return Collections.unmodifiableList(records);
    }

    public List<Seg> segments() {
        return Collections.unmodifiableList(segments);
    }

    public int maxBatchBytes() {
        return maxBatchBytes;
    }

    public long appendTime(int index) {
        return times.get(index);
    }

    /** The segment holding {@code offset}, which must lie in [min, end). */
    public Seg segmentOf(long offset) {
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (segments.get(i).base <= offset) {
                return segments.get(i);
            }
        }
        throw new IllegalArgumentException(offset + " is below the model's minimum " + min());
    }

    /** Index of the first record appended at or after {@code t}, or -1 when every record is older. */
    public int firstAtOrAfter(long t) {
        for (int i = 0; i < records.size(); i++) {
            if (times.get(i) >= t) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Applies the retention rules of the contract: delete oldest non-active segments whose newest
     * record is older than {@code now - retentionMs}, and oldest non-active segments while the total
     * exceeds {@code retentionBytes} (-1 disables either rule).
     *
     * @return the number of segments deleted
     */
    public int retain(long now, long retentionMs, long retentionBytes) {
        long total = 0;
        for (Seg s : segments) {
            total += s.size;
        }
        int deleted = 0;
        while (segments.size() > 1) {
            Seg oldest = segments.get(0);
            boolean tooOld = retentionMs > 0 && oldest.lastAppendMs < now - retentionMs;
            boolean tooBig = retentionBytes > 0 && total > retentionBytes;
            if (!tooOld && !tooBig) {
                break;
            }
            segments.remove(0);
            total -= oldest.size;
            deleted++;
        }
        long min = min();
        while (!records.isEmpty() && records.get(0).offset() < min) {
            records.remove(0);
            times.remove(0);
        }
        return deleted;
    }

    /** Fails unless the store's segment list has the model's bases and sizes and only the last is active. */
    public void assertSegments(List<SegmentInfo> actual) {
        List<String> want = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            Seg s = segments.get(i);
            want.add(s.base + "+" + s.size + (i == segments.size() - 1 ? " active" : ""));
        }
        List<String> got = new ArrayList<>();
        for (SegmentInfo s : actual) {
            got.add(s.baseOffset() + "+" + s.sizeBytes() + (s.active() ? " active" : ""));
        }
        if (!want.equals(got)) {
            throw new AssertionError("segments differ from the model\n  expected: " + want + "\n  actual:   " + got);
        }
    }
}
