package io.metaq.store.core;

import static java.util.Objects.requireNonNull;

import io.metaq.api.InvalidRecordException;
import io.metaq.api.PartitionReadOnlyException;
import io.metaq.api.StoreClosedException;
import io.metaq.api.StoreException;
import io.metaq.api.TopicPartition;
import io.metaq.api.record.RecordFormat;
import io.metaq.spi.store.AppendListener;
import io.metaq.spi.store.AppendResult;
import io.metaq.spi.store.FlushMode;
import io.metaq.spi.store.LogConfig;
import io.metaq.spi.store.PartitionLog;
import io.metaq.spi.store.ReadResult;
import io.metaq.spi.store.SegmentInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partition log over segment files, the engine both store providers share.
 *
 * <p>Appends run on the caller's thread under one lock: a positional write into the active
 * segment (a page-cache copy, never an fsync), then, in GROUP mode, a pending entry that the
 * {@link GroupCommitter} completes after its next fsync; appends arriving during an fsync share the
 * following one. Reads take no lock: they pin a segment and return a zero-copy view bounded by the
 * visible end. Flushing, retention and recovery live in their own classes.
 */
final class SegmentedLog implements PartitionLog {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentedLog.class);

    private final TopicPartition partition;
    private final Path dir;
    private final LogConfig config;
    private final int maxMessageSize;
    private final LongSupplier clock;
    private final SegmentStorageFactory storages;
    private final ConcurrentSkipListMap<Long, Segment> segments;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final CopyOnWriteArrayList<AppendListener> listeners = new CopyOnWriteArrayList<>();
    private final RecordBoundaryCheck boundaryCheck;
    final GroupCommitter committer;

    /** Guarded by appendLock. */
    private Segment active;
    private int unflushedMessages;
    /** Written under appendLock; read anywhere. */
    private volatile long writtenEnd;
    private volatile long visibleEnd;
    private volatile long lastAppendTime;
    private volatile Throwable failure;
    private volatile boolean closed;

    SegmentedLog(TopicPartition partition, Path dir, LogConfig config, int maxMessageSize, LongSupplier clock,
            SegmentStorageFactory storages, List<Segment> loaded, long lastAppendTime,
            java.util.concurrent.Executor flushExecutor) {
        this.partition = requireNonNull(partition, "partition is null");
        this.dir = dir;
        this.config = config;
        this.maxMessageSize = maxMessageSize;
        this.clock = clock;
        this.storages = storages;
        this.segments = new ConcurrentSkipListMap<>();
        for (Segment s : loaded) {
            segments.put(s.baseOffset, s);
        }
        this.active = segments.lastEntry().getValue();
        this.writtenEnd = active.endOffset();
        this.visibleEnd = writtenEnd;
        this.lastAppendTime = lastAppendTime;
        this.boundaryCheck = new RecordBoundaryCheck(maxMessageSize);
        this.committer = new GroupCommitter(this, flushExecutor, writtenEnd, clock);
    }

    @Override
    public TopicPartition topicPartition() {
        return partition;
    }

    @Override
    public LogConfig config() {
        return config;
    }

    Path directory() {
        return dir;
    }

    @Override
    public CompletableFuture<AppendResult> append(ByteBuffer records) {
        int count;
        try {
            count = RecordFormat.validate(records, maxMessageSize, false);
        } catch (InvalidRecordException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (count == 0) {
            return CompletableFuture.failedFuture(new InvalidRecordException("empty append to " + partition));
        }
        int size = records.remaining();
        AppendResult result;
        CompletableFuture<AppendResult> future = null;
        boolean flushNow = false;
        appendLock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new StoreClosedException("partition " + partition));
            }
            if (failure != null) {
                return CompletableFuture.failedFuture(new PartitionReadOnlyException(partition, failure));
            }
            Segment seg = active;
            if (seg.size > 0 && seg.size + size > config.segmentBytes()) {
                seg = roll(size);
            }
            long pos = seg.size;
            seg.storage.write(records.duplicate(), pos);
            long base = seg.baseOffset + pos;
            long end = base + size;
            seg.size = pos + size;
            seg.lastBatchOffset = base;
            long now = Math.max(lastAppendTime, clock.getAsLong());
            lastAppendTime = now;
            seg.timeIndex.onAppend(now, base);
            writtenEnd = end;
            result = new AppendResult(base, end, count, now);
            if (config.flushMode() == FlushMode.GROUP) {
                future = new CompletableFuture<>();
                committer.addPending(end, result, future);
            } else {
                visibleEnd = end;
                unflushedMessages += count;
                if (unflushedMessages >= config.flushIntervalMessages()) {
                    unflushedMessages = 0;
                    flushNow = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            Throwable cause = fail(e);
            return CompletableFuture.failedFuture(new PartitionReadOnlyException(partition, cause));
        } finally {
            appendLock.unlock();
        }
        if (future != null) {
            committer.schedule();
            return future;
        }
        if (flushNow) {
            committer.schedule();
        }
        notifyVisible(result.nextOffset());
        return CompletableFuture.completedFuture(result);
    }

    /**
     * Seals the active segment and opens the next; called under appendLock. The sealed segment's
     * fsync is left to the flush thread (never under the append lock): the durable offset only moves
     * past a byte once every segment up to it has been forced, so nothing is acknowledged early.
     */
    private Segment roll(int incoming) throws IOException {
        Segment old = active;
        old.seal(lastAppendTime);
        long base = old.endOffset();
        long capacity = Math.max(config.segmentBytes(), incoming);
        Path path = SegmentFiles.segmentPath(dir, base);
        SegmentStorage storage = storages.open(path, 0, true, capacity, config.flushMode());
        Segment next = new Segment(base, path, storage,
                TimeIndex.empty(TimeIndex.pathFor(dir, base), config.indexIntervalBytes()), 0, null);
        FileSync.syncDirectory(dir);
        segments.put(base, next);
        active = next;
        LOG.info("{}: rolled to segment {}", partition, path.getFileName());
        return next;
    }

    /**
     * Puts the partition into read-only mode after an I/O error and fails every pending append.
     *
     * @return the first failure's cause
     */
    Throwable fail(Throwable cause) {
        synchronized (this) {
            if (failure == null) {
                failure = cause;
                LOG.error("{}: I/O error, partition is now read-only", partition, cause);
            }
        }
        committer.failPending(new PartitionReadOnlyException(partition, failure));
        return failure;
    }

    /** In GROUP mode, data becomes visible only once durable; called by the committer. */
    synchronized void onDurable(long durable) {
        if (config.flushMode() == FlushMode.GROUP && durable > visibleEnd) {
            visibleEnd = durable;
            notifyVisible(durable);
        }
    }

    private void notifyVisible(long end) {
        for (AppendListener l : listeners) {
            try {
                l.onVisible(partition, end);
            } catch (RuntimeException e) {
                LOG.warn("{}: append listener failed", partition, e);
            }
        }
    }

    long writtenEnd() {
        return writtenEnd;
    }

    /** Segments that may hold bytes at or after {@code from} not yet forced, oldest first. */
    List<Segment> segmentsFrom(long from) {
        List<Segment> out = new ArrayList<>(2);
        Long key = segments.floorKey(from);
        out.addAll(segments.tailMap(key == null ? segments.firstKey() : key).values());
        return out;
    }

    @Override
    public ReadResult read(long offset, int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        while (true) {
            long end = visibleEnd;
            long min = minOffset();
            if (offset == end) {
                return ReadResult.of(ReadResult.Status.AT_END, end);
            }
            if (offset > end) {
                return ReadResult.of(ReadResult.Status.OUT_OF_RANGE, end);
            }
            if (offset < min) {
                return ReadResult.of(ReadResult.Status.OUT_OF_RANGE, min);
            }
            Map.Entry<Long, Segment> e = segments.floorEntry(offset);
            if (e == null || !e.getValue().tryAcquire()) {
                if (closed) {
                    // close() retires every segment without removing it: retrying would spin forever.
                    throw new StoreClosedException("partition " + partition);
                }
                continue; // deleted by retention meanwhile: look again with the new minimum
            }
            Segment seg = e.getValue();
            boolean handedOff = false;
            try {
                ReadResult r = readPinned(seg, offset, maxBytes, end);
                handedOff = r.hasData();
                return r;
            } catch (IOException ex) {
                throw new StoreException(partition + ": read at offset " + offset + " failed: " + ex, ex);
            } finally {
                if (!handedOff) {
                    seg.release();
                }
            }
        }
    }

    private ReadResult readPinned(Segment seg, long offset, int maxBytes, long visible) throws IOException {
        long[] hole = seg.holeAt(offset);
        if (hole != null) {
            return offset == hole[0] ? ReadResult.of(ReadResult.Status.CORRUPT_RECORD, hole[1])
                    : ReadResult.of(ReadResult.Status.NOT_A_BOUNDARY, seg.baseOffset);
        }
        long limit = Math.min(Math.min(seg.endOffset(), visible), seg.nextHoleStart(offset));
        if (offset >= limit || !boundaryCheck.isRecordStart(seg, offset, limit)) {
            return ReadResult.of(ReadResult.Status.NOT_A_BOUNDARY, seg.baseOffset);
        }
        int size = (int) Math.min(maxBytes, limit - offset);
        return ReadResult.data(seg.storage.view(offset, offset - seg.baseOffset, size, seg::release));
    }

    @Override
    public long minOffset() {
        return segments.firstKey();
    }

    @Override
    public long maxOffset() {
        return visibleEnd;
    }

    @Override
    public long durableOffset() {
        return committer.durableOffset();
    }

    @Override
    public long nearestOffset(long offset) {
        long end = visibleEnd;
        if (offset >= end) {
            return end;
        }
        long min = minOffset();
        if (offset < min) {
            return min;
        }
        Long key = segments.floorKey(offset);
        return key == null ? min : key;
    }

    @Override
    public long offsetForTime(long timestampMs) {
        long end = visibleEnd;
        if (lastAppendTime < timestampMs) {
            return end;
        }
        try {
            for (Segment seg : segments.descendingMap().values()) {
                long first = seg.timeIndex.firstTime();
                if (first >= 0 && first < timestampMs) {
                    long off = seg.timeIndex.lastOffsetBefore(timestampMs);
                    return Math.min(Math.max(off, seg.baseOffset), end);
                }
            }
        } catch (IOException e) {
            throw new StoreException(partition + ": time index lookup failed: " + e, e);
        }
        return minOffset();
    }

    @Override
    public long flush() {
        committer.flushNow();
        return committer.durableOffset();
    }

    @Override
    public long sizeInBytes() {
        long total = 0;
        for (Segment s : segments.values()) {
            total += s.size;
        }
        return total;
    }

    @Override
    public List<SegmentInfo> segments() {
        List<SegmentInfo> out = new ArrayList<>();
        for (Segment s : segments.values()) {
            out.add(new SegmentInfo(s.baseOffset, s.size, newestTime(s), !s.sealed));
        }
        return out;
    }

    /** The newest append time of a segment's records, as well as the store knows it. */
    long newestTime(Segment s) {
        return s.sealed ? s.timeIndex.lastTime() : lastAppendTime;
    }

    /** Segments oldest first; for retention. */
    Iterable<Segment> segmentList() {
        return segments.values();
    }

    /** Removes a sealed segment from the log; its files go once no view pins them. */
    boolean removeSegment(Segment s) {
        if (!s.sealed || s == active) {
            return false;
        }
        if (segments.remove(s.baseOffset, s)) {
            s.retire(true);
            return true;
        }
        return false;
    }

    @Override
    public boolean isReadOnly() {
        return failure != null;
    }

    @Override
    public AutoCloseable addAppendListener(AppendListener listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
        return () -> listeners.remove(listener);
    }

    /**
     * Stops appends, forces everything written, completes pending appends (they are durable now),
     * writes the recovery point and the clean-shutdown marker and releases the segments.
     */
    void close(boolean deleteFiles) {
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            appendLock.unlock();
        }
        boolean clean = failure == null;
        try {
            committer.flushNow();
            if (failure == null && !deleteFiles) {
                Segment last = active;
                if (last.lastBatchOffset >= 0) {
                    last.timeIndex.addFinalEntry(lastAppendTime, last.lastBatchOffset);
                }
                last.timeIndex.persist();
                RecoveryPoint.write(dir, committer.durableOffset());
            }
        } catch (IOException | RuntimeException e) {
            clean = false;
            LOG.error("{}: flush at close failed; recovery will scan at next start", partition, e);
        }
        committer.failPending(new StoreClosedException("partition " + partition));
        for (Segment s : segments.values()) {
            s.retire(deleteFiles);
        }
        if (clean && !deleteFiles) {
            try {
                FileSync.writeAtomically(dir.resolve(SegmentFiles.CLEAN_SHUTDOWN), writtenEnd + " " + lastAppendTime + "\n");
            } catch (IOException e) {
                LOG.warn("{}: could not write clean-shutdown marker", partition, e);
            }
        }
    }

    @Override
    public String toString() {
        return "SegmentedLog[" + partition + ", " + minOffset() + ".." + visibleEnd + "]";
    }
}
