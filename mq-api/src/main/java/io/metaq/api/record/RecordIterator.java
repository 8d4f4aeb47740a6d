package io.metaq.api.record;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Iterates the complete records of a fetched slice, parsing them in place. A truncated last record
 * (allowed in {@code value} responses, PROTOCOL.md §2.2) ends the iteration; {@link #nextOffset()}
 * then tells where the next fetch should start. Checksums are not verified here; call
 * {@link Record#checksumValid()} where that matters. Not thread-safe.
 */
public final class RecordIterator implements Iterator<Record> {
    private final ByteBuffer buf;
    private final long baseOffset;
    private final int maxPayload;
    private int pos;

    /**
     * @param slice      the records, from its position to its limit
     * @param baseOffset the log offset of the slice's first byte
     * @param maxPayload a record claiming more is treated as the end (garbage, not a record)
     */
    public RecordIterator(ByteBuffer slice, long baseOffset, int maxPayload) {
        this.buf = slice;
        this.baseOffset = baseOffset;
        this.maxPayload = maxPayload;
        this.pos = slice.position();
    }

    @Override
    public boolean hasNext() {
        int remaining = buf.limit() - pos;
        if (remaining < RecordFormat.HEADER_SIZE) {
            return false;
        }
        int len = RecordFormat.length(buf, pos);
        return len >= 0 && len <= maxPayload && len <= remaining - RecordFormat.HEADER_SIZE
                && !RecordFormat.isZeroHeader(buf, pos);
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Record r = new Record(buf, pos, baseOffset + (pos - buf.position()));
        pos += r.size();
        return r;
    }

    /** The log offset just past the last complete record returned. */
    public long nextOffset() {
        return baseOffset + (pos - buf.position());
    }
}
