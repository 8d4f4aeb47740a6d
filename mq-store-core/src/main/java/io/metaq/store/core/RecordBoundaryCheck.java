package io.metaq.store.core;

import io.metaq.api.record.RecordFormat;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Tells whether a read offset is the start of a record, since a byte offset from a client may point
 * anywhere. Record framing only chains forward, so the check walks the record headers from the
 * nearest known boundary at or before the offset (a time-index entry, at most about one index
 * interval back, or the segment start) and requires the walk to land on the offset exactly; the
 * record found there must also pass its checksum. Looking at the bytes at the offset alone is not
 * enough: a run of zeros inside a payload reads as a valid empty record.
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
        long from = Math.max(seg.timeIndex.floorOffset(offset), seg.baseOffset);
        Boolean landed = walk(seg, from, offset);
        if (landed == null && from != seg.baseOffset) {
            landed = walk(seg, seg.baseOffset, offset); // the index entry was not a boundary: trust only the start
        }
        if (landed == null || !landed) {
            return false;
        }
        if (limit - offset < RecordFormat.HEADER_SIZE) {
            return false;
        }
        ByteBuffer header = readFully(seg, offset - seg.baseOffset, RecordFormat.HEADER_SIZE);
        int len = RecordFormat.length(header, 0);
        if (RecordFormat.isZeroHeader(header, 0) || len < 0 || len > maxPayload
                || len > limit - offset - RecordFormat.HEADER_SIZE) {
            return false;
        }
        int stored = RecordFormat.storedChecksum(header, 0);
        ByteBuffer payload = readFully(seg, offset - seg.baseOffset + RecordFormat.HEADER_SIZE, len);
        return RecordFormat.checksum(payload, 0, len) == stored;
    }

    /** True when the headers from {@code from} land exactly on {@code target}, false when they jump over it, null when they run into bytes that are no header. */
    private Boolean walk(Segment seg, long from, long target) throws IOException {
        long end = seg.endOffset();
        long pos = from;
        while (pos < target) {
            long[] hole = seg.holeAt(pos);
            if (hole != null) {
                if (hole[0] != pos) {
                    return null;
                }
                pos = hole[1];
                continue;
            }
            if (end - pos < RecordFormat.HEADER_SIZE) {
                return null;
            }
            ByteBuffer header = readFully(seg, pos - seg.baseOffset, RecordFormat.HEADER_SIZE);
            int len = RecordFormat.length(header, 0);
            if (len < 0 || len > maxPayload || len > end - pos - RecordFormat.HEADER_SIZE) {
                return null;
            }
            pos += RecordFormat.HEADER_SIZE + len;
        }
        return pos == target;
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
