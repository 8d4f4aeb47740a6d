package io.metaq.testkit;

import io.metaq.api.record.RecordFormat;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One record as a test expects or found it: where it sits in the log, its id, flag and payload.
 * Immutable; equality compares contents (payload bytes included). {@code offset} is {@code -1}
 * until the record has a place in a log.
 */
public final class TestRecord {
    private final long offset;
    private final long id;
    private final int flag;
    private final byte[] payload;

    public TestRecord(long offset, long id, int flag, byte[] payload) {
        this.offset = offset;
        this.id = id;
        this.flag = flag;
        this.payload = payload.clone();
    }

    /** A record not yet appended. */
    public static TestRecord of(long id, byte[] payload) {
        return new TestRecord(-1, id, 0, payload);
    }

    /** A copy of the record at absolute {@code index} of {@code buf}, which sits at log {@code offset}. */
    public static TestRecord parse(ByteBuffer buf, int index, long offset) {
        int len = RecordFormat.length(buf, index);
        byte[] bytes = new byte[len];
        buf.get(index + RecordFormat.HEADER_SIZE, bytes);
        return new TestRecord(offset, RecordFormat.id(buf, index), RecordFormat.flag(buf, index), bytes);
    }

    public TestRecord at(long newOffset) {
        return new TestRecord(newOffset, id, flag, payload);
    }

    public long offset() {
        return offset;
    }

    public long id() {
        return id;
    }

    public int flag() {
        return flag;
    }

    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    /** Bytes the record occupies in the log: header plus payload. */
    public int size() {
        return RecordFormat.recordSize(payload.length);
    }

    /** Offset just past this record. */
    public long end() {
        return offset + size();
    }

    /** The record in the stored layout, checksum included, positioned at 0. */
    public ByteBuffer encode() {
        return RecordFormat.encode(id, flag, payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestRecord r && r.offset == offset && r.id == id && r.flag == flag
                && Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(offset) * 31 + Long.hashCode(id) * 17 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        String head = HexFormat.of().formatHex(payload, 0, Math.min(8, payload.length));
        return "TestRecord[offset=" + offset + ", id=" + id + ", flag=" + flag + ", length=" + payload.length
                + ", payload=" + head + (payload.length > 8 ? "..." : "") + ", crc="
                + RecordFormat.checksum(payload, 0, payload.length) + "]";
    }
}
