package io.metaq.broker.core;

import io.metaq.api.record.Record;
import io.metaq.api.record.RecordIterator;
import io.metaq.spi.store.PartitionLog;
import io.metaq.spi.store.ReadResult;
import java.nio.ByteBuffer;

/**
 * Finds the first record appended at or after a time. The store's sparse time index gives a record
 * boundary at or before it (up to an index interval early); from there the records are walked and
 * each one's time is read from its id, which this broker made from its wall clock
 * ({@link MessageIdGenerator#timeOf}). Id times never run behind the append time and only grow, so
 * the walk may stop at a record appended a little before the time, but never skips one after it.
 */
final class TimeSeek {
    private static final int READ_BYTES = 64 * 1024;
    /** The index is at most one interval early; this bounds the walk should ids be foreign. */
    private static final int MAX_READS = 64;

    private TimeSeek() {
    }

    static long offsetForTime(PartitionLog log, long timestampMs, int maxPayload) {
        long pos = log.offsetForTime(timestampMs);
        int readBytes = READ_BYTES;
        for (int reads = 0; reads < MAX_READS && pos < log.maxOffset(); reads++) {
            ReadResult r = log.read(pos, readBytes);
            if (r.status() != ReadResult.Status.DATA) {
                return r.status() == ReadResult.Status.CORRUPT_RECORD ? r.nextOffset() : pos;
            }
            long next;
            try (var view = r.view()) {
                ByteBuffer records = view.toByteBuffer();
                RecordIterator it = new RecordIterator(records, view.offset(), maxPayload);
                while (it.hasNext()) {
                    Record rec = it.next();
                    if (MessageIdGenerator.timeOf(rec.id()) >= timestampMs) {
                        return rec.offset();
                    }
                }
                next = it.nextOffset();
            }
            if (next == pos) {
                readBytes = Math.min(readBytes * 4, maxPayload + 64); // one record larger than the read
            }
            pos = next;
        }
        return pos;
    }
}
