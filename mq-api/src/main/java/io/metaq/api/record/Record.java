package io.metaq.api.record;

import io.metaq.api.InvalidRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A read-only view of one stored record (RecordFormat) inside a larger buffer, parsed in place:
 * nothing is copied until a caller asks for the data or attribute as objects. Not thread-safe; cheap
 * to create, so make one per record or reuse one per thread with {@link #reset}.
 */
public final class Record {
    private ByteBuffer buf;
    private int index;
    private long offset;

    /** A view of the record at absolute {@code index} of {@code buf}, which sits at log {@code offset}. */
    public Record(ByteBuffer buf, int index, long offset) {
        reset(buf, index, offset);
    }

    /** Points this view at another record. */
    public Record reset(ByteBuffer buf, int index, long offset) {
        this.buf = buf;
        this.index = index;
        this.offset = offset;
        return this;
    }

    /** The log byte offset of this record. */
    public long offset() {
        return offset;
    }

    public long id() {
        return RecordFormat.id(buf, index);
    }

    public int flag() {
        return RecordFormat.flag(buf, index);
    }

    public int checksum() {
        return RecordFormat.storedChecksum(buf, index);
    }

    /** Length of the stored payload (attribute prefix included). */
    public int payloadLength() {
        return RecordFormat.length(buf, index);
    }

    /** Bytes the record occupies, header included. */
    public int size() {
        return RecordFormat.HEADER_SIZE + payloadLength();
    }

    /** True when the stored checksum matches the payload. */
    public boolean checksumValid() {
        return RecordFormat.checksum(buf, index + RecordFormat.HEADER_SIZE, payloadLength()) == checksum();
    }

    public boolean hasAttribute() {
        return PayloadCodec.hasAttribute(flag());
    }

    private int attributeLength() {
        if (!hasAttribute()) {
            return -1;
        }
        int len = buf.getInt(index + RecordFormat.HEADER_SIZE);
        if (len < 0 || len > payloadLength() - 4) {
            throw new InvalidRecordException("record at offset " + offset + " has attribute length " + len
                    + " beyond its payload of " + payloadLength());
        }
        return len;
    }

    /** The attribute, or null when the record has none. */
    public String attribute() {
        int len = attributeLength();
        if (len < 0) {
            return null;
        }
        byte[] bytes = new byte[len];
        buf.get(index + RecordFormat.HEADER_SIZE + 4, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The message data (payload without the attribute prefix) as a read-only slice; nothing copied. */
    public ByteBuffer data() {
        int attr = attributeLength();
        int start = index + RecordFormat.HEADER_SIZE + (attr < 0 ? 0 : 4 + attr);
        int end = index + RecordFormat.HEADER_SIZE + payloadLength();
        return buf.asReadOnlyBuffer().limit(end).position(start).slice();
    }

    /** The message data copied into a new array. */
    public byte[] dataBytes() {
        ByteBuffer data = data();
        byte[] out = new byte[data.remaining()];
        data.get(out);
        return out;
    }

    @Override
    public String toString() {
        return "Record[offset=" + offset + ", id=" + id() + ", length=" + payloadLength() + ", flag=" + flag() + "]";
    }
}
