package io.metaq.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.spi.store.PartitionLog;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks of a partition log against a {@link LogModel}. */
public final class StoreAssertions {
    private StoreAssertions() {
    }

    /** Min, max, segments and every record equal the model's. */
    public static void assertLogMatches(PartitionLog log, LogModel model) {
        assertThat(log.minOffset()).as("minOffset").isEqualTo(model.min());
        assertThat(log.maxOffset()).as("maxOffset").isEqualTo(model.end());
        model.assertSegments(log.segments());
        assertThat(log.sizeInBytes()).as("sizeInBytes").isEqualTo(model.end() - model.min());
        List<TestRecord> actual = TestRecords.readAll(log);
        assertRecords(actual, model.records());
    }

    /** Same records in the same order; on a mismatch names the first differing one. */
    public static void assertRecords(List<TestRecord> actual, List<TestRecord> expected) {
        int n = Math.min(actual.size(), expected.size());
        for (int i = 0; i < n; i++) {
            if (!actual.get(i).equals(expected.get(i))) {
                throw new AssertionError("record #" + i + " differs\n  expected: " + expected.get(i)
                        + "\n  actual:   " + actual.get(i));
            }
        }
        assertThat(actual.size()).as("number of records (first extra/missing: %s)",
                actual.size() > n ? actual.get(n) : expected.size() > n ? expected.get(n) : "none")
                .isEqualTo(expected.size());
    }

    /**
     * offsetForTime(t) for every t from before the first record to after the last: an offset at or
     * before the first record appended at or after t, at most {@code slack} bytes before it and a
     * record boundary; maxOffset when every record is older; minOffset when none is.
     */
    public static void assertOffsetForTimeEverywhere(PartitionLog log, LogModel model, long slack) {
        List<TestRecord> records = model.records();
        if (records.isEmpty()) {
            assertThat(log.offsetForTime(0)).isEqualTo(log.maxOffset());
            return;
        }
        Set<Long> boundaries = boundaries(model);
        long first = model.appendTime(0);
        long last = model.appendTime(records.size() - 1);
        long step = Math.max(1, (last - first) / 2000);
        for (long t = first - 3; t <= last + 3; t += (t < first || t > last - 3) ? 1 : step) {
            assertOffsetForTime(log, model, boundaries, t, slack);
        }
        assertOffsetForTime(log, model, boundaries, Long.MIN_VALUE + 1, slack);
        assertOffsetForTime(log, model, boundaries, Long.MAX_VALUE, slack);
    }

    /** The check of {@link #assertOffsetForTimeEverywhere} for one time {@code t}. */
    public static void assertOffsetForTime(PartitionLog log, LogModel model, long t, long slack) {
        assertOffsetForTime(log, model, boundaries(model), t, slack);
    }

    private static Set<Long> boundaries(LogModel model) {
        Set<Long> boundaries = new HashSet<>();
        for (TestRecord r : model.records()) {
            boundaries.add(r.offset());
        }
        boundaries.add(model.end());
        return boundaries;
    }

    private static void assertOffsetForTime(PartitionLog log, LogModel model, Set<Long> boundaries, long t,
            long slack) {
        int i = model.firstAtOrAfter(t);
        long got = log.offsetForTime(t);
        if (i < 0) {
            assertThat(got).as("offsetForTime(%d) with every record older", t).isEqualTo(log.maxOffset());
        } else if (i == 0) {
            assertThat(got).as("offsetForTime(%d) at or before every record", t).isEqualTo(log.minOffset());
        } else {
            long want = model.records().get(i).offset();
            assertThat(got).as("offsetForTime(%d): first record at or after it is %s (appended %d)", t,
                    model.records().get(i), model.appendTime(i))
                    .isLessThanOrEqualTo(want)
                    .isGreaterThanOrEqualTo(Math.max(log.minOffset(), want - slack));
            assertThat(boundaries).as("offsetForTime(%d) = %d is a record boundary", t, got).contains(got);
        }
    }
}
