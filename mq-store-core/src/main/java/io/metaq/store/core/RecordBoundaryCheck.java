package io.metaq.store.core;

import io.metaq.api.record.RecordFormat;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Tells whether a read offset is the start of a record, since a byte offset from a client may point
 * anywhere: the header must be sane, the record must end within the readable limit, and its
 * checksum must match (random bytes pass all three with negligible probability). Segment starts
 * are boundaries by construction and skip the check.
 */
final class RecordBoundaryCheck {
    private final int maxPayload;
    private final ThreadLocal<ByteBuffer> scratch;

    RecordBoundaryCheck(int maxPayload) {
        this.maxPayload = maxPayload;
        this.scratch = ThreadLocal.withInitial(() -> ByteBuffer.allocate(64 * 1024));
    }

    boolean isRecordStart(Segment seg, long offset, long limit) throws IOException {
        if (offset == seg.baseOffset) {
            return true;
        }
        long pos = offset - seg.baseOffset;
        if (limit - offset < RecordFormat.HEADER_SIZE) {
            return false;
        }
        ByteBuffer header = readFully(seg, pos, RecordFormat.HEADER_SIZE);
        int len = RecordFormat.length(header, 0);
        if (RecordFormat.isZeroHeader(header, 0) || len < 0 || len > maxPayload
                || len > limit - offset - RecordFormat.HEADER_SIZE) {
            return false;
        }
        int stored = RecordFormat.storedChecksum(header, 0);
        ByteBuffer payload = readFully(seg, pos + RecordFormat.HEADER_SIZE, len);
        return RecordFormat.checksum(payload, 0, len) == stored;
    }

    private ByteBuffer readFully(Segment seg, long pos, int len) throws IOException {
        ByteBuffer buf = scratch.get();
        if (buf.capacity() < len) {
            buf = ByteBuffer.allocate(Integer.highestOneBit(len - 1) << 1);
            if (buf.capacity() <= 4 << 20) {
                scratch.set(buf);
            }
        }
        buf.clear().limit(len);
        while (buf.hasRemaining()) {
            if (seg.storage.read(buf, pos + buf.position()) < 0) {
                throw new IOException(seg.path + ": ended at " + (pos + buf.position()) + " inside written data");
            }
        }
        return buf.flip();
    }
}
