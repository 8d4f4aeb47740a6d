package io.metaq.api.record;

import io.metaq.api.InvalidRecordException;
import io.metaq.api.MessageTooLargeException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The stored record of PROTOCOL.md §3.2, identical on disk, in {@code value} responses and in batch
 * puts. All integers are big-endian:
 *
 * <pre>
 * [length:4][checksum:4][msgId:8][flag:4][payload:length]
 * </pre>
 *
 * {@code checksum} is the CRC32 (IEEE) of the payload with the sign bit cleared (§3.3). Records are
 * packed back to back with no padding; a record occupies {@code 20 + length} bytes.
 *
 * <p>A record whose 20-byte header is all zero (length 0 and id 0) is never valid: a broker never
 * assigns id 0, and a zero header is what a preallocated or zero-filled file tail looks like, so
 * readers and recovery treat it as the end of data.
 *
 * <p>Stateless and thread-safe.
 */
public final class RecordFormat {
    /** Bytes of the fixed header before the payload. */
    public static final int HEADER_SIZE = 20;
    public static final int LENGTH_OFFSET = 0;
    public static final int CHECKSUM_OFFSET = 4;
    public static final int ID_OFFSET = 8;
    public static final int FLAG_OFFSET = 16;
    /** Flag bit set by the 1.4.6.2 client when the payload starts with an attribute (§3.1). */
    public static final int FLAG_HAS_ATTRIBUTE = 0x1;

    private static final ThreadLocal<CRC32> CRC = ThreadLocal.withInitial(CRC32::new);

    private RecordFormat() {
    }

    /** CRC32 of {@code payload}'s remaining bytes, sign bit cleared; the buffer position is unchanged. */
    public static int checksum(ByteBuffer payload) {
        CRC32 crc = CRC.get();
        crc.reset();
        crc.update(payload.duplicate());
        return (int) (crc.getValue() & 0x7FFFFFFFL);
    }

    /** CRC32 of {@code len} bytes of {@code buffer} at absolute {@code index}, sign bit cleared. */
    public static int checksum(ByteBuffer buffer, int index, int len) {
        CRC32 crc = CRC.get();
        crc.reset();
        update(crc, buffer, null, index, len);
        return (int) (crc.getValue() & 0x7FFFFFFFL);
    }

    /**
     * Feeds {@code len} bytes at absolute {@code index} to {@code crc}: straight from the array of a heap
     * buffer, else through {@code view} (a duplicate of {@code buffer} the caller reuses, or null for a
     * fresh one). Checksums run once per record on every put and fetch, so no per-call garbage.
     */
    private static void update(CRC32 crc, ByteBuffer buffer, ByteBuffer view, int index, int len) {
        if (buffer.hasArray()) {
            crc.update(buffer.array(), buffer.arrayOffset() + index, len);
            return;
        }
        ByteBuffer v = view != null ? view : buffer.duplicate();
        v.clear();
        v.position(index).limit(index + len);
        crc.update(v);
    }

    private static int checksum(CRC32 crc, ByteBuffer buf, ByteBuffer view, int index, int len) {
        crc.reset();
        update(crc, buf, view, index, len);
        return (int) (crc.getValue() & 0x7FFFFFFFL);
    }

    /** CRC32 of {@code bytes[off, off+len)}, sign bit cleared. */
    public static int checksum(byte[] bytes, int off, int len) {
        CRC32 crc = CRC.get();
        crc.reset();
        crc.update(bytes, off, len);
        return (int) (crc.getValue() & 0x7FFFFFFFL);
    }

    /** Size of the record carrying a payload of {@code payloadLength} bytes. */
    public static int recordSize(int payloadLength) {
        return HEADER_SIZE + payloadLength;
    }

    public static int length(ByteBuffer buf, int index) {
        return buf.getInt(index + LENGTH_OFFSET);
    }

    public static int storedChecksum(ByteBuffer buf, int index) {
        return buf.getInt(index + CHECKSUM_OFFSET);
    }

    public static long id(ByteBuffer buf, int index) {
        return buf.getLong(index + ID_OFFSET);
    }

    public static int flag(ByteBuffer buf, int index) {
        return buf.getInt(index + FLAG_OFFSET);
    }

    /** Writes a header at absolute {@code index}; the buffer position is unchanged. */
    public static void writeHeader(ByteBuffer dst, int index, int length, int checksum, long id, int flag) {
        dst.putInt(index + LENGTH_OFFSET, length);
        dst.putInt(index + CHECKSUM_OFFSET, checksum);
        dst.putLong(index + ID_OFFSET, id);
        dst.putInt(index + FLAG_OFFSET, flag);
    }

    /** Stamps a new id into the record at absolute {@code index}, leaving the rest untouched. */
    public static void stampId(ByteBuffer buf, int index, long id) {
        buf.putLong(index + ID_OFFSET, id);
    }

    /** Appends one complete record (header and payload) at {@code dst}'s position. */
    public static void write(ByteBuffer dst, long id, int flag, ByteBuffer payload) {
        int len = payload.remaining();
        dst.putInt(len).putInt(checksum(payload)).putLong(id).putInt(flag).put(payload.duplicate());
    }

    /** One record in a new heap buffer, positioned at 0. */
    public static ByteBuffer encode(long id, int flag, byte[] payload) {
        ByteBuffer buf = ByteBuffer.allocate(HEADER_SIZE + payload.length);
        write(buf, id, flag, ByteBuffer.wrap(payload));
        return buf.flip();
    }

    /** True when the 20 bytes at {@code index} are all zero (the end-of-data marker). */
    public static boolean isZeroHeader(ByteBuffer buf, int index) {
        return buf.getLong(index) == 0 && buf.getLong(index + 8) == 0 && buf.getInt(index + 16) == 0;
    }

    /**
     * Checks that {@code buf}'s remaining bytes are a whole number of well-formed records, none with a
     * payload above {@code maxPayload} and none with a zero header; with {@code verifyChecksums} also
     * that every checksum matches.
     *
     * @return the number of records
     * @throws InvalidRecordException naming the offending byte position
     */
    public static int validate(ByteBuffer buf, int maxPayload, boolean verifyChecksums) {
        return check(buf, maxPayload, verifyChecksums, false);
    }

    /**
     * Checks a batch-put body (PROTOCOL extension): whole records with verified checksums whose ids
     * are still zero, for the broker to stamp. Returns the record count.
     *
     * @throws InvalidRecordException naming the offending byte position
     */
    public static int validateBatch(ByteBuffer buf, int maxPayload) {
        return check(buf, maxPayload, true, true);
    }

    private static int check(ByteBuffer buf, int maxPayload, boolean verifyChecksums, boolean unstamped) {
        CRC32 crc = verifyChecksums ? CRC.get() : null;
        ByteBuffer view = verifyChecksums && !buf.hasArray() ? buf.duplicate() : null;
        int pos = buf.position();
        int end = buf.limit();
        int count = 0;
        while (pos < end) {
            if (end - pos < HEADER_SIZE) {
                throw new InvalidRecordException("truncated record header at byte " + (pos - buf.position()));
            }
            int len = length(buf, pos);
            if (len < 0) {
                throw new InvalidRecordException("negative record length " + len + " at byte " + (pos - buf.position()));
            }
            if (len > maxPayload) {
                throw new MessageTooLargeException(len, maxPayload);
            }
            if (end - pos - HEADER_SIZE < len) {
                throw new InvalidRecordException("record at byte " + (pos - buf.position()) + " claims " + len
                        + " payload bytes but only " + (end - pos - HEADER_SIZE) + " follow");
            }
            if (!unstamped && isZeroHeader(buf, pos)) {
                throw new InvalidRecordException("record at byte " + (pos - buf.position()) + " has an all-zero header");
            }
            if (verifyChecksums && checksum(crc, buf, view, pos + HEADER_SIZE, len) != storedChecksum(buf, pos)) {
                throw new InvalidRecordException("checksum mismatch in record at byte " + (pos - buf.position()));
            }
            pos += HEADER_SIZE + len;
            count++;
        }
        return count;
    }
}
