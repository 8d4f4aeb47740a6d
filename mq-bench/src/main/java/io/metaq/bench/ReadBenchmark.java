package io.metaq.bench;

import io.metaq.api.record.Record;
import io.metaq.api.record.RecordFormat;
import io.metaq.api.record.RecordIterator;
import io.metaq.spi.store.BufferView;
import io.metaq.spi.store.FileRegionView;
import io.metaq.spi.store.FlushMode;
import io.metaq.spi.store.LogConfig;
import io.metaq.spi.store.ReadResult;
import io.metaq.spi.store.ReadView;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Sequential reads of a filled partition, the way a consumer catching up reads it.
 *
 * <p>The trial starts by appending {@code dataMiB} MiB of records with a {@code recordSize}-byte
 * payload (INTERVAL mode, flushed at the end), which then sit in the page cache: this measures hot
 * reads. One operation is {@code read(offset, readBytes)} at the next offset, consuming the view and
 * closing it; at the end of the log the reader wraps around to the start. Consuming means parsing every
 * complete record in place and handing its id to a {@link Blackhole} (with {@code checksums=true} also
 * verifying each record's CRC, which touches every payload byte):
 * <ul>
 *   <li>a {@link BufferView} (mmap) is parsed where it lies;</li>
 *   <li>a {@link FileRegionView} (file) is first read with one positional read into a reusable direct
 *       buffer, the user-space equivalent of the broker's {@code sendfile}, then parsed there.</li>
 * </ul>
 * The next read starts after the last complete record, since a view may end inside one. The score is
 * reads per second; the {@code bytes} counter is the record bytes consumed per second, the figure to
 * compare (about score x {@code readBytes}, a little less where a view ends at a segment's end or
 * inside a record).
 */
@State(Scope.Thread)
public class ReadBenchmark extends StoreBenchmarkBase {

    @Param({"file", "mmap"})
    public String provider;

    /** Data appended before measuring. */
    @Param({"512"})
    public int dataMiB;

    /** Payload bytes per record. */
    @Param({"1024"})
    public int recordSize;

    /** The {@code maxBytes} of each read. */
    @Param({"1048576"})
    public int readBytes;

    /** Whether to verify each record's checksum while consuming. */
    @Param({"false"})
    public boolean checksums;

    private ByteBuffer sink;
    private long offset;

    /** Record bytes consumed, reported per second next to the score. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
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
                .withFlushMode(FlushMode.INTERVAL)
                .withRetention(-1, -1);
    }

    /** Fills the partition with batches of about 1 MiB, a few appends in flight. */
    @Override
    protected void afterOpen() {
        int recordBytes = RecordFormat.recordSize(recordSize);
        int perBatch = Math.max(1, (1 << 20) / recordBytes);
        long target = (long) dataMiB << 20;
        int inFlight = 4;
        ByteBuffer[] batches = new ByteBuffer[inFlight];
        CompletableFuture<?>[] window = new CompletableFuture<?>[inFlight];
        long id = 1;
        for (int i = 0; i < inFlight; i++) {
            batches[i] = records(perBatch, recordSize, id);
        }
        long written = 0;
        for (int n = 0; written < target; n++) {
            int slot = n % inFlight;
            if (window[slot] != null) {
                window[slot].join();
            }
            ByteBuffer b = batches[slot];
            for (int r = 0; r < perBatch; r++) {
                RecordFormat.stampId(b, r * recordBytes, id++);
            }
            b.clear();
            window[slot] = log.append(b);
            written += b.capacity();
        }
        for (CompletableFuture<?> f : window) {
            if (f != null) {
                f.join();
            }
        }
        log.flush();
        sink = ByteBuffer.allocateDirect(readBytes);
        offset = log.minOffset();
    }

    @Benchmark
    public void read(Bytes counter, Blackhole bh) throws IOException {
        ReadResult result = log.read(offset, readBytes);
        switch (result.status()) {
            case DATA -> {
                try (ReadView view = result.view()) {
                    long end = consume(view, bh);
                    counter.bytes += end - view.offset();
                    offset = end;
                }
            }
            case AT_END, OUT_OF_RANGE -> offset = log.minOffset();
            default -> throw new IllegalStateException("unexpected read at offset " + offset + ": " + result);
        }
    }

    /** Parses the view's complete records; returns the log offset just past the last one. */
    private long consume(ReadView view, Blackhole bh) throws IOException {
        ByteBuffer records;
        if (view instanceof BufferView b) {
            records = b.toByteBuffer();
        } else {
            FileRegionView f = (FileRegionView) view;
            sink.clear().limit(view.size());
            long pos = f.position();
            while (sink.hasRemaining()) {
                int n = f.channel().read(sink, pos);
                if (n < 0) {
                    throw new EOFException("segment ended inside the view at offset " + view.offset());
                }
                pos += n;
            }
            records = sink.flip();
        }
        RecordIterator it = new RecordIterator(records, view.offset(), Integer.MAX_VALUE);
        while (it.hasNext()) {
            Record r = it.next();
            bh.consume(r.id());
            if (checksums && !r.checksumValid()) {
                throw new IllegalStateException("bad checksum in " + r);
            }
        }
        long end = it.nextOffset();
        if (end == view.offset()) {
            throw new IllegalStateException("read at offset " + view.offset() + " returned no complete record ("
                    + view.size() + " bytes); raise readBytes");
        }
        return end;
    }
}
