package io.metaq.broker.filter;

import io.metaq.api.record.RecordFormat;
import io.metaq.spi.filter.FilterContext;
import io.metaq.spi.filter.MessageFilter;
import java.nio.ByteBuffer;

/**
 * Runs a filter over the whole records of one fetched window, parsing them in place, and finds what a
 * filtered {@code get} answers (PROTOCOL-EXTENSIONS.md, "Server-side filters"):
 * <ul>
 * <li>{@link Result#acceptedEnd()} &gt; 0: the window starts with a run of accepted records, ending
 * there (before the first rejected record or the end of the whole records); the answer is a
 * {@code value} with exactly those bytes;
 * <li>else {@link Result#nextAccepted()} &ge; 0: the first record is rejected, and this is where the
 * next accepted record starts; the answer is {@code 301} to it;
 * <li>else nothing in the window is accepted; {@link Result#wholeEnd()} is the end of the whole
 * records scanned (0 when the window does not hold one whole record).
 * </ul>
 * Positions are relative to the buffer's position. A filter that throws is contained: the record
 * gets the {@code acceptOnError} policy and the error is counted; a call slower than the threshold
 * is counted as slow. One scanner per thread (it holds the reusable view); public so the benchmarks
 * can drive it.
 */
public final class FilterScanner {
    private final RecordView view = new RecordView();
    private final long slowNanos;
    private final int maxPayload;

    /**
     * @param slowNanos  a filter call taking longer is counted as slow
     * @param maxPayload a record header claiming more is treated as the end of the data
     */
    public FilterScanner(long slowNanos, int maxPayload) {
        this.slowNanos = slowNanos;
        this.maxPayload = maxPayload;
    }

    /** The outcome of one {@link #scan}; positions relative to the scanned buffer's position. */
    public static final class Result {
        int acceptedEnd;
        int nextAccepted = -1;
        int wholeEnd;
        int records;
        int accepted;
        int rejected;
        int errors;
        int slow;
        long slowestNanos;
        Throwable firstError;

        /** Bytes of the leading run of accepted records; 0 when the first record is rejected. */
        public int acceptedEnd() {
            return acceptedEnd;
        }

        /** Start of the first accepted record after a rejected first record, or -1. */
        public int nextAccepted() {
            return nextAccepted;
        }

        /** End of the whole records scanned (meaningful when nothing was accepted). */
        public int wholeEnd() {
            return wholeEnd;
        }

        /** Filter calls made. */
        public int records() {
            return records;
        }

        public int accepted() {
            return accepted;
        }

        public int rejected() {
            return rejected;
        }

        /** Filter calls that threw. */
        public int errors() {
            return errors;
        }

        /** Filter calls slower than the threshold. */
        public int slow() {
            return slow;
        }

        /** The slowest slow call's duration. */
        public long slowestNanos() {
            return slowestNanos;
        }

        /** The first exception a filter call threw, or null. */
        public Throwable firstError() {
            return firstError;
        }
    }

    /**
     * Scans {@code buf} from its position to its limit (not moving either) and stops as soon as the
     * answer is known.
     *
     * @param baseOffset the log offset of the buffer's position
     */
    public Result scan(ByteBuffer buf, long baseOffset, MessageFilter filter, FilterContext context,
            boolean acceptOnError) {
        Result r = new Result();
        final int start = buf.position();
        final int limit = buf.limit();
        int pos = start;
        boolean leading = true; // every record so far accepted
        while (limit - pos >= RecordFormat.HEADER_SIZE) {
            int len = buf.getInt(pos);
            if (len < 0 || len > maxPayload || len > limit - pos - RecordFormat.HEADER_SIZE
                    || RecordFormat.isZeroHeader(buf, pos)) {
                break;
            }
            int size = RecordFormat.HEADER_SIZE + len;
            view.reset(buf, pos, baseOffset + (pos - start));
            boolean ok;
            long t0 = System.nanoTime();
            try {
                ok = filter.accept(context, view);
            } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
                ok = acceptOnError;
                if (r.errors++ == 0) {
                    r.firstError = e;
                }
            }
            long took = System.nanoTime() - t0;
            if (took > slowNanos) {
                r.slow++;
                r.slowestNanos = Math.max(r.slowestNanos, took);
            }
            r.records++;
            if (ok) {
                r.accepted++;
                if (!leading) {
                    r.nextAccepted = pos - start;
                    break;
                }
                r.acceptedEnd = pos + size - start;
            } else {
                r.rejected++;
                if (leading && r.acceptedEnd > 0) {
                    break; // the value ends before the first rejected record
                }
                leading = false;
            }
            pos += size;
        }
        r.wholeEnd = pos - start;
        return r;
    }
}
