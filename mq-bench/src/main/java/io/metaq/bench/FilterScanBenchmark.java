package io.metaq.bench;

import io.metaq.api.record.PayloadCodec;
import io.metaq.api.record.RecordFormat;
import io.metaq.broker.filter.FilterScanner;
import io.metaq.spi.filter.FilterContext;
import io.metaq.spi.filter.MessageFilter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The broker's filtered-fetch scan ({@link FilterScanner}, what a {@code get} of a filtered group runs
 * over each window) on a 1 MiB window of records with a {@code recordSize}-byte payload, each with an
 * attribute ({@code eu-<n>} or {@code us-<n>}), through an attribute-prefix filter: the target is at
 * least 1 GB/s of 1 KiB records.
 *
 * <p>{@code match=all}: every record is accepted, so the scan runs to the window's end (the answer is a
 * {@code value} of the whole window); {@code match=none}: every record is rejected, so it also runs to
 * the end (the answer is a {@code 301} past it). Either way every record is parsed, its attribute
 * decoded and the filter called once, as the broker does; the window sits in a direct buffer, as the
 * broker reads a file-store window into one. The filter is written inline (decode the attribute, test
 * its prefix), as the built-in {@code attribute} provider's prefix match does. The score is scans per
 * second; the {@code bytes} counter is record bytes scanned per second, the figure to compare.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FilterScanBenchmark {
    /** Payload bytes per record (attribute prefix included). */
    @Param({"1024"})
    public int recordSize;

    @Param({"all", "none"})
    public String match;

    /** Bytes of the scanned window. */
    @Param({"1048576"})
    public int windowBytes;

    private ByteBuffer window;
    private FilterScanner scanner;
    private MessageFilter filter;
    private final FilterContext context = new FilterContext("orders", "billing", 0);

    /** Record bytes scanned, reported per second next to the score. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        window = ByteBuffer.allocateDirect(windowBytes);
        long id = 1;
        for (int n = 0; ; n++) {
            String attribute = (n % 2 == 0 ? "eu-" : "us-") + n;
            byte[] attr = attribute.getBytes(StandardCharsets.UTF_8);
            byte[] data = new byte[Math.max(0, recordSize - 4 - attr.length)];
            java.util.Arrays.fill(data, (byte) 'a');
            byte[] payload = PayloadCodec.encode(data, attribute);
            if (window.remaining() < RecordFormat.recordSize(payload.length)) {
                break;
            }
            RecordFormat.write(window, id++, PayloadCodec.flagFor(attribute), ByteBuffer.wrap(payload));
        }
        window.flip();
        scanner = new FilterScanner(TimeUnit.MILLISECONDS.toNanos(10), Integer.MAX_VALUE);
        // Every record's attribute starts with "eu-" or "us-": a prefix both share accepts all, another none.
        String prefix = match.equals("all") ? "" : "ap-";
        filter = (ctx, message) -> {
            String a = message.attribute();
            return a != null && a.startsWith(prefix);
        };
    }

    @Benchmark
    public FilterScanner.Result scan(Bytes counter) {
        FilterScanner.Result r = scanner.scan(window, 0, filter, context, false);
        int end = r.acceptedEnd() > 0 ? r.acceptedEnd() : r.wholeEnd();
        if (end == 0) {
            throw new IllegalStateException("nothing scanned");
        }
        counter.bytes += end;
        return r;
    }
}
