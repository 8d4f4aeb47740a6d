package io.metaq.store.core;

import io.metaq.api.record.RecordFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the records of a segment file during recovery, checking each one's framing and checksum.
 *
 * <p>The scan stops at the first header that cannot be a record (all zero, a negative or oversized
 * length, or a length running past the end): everything from there on is a torn or preallocated
 * tail. A record with a sane header whose checksum fails is a hole if a valid record follows it
 * (it is quarantined: kept on disk, never served), and part of the torn tail otherwise.
 */
final class SegmentScanner {
    /** Told about each valid record, e.g. to rebuild a time index. */
    interface RecordSink {
        void record(long position, long id);
    }

    /**
     * @param validEnd  position just past the last valid record (or quarantined hole followed by one)
     * @param holes     [start, end) positions of quarantined records, ascending
     * @param records   valid records seen
     */
    record Result(long validEnd, List<long[]> holes, long records) {
    }

    private static final int WINDOW = 1 << 20;

    private SegmentScanner() {
    }

    /**
     * Scans {@code file} from position {@code from} (a record boundary) up to {@code limit} bytes.
     */
    static Result scan(Path file, long from, long limit, int maxPayload, RecordSink sink) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = Math.min(limit, ch.size());
            Window w = new Window(ch, end, Math.max(WINDOW, RecordFormat.HEADER_SIZE + maxPayload));
            List<long[]> holes = new ArrayList<>();
            long pos = from;
            long validEnd = from;
            long pendingHole = -1;
            long records = 0;
            while (end - pos >= RecordFormat.HEADER_SIZE) {
                ByteBuffer b = w.ensure(pos, RecordFormat.HEADER_SIZE);
                int i = (int) (pos - w.start);
                int len = RecordFormat.length(b, i);
                if (RecordFormat.isZeroHeader(b, i) || len < 0 || len > maxPayload
                        || len > end - pos - RecordFormat.HEADER_SIZE) {
                    break;
                }
                long id = RecordFormat.id(b, i);
                int stored = RecordFormat.storedChecksum(b, i);
                b = w.ensure(pos, RecordFormat.HEADER_SIZE + len);
                i = (int) (pos - w.start);
                long next = pos + RecordFormat.HEADER_SIZE + len;
                if (RecordFormat.checksum(b, i + RecordFormat.HEADER_SIZE, len) != stored) {
                    if (pendingHole < 0) {
                        pendingHole = pos;
                    }
                } else {
                    if (pendingHole >= 0) {
                        holes.add(new long[] {pendingHole, pos});
                        pendingHole = -1;
                    }
                    sink.record(pos, id);
                    records++;
                    validEnd = next;
                }
                pos = next;
            }
            return new Result(validEnd, holes, records);
        }
    }

    /** A sliding read window over the file. */
    private static final class Window {
        private final FileChannel ch;
        private final long end;
        private final ByteBuffer buf;
        long start = -1;

        Window(FileChannel ch, long end, int capacity) {
            this.ch = ch;
            this.end = end;
            this.buf = ByteBuffer.allocate(capacity);
        }

        ByteBuffer ensure(long pos, int n) throws IOException {
            if (start >= 0 && pos >= start && pos + n <= start + buf.limit()) {
                return buf;
            }
            buf.clear();
            start = pos;
            long want = Math.min(buf.capacity(), end - pos);
            buf.limit((int) want);
            while (buf.hasRemaining()) {
                if (ch.read(buf, start + buf.position()) < 0) {
                    break;
                }
            }
            buf.flip();
            if (buf.limit() < n) {
                throw new IOException("file shrank while scanning at " + pos);
            }
            return buf;
        }
    }
}
