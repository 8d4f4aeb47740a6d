package io.metaq.bench;

import io.metaq.api.record.RecordFormat;
import io.metaq.spi.store.FlushMode;
import io.metaq.spi.store.LogConfig;
import io.metaq.spi.store.StoreConfig;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Appends of single records to one partition, keeping {@code inFlight} appends outstanding.
 *
 * <p>One operation is one {@link io.metaq.spi.store.PartitionLog#append} of one pre-encoded record
 * (a {@code recordSize}-byte payload, so {@code recordSize + 20} bytes on disk) with a fresh non-zero
 * id stamped in place. The benchmark thread keeps a window of {@code inFlight} futures: when the
 * window is full it first waits for the oldest one, whose buffer it then reuses (the caller may not
 * touch a buffer until its append completes, hence a ring of {@code inFlight} direct buffers). So the
 * score in ops/s is appends per second; the {@code bytes} counter is the same in record bytes per
 * second and {@code records} counts records per second.
 *
 * <p>{@code batch} (default 1) puts that many records in each append, the way the broker appends a
 * batch put: a diagnostic for per-append overhead. The score then counts appends, not records; read
 * the {@code records} counter.
 *
 * <p>Segments are {@value StoreBenchmarkBase#SEGMENT_BYTES} bytes and retention keeps about
 * {@link #RETENTION_BYTES} per partition, enforced between iterations (and by the store's own
 * schedule every second), so a long run cannot fill the disk.
 */
@State(Scope.Thread)
public class AppendBenchmark extends StoreBenchmarkBase {
    /** Bytes retention keeps per partition. */
    public static final long RETENTION_BYTES = 2L << 30;

    @Param({"file", "mmap"})
    public String provider;

    @Param({"GROUP", "INTERVAL"})
    public FlushMode flushMode;

    @Param({"1", "64"})
    public int inFlight;

    /** Payload bytes per record; the record adds a 20-byte header. */
    @Param({"1024"})
    public int recordSize;

    /** Records per append; 1 is the benchmark proper, more shows what batching would buy. */
    @Param({"1"})
    public int batch;

    private ByteBuffer[] buffers;
    private CompletableFuture<?>[] window = new CompletableFuture<?>[0];
    private int next;
    private long nextId = 1;

    /** Record bytes and records submitted, reported per second next to the score. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        public long bytes;
        public long records;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
            records = 0;
        }
    }

    @Override
    protected String providerName() {
        return provider;
    }

    @Override
    protected LogConfig logConfig() {
        return LogConfig.defaults()
                .withSegmentBytes(SEGMENT_BYTES)
                .withFlushMode(flushMode)
                .withRetention(-1, RETENTION_BYTES);
    }

    @Override
    protected StoreConfig.Builder storeConfig(StoreConfig.Builder b) {
        return b.retentionCheckIntervalMs(1000);
    }

    @Override
    protected void afterOpen() {
        buffers = new ByteBuffer[inFlight];
        for (int i = 0; i < inFlight; i++) {
            buffers[i] = records(batch, recordSize, 1);
        }
        window = new CompletableFuture<?>[inFlight];
        next = 0;
    }

    @Benchmark
    public void append(Counters counters) {
        int slot = next;
        CompletableFuture<?> oldest = window[slot];
        if (oldest != null) {
            oldest.join();
        }
        ByteBuffer buf = buffers[slot];
        buf.clear();
        for (int i = 0, step = RecordFormat.recordSize(recordSize); i < batch; i++) {
            RecordFormat.stampId(buf, i * step, nextId++);
        }
        window[slot] = log.append(buf);
        counters.bytes += buf.capacity();
        counters.records += batch;
        next = slot + 1 == window.length ? 0 : slot + 1;
    }

    /** Waits for the appends still outstanding, then applies retention before the next iteration. */
    @TearDown(Level.Iteration)
    public void drainAndTrim() {
        drain();
        store.enforceRetention();
    }

    @Override
    protected void beforeClose() {
        drain();
    }

    private void drain() {
        for (int i = 0; i < window.length; i++) {
            CompletableFuture<?> f = window[i];
            if (f != null) {
                f.join();
                window[i] = null;
            }
        }
    }
}
