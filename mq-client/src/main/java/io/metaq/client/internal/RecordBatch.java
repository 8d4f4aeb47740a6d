package io.metaq.client.internal;

import io.metaq.api.record.RecordFormat;
import io.metaq.client.Partition;
import io.metaq.client.SendResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Messages for one partition encoded back to back in the stored record layout (PROTOCOL.md §3.2) with
 * ids left zero, ready to go out as one {@code bput}; the checksum of each payload is computed here
 * so the broker only verifies it. The buffer starts small and doubles up to the batch size. Not
 * thread-safe: its {@link PartitionQueue} guards it.
 */
final class RecordBatch {
    /** The broker stamps a batch with consecutive ids from one millisecond's sequence space. */
    static final int MAX_RECORDS = 4096;
    private final int maxBytes;
    private final BufferPool pool;
    private final long createdNanos = System.nanoTime();
    private final List<CompletableFuture<SendResult>> futures;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final ByteBuffer buf;
    private int attempts;

    RecordBatch(int maxBytes, int firstRecordSize, BufferPool pool) {
        this.maxBytes = maxBytes;
        this.pool = pool;
        this.buf = pool.take(Math.max(maxBytes, firstRecordSize));
        // sized for ~1 KiB messages, so a full batch does not regrow its list a dozen times
        this.futures = new ArrayList<>(Math.max(16, Math.min(MAX_RECORDS, maxBytes / 1024)));
    }

    /** The stored size of a message's record. */
    static int recordSize(byte[] data, byte[] attribute) {
        return RecordFormat.HEADER_SIZE + (attribute == null ? 0 : 4 + attribute.length) + data.length;
    }

    static byte[] attributeBytes(String attribute) {
        return attribute == null ? null : attribute.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Appends a record unless the batch is full (the first record always fits).
     *
     * @return false when the batch cannot take it
     */
    boolean tryAppend(byte[] data, byte[] attribute, int size, CompletableFuture<SendResult> future) {
        if (count() > 0 && (buf.position() + size > maxBytes || count() >= MAX_RECORDS)) {
            return false;
        }
        int start = buf.position();
        int payloadLength = size - RecordFormat.HEADER_SIZE;
        int flag = attribute == null ? 0 : RecordFormat.FLAG_HAS_ATTRIBUTE;
        buf.position(start + RecordFormat.HEADER_SIZE);
        if (attribute != null) {
            buf.putInt(attribute.length).put(attribute);
        }
        buf.put(data);
        int checksum = RecordFormat.checksum(buf, start + RecordFormat.HEADER_SIZE, payloadLength);
        RecordFormat.writeHeader(buf, start, payloadLength, checksum, 0L, flag);
        futures.add(future);
        return true;
    }

    boolean isFull() {
        return buf.position() >= maxBytes || count() >= MAX_RECORDS;
    }

    int count() {
        return futures.size();
    }

    int bytes() {
        return buf.position();
    }

    long ageNanos() {
        return System.nanoTime() - createdNanos;
    }

    /** The records, positioned at 0; a fresh view each call so a retry re-sends the same bytes. */
    ByteBuffer records() {
        return buf.duplicate().flip();
    }

    void nextAttempt() {
        attempts++;
    }

    int attempts() {
        return attempts;
    }

    /** True while the batch has been sent at most {@code retries} times. */
    boolean nextAttemptAllowed(int retries) {
        return attempts <= retries;
    }

    /** Completes every message's future: the i-th record got id firstId + i (PROTOCOL-EXTENSIONS E2). */
    void succeeded(String topic, Partition partition, long firstId, long firstOffset) {
        ByteBuffer records = records();
        int pos = 0;
        long offset = firstOffset;
        for (int i = 0; i < futures.size(); i++) {
            int size = RecordFormat.HEADER_SIZE + RecordFormat.length(records, pos);
            futures.get(i).complete(new SendResult(firstId + i, topic, partition, offset));
            pos += size;
            offset += size;
        }
        pool.give(buf); // acknowledged: the broker has read every byte, no write of it is pending
        done.complete(null);
    }

    void failed(Throwable e) {
        for (CompletableFuture<SendResult> f : futures) {
            f.completeExceptionally(e);
        }
        done.complete(null);
    }

    /** Completes (normally) once every message's future is completed, whatever the outcome. */
    CompletableFuture<Void> done() {
        return done;
    }
}
