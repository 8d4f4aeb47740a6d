package io.metaq.broker.core;

import io.metaq.api.InvalidRecordException;
import io.metaq.api.record.RecordFormat;
import io.metaq.spi.store.AppendResult;
import io.metaq.spi.store.PartitionLog;
import io.metaq.spi.transport.ResultResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one partition. Event-loop threads enqueue puts and return at once; a worker
 * drains the queue, checks each payload's checksum, builds the records of everything queued into one
 * buffer (ids stamped in place; the records of a batch put get consecutive ids from one
 * {@link MessageIdGenerator#nextBlock} call) and makes one store append of it, so many puts from many
 * connections cost one write (and, in group mode, share one fsync). Puts are stored in the order they
 * were enqueued, so one connection's puts to a partition keep their order.
 */
final class PartitionWriter {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionWriter.class);
    private static final int MAX_BATCH_BYTES = 1 << 20;
    private static final int MAX_SCRATCH_BYTES = 8 << 20;
    private static final ThreadLocal<ByteBuffer> SCRATCH = new ThreadLocal<>();

    private final String name;
    private final PartitionLog log;
    private final MessageIdGenerator ids;
    private final Executor executor;
    private final int maxMessageSize;
    private final BrokerStats stats;
    private final ConcurrentLinkedQueue<PutRequestItem> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    PartitionWriter(String topic, int partition, PartitionLog log, MessageIdGenerator ids, Executor executor,
            int maxMessageSize, BrokerStats stats) {
        this.name = topic + "-" + partition;
        this.log = log;
        this.ids = ids;
        this.executor = executor;
        this.maxMessageSize = maxMessageSize;
        this.stats = stats;
    }

    PartitionLog log() {
        return log;
    }

    void submit(PutRequestItem item) {
        queue.add(item);
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            do {
                writeBatch();
                scheduled.set(false);
            } while (!queue.isEmpty() && scheduled.compareAndSet(false, true));
        } catch (RuntimeException e) {
            scheduled.set(false);
            LOG.error("{}: writer failed", name, e);
        }
    }

    private void writeBatch() {
        List<PutRequestItem> items = new ArrayList<>();
        int bytes = 0;
        PutRequestItem item;
        while (bytes < MAX_BATCH_BYTES && (item = queue.poll()) != null) {
            if (!check(item)) {
                continue;
            }
            items.add(item);
            bytes += recordBytes(item);
        }
        if (items.isEmpty()) {
            return;
        }
        long[] firstIds = new long[items.size()];
        int[] counts = new int[items.size()];
        ByteBuffer buf;
        PutRequestItem only = items.size() == 1 ? items.get(0) : null;
        if (only != null && only.batch() && !only.payload().isReadOnly()) {
            // The common case under load: one bput. Its buffer is a view of the receive buffer, held
            // until the answer, so ids are stamped in place and it goes to the store without a copy.
            buf = only.payload().duplicate();
            counts[0] = stampBatch(buf, buf.position(), buf.limit());
            firstIds[0] = RecordFormat.id(buf, buf.position());
        } else {
            buf = scratch(bytes);
            for (int i = 0; i < items.size(); i++) {
                PutRequestItem it = items.get(i);
                if (it.batch()) {
                    int start = buf.position();
                    buf.put(it.payload().duplicate());
                    counts[i] = stampBatch(buf, start, buf.position());
                    firstIds[i] = RecordFormat.id(buf, start);
                } else {
                    long id = ids.next();
                    firstIds[i] = id;
                    counts[i] = 1;
                    ByteBuffer payload = it.payload().duplicate();
                    int crc = it.checksum() != -1 ? it.checksum() : RecordFormat.checksum(payload);
                    buf.putInt(payload.remaining()).putInt(crc).putLong(id).putInt(it.flag()).put(payload);
                }
            }
            buf.flip();
        }
        int n = items.size();
        log.append(buf).whenComplete((AppendResult r, Throwable e) -> {
            if (e != null) {
                String detail = e.getCause() != null && e instanceof java.util.concurrent.CompletionException
                        ? e.getCause().toString() : e.toString();
                for (PutRequestItem it : items) {
                    stats.putFailed.increment();
                    it.callback().failed(ResultResponse.INTERNAL_ERROR,
                            "Put message to partition '" + name + "' failed.Detail:" + detail);
                }
                return;
            }
            long offset = r.baseOffset();
            for (int i = 0; i < n; i++) {
                PutRequestItem it = items.get(i);
                it.callback().stored(firstIds[i], offset, counts[i]);
                offset += recordBytes(it);
            }
            stats.messagesIn.add(r.recordCount());
            stats.bytesIn.add(r.nextOffset() - r.baseOffset());
        });
    }

    /** Stamps one block of consecutive ids on the records in [start, end): the k-th gets firstId + k. */
    private int stampBatch(ByteBuffer buf, int start, int end) {
        int count = 0;
        for (int pos = start; pos < end; pos += RecordFormat.HEADER_SIZE + RecordFormat.length(buf, pos)) {
            count++;
        }
        long id = ids.nextBlock(count);
        for (int pos = start; pos < end; pos += RecordFormat.HEADER_SIZE + RecordFormat.length(buf, pos)) {
            RecordFormat.stampId(buf, pos, id++);
        }
        return count;
    }

    /**
     * A direct buffer of the writer thread, reused for every batch it builds: the store copies the
     * records out before append returns (PartitionLog#append), and a direct buffer saves the JDK's copy
     * into its own temporary one on the way to the file.
     */
    private static ByteBuffer scratch(int bytes) {
        ByteBuffer b = SCRATCH.get();
        if (b == null || b.capacity() < bytes) {
            if (bytes > MAX_SCRATCH_BYTES) {
                return ByteBuffer.allocate(bytes); // rare: not worth keeping a huge buffer per thread
            }
            b = ByteBuffer.allocateDirect(Math.max(bytes, MAX_BATCH_BYTES + (64 << 10)));
            SCRATCH.set(b);
        }
        return b.clear();
    }

    private static int recordBytes(PutRequestItem it) {
        return it.batch() ? it.payload().remaining() : RecordFormat.HEADER_SIZE + it.payload().remaining();
    }

    /** Verifies a put's checksum or a batch's framing and checksums; answers and drops it when bad. */
    private boolean check(PutRequestItem it) {
        try {
            if (it.batch()) {
                int count = RecordFormat.validateBatch(it.payload(), maxMessageSize);
                if (count == 0) {
                    throw new InvalidRecordException("empty batch");
                }
                if (count > MessageIdGenerator.MAX_BLOCK) {
                    // The handler refuses such a declared count; this guards the ids of a body holding more.
                    throw new InvalidRecordException("batch of " + count + " records exceeds "
                            + MessageIdGenerator.MAX_BLOCK + " records per batch");
                }
            } else if (it.checksum() != -1 && RecordFormat.checksum(it.payload()) != it.checksum()) {
                throw new InvalidRecordException("InvalidCheckSumException: checksum of the message body does not match "
                        + it.checksum());
            }
            return true;
        } catch (InvalidRecordException e) {
            stats.putFailed.increment();
            it.callback().failed(it.batch() ? ResultResponse.BAD_REQUEST : ResultResponse.INTERNAL_ERROR,
                    "Put message to partition '" + name + "' failed.Detail:" + e.getMessage());
            return false;
        }
    }
}
