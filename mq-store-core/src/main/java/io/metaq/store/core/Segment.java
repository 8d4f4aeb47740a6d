package io.metaq.store.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One segment as the engine sees it: where it starts, how many bytes it holds, its storage and time
 * index, the quarantined holes recovery found in it, and a reference count so that retention or
 * shutdown never closes a file under an open read view.
 */
final class Segment {
    private static final Logger LOG = LoggerFactory.getLogger(Segment.class);
    private static final long[] NO_HOLES = new long[0];

    final long baseOffset;
    final Path path;
    final SegmentStorage storage;
    final TimeIndex timeIndex;
    /** Absolute [start, end) offsets of records that failed their checksum, flattened, ascending. */
    private final long[] holes;
    private final RefCount refs;
    /** Bytes written; advanced only under the partition's append lock. */
    volatile long size;
    /** Base offset of the newest append batch, for the final time-index entry. */
    long lastBatchOffset = -1;
    volatile boolean sealed;
    private volatile boolean deleteFiles;

    Segment(long baseOffset, Path path, SegmentStorage storage, TimeIndex timeIndex, long size, long[] holes) {
        this.baseOffset = baseOffset;
        this.path = path;
        this.storage = storage;
        this.timeIndex = timeIndex;
        this.size = size;
        this.holes = holes == null ? NO_HOLES : holes;
        this.refs = new RefCount(this::closeFiles);
    }

    long endOffset() {
        return baseOffset + size;
    }

    boolean tryAcquire() {
        return refs.tryAcquire();
    }

    void release() {
        refs.release();
    }

    /** The start of the first hole after {@code offset} (a read stops there), or {@code Long.MAX_VALUE}. */
    long nextHoleStart(long offset) {
        for (int i = 0; i < holes.length; i += 2) {
            if (holes[i] > offset) {
                return holes[i];
            }
        }
        return Long.MAX_VALUE;
    }

    /** The hole containing {@code offset} as {start, end}, or null. */
    long[] holeAt(long offset) {
        for (int i = 0; i < holes.length; i += 2) {
            if (offset >= holes[i] && offset < holes[i + 1]) {
                return new long[] {holes[i], holes[i + 1]};
            }
        }
        return null;
    }

    /** Stops appends here: the time index is completed and the storage sealed. Caller forced the data. */
    void seal(long lastAppendTime) throws IOException {
        if (lastBatchOffset >= 0) {
            timeIndex.addFinalEntry(lastAppendTime, lastBatchOffset);
        }
        timeIndex.seal();
        storage.seal(size);
        sealed = true;
    }

    /** Drops the owner's reference; the files are closed (and deleted if asked) once no view pins them. */
    void retire(boolean delete) {
        this.deleteFiles = delete;
        refs.retire();
    }

    private void closeFiles() {
        try {
            storage.close(size);
        } catch (IOException e) {
            LOG.warn("{}: close failed: {}", path, e.toString());
        }
        if (deleteFiles) {
            try {
                Files.deleteIfExists(path);
                Files.deleteIfExists(TimeIndex.pathFor(path.getParent(), baseOffset));
                LOG.info("deleted segment {}", path);
            } catch (IOException e) {
                LOG.warn("{}: delete failed: {}", path, e.toString());
            }
        }
    }
}
