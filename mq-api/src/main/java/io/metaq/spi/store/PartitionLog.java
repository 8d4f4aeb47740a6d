package io.metaq.spi.store;

import io.metaq.api.TopicPartition;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One partition: an append-only log of records addressed by byte offset, stored as segment files.
 *
 * <h2>On disk</h2>
 * A directory {@code <topic>-<partition>/} under the store's data directory holding:
 * <ul>
 *   <li>{@code <20-digit base offset>.meta}: a segment, the concatenation of records in the layout of
 *       {@link io.metaq.api.record.RecordFormat} ({@code [length:4][checksum:4][msgId:8][flag:4][payload]},
 *       big-endian), named by the log offset of its first byte. Each segment starts where the previous
 *       one ended.</li>
 *   <li>{@code <20-digit base offset>.timeindex}: the segment's sparse time index, 16-byte entries
 *       {@code [appendTimeMs:8][offset:8]} (big-endian, offset absolute), non-decreasing in both
 *       fields; rebuilt when missing or damaged.</li>
 *   <li>{@code recovery-point}: a checkpoint, {@code "<offset>\n"}, below which every byte is known to
 *       be durable; written to a temporary file, fsynced, renamed and the directory fsynced.</li>
 *   <li>{@code clean-shutdown}: present only while the partition is closed after a clean close.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * All methods are thread-safe. {@link #append} may be called by many threads at once and never waits
 * for an fsync; appends are ordered as their calls enter. Reads never block appends. The store closes
 * every partition when it closes; {@link MessageStore#deletePartition} closes one early.
 */
public interface PartitionLog {

    TopicPartition topicPartition();

    LogConfig config();

    /**
     * Appends the records in {@code records} (position to limit; one or more whole records, ids and
     * checksums already set). Record framing is checked (lengths, size limit, no all-zero header);
     * checksums are the caller's job. The records are written (copied out of the buffer) before this
     * method returns, so the caller may reuse the buffer at once, even while the future is pending.
     *
     * @return completes when the flush mode is satisfied (written, or written and fsynced); completes
     *     exceptionally with {@link io.metaq.api.InvalidRecordException} for malformed input,
     *     {@link io.metaq.api.PartitionReadOnlyException} after an I/O error, or
     *     {@link io.metaq.api.StoreClosedException}
     */
    CompletableFuture<AppendResult> append(ByteBuffer records);

    /**
     * Reads records starting at {@code offset}, at most {@code maxBytes} bytes and never past the
     * end of the segment holding {@code offset}. Never returns bytes that failed their checksum during
     * recovery, bytes beyond the visible end, or bytes from a deleted segment.
     *
     * @param maxBytes must be positive
     * @throws io.metaq.api.StoreClosedException when the partition has been closed (store closed or
     *     partition deleted) and the read would need a segment
     */
    ReadResult read(long offset, int maxBytes);

    /** Offset of the oldest retained record. */
    long minOffset();

    /**
     * The visible end: records below it can be read. In INTERVAL mode it advances on write; in
     * GROUP mode only after the fsync, so readers never see data that a crash could take back.
     */
    long maxOffset();

    /** Offset below which every byte is known to be on disk. */
    long durableOffset();

    /**
     * The offset the {@code offset} command answers (PROTOCOL.md §2.3): the start of the segment
     * holding {@code offset}, {@link #maxOffset()} at or past the end, {@link #minOffset()} before the start.
     */
    long nearestOffset(long offset);

    /**
     * An offset from which a reader sees every record appended at or after {@code timestampMs}: the
     * offset of the last time-index entry older than {@code timestampMs}, so at most about
     * {@link LogConfig#indexIntervalBytes()} of earlier records come first. {@link #maxOffset()} when
     * every record is older; {@link #minOffset()} when none is.
     */
    long offsetForTime(long timestampMs);

    /** Forces everything written so far to disk, returning the new durable offset. */
    long flush();

    /** Bytes held in all segments. */
    long sizeInBytes();

    /** The segments, oldest first. */
    List<SegmentInfo> segments();

    /** True after a write or fsync error; appends then fail, reads still work. */
    boolean isReadOnly();

    /**
     * Registers a listener for visible-end advances.
     *
     * @return closing it unregisters the listener
     */
    AutoCloseable addAppendListener(AppendListener listener);
}
