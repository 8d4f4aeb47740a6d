package io.metaq.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What a run did, and its output: one {@code name=value} per line, first the six fixed lines
 * ({@code msgs_per_s}, {@code mb_per_s}, {@code p50_ms}, {@code p99_ms}, {@code p999_ms},
 * {@code errors}), then extras ({@code mode}, {@code messages}, {@code elapsed_s}, {@code max_ms},
 * {@code complete}).
 *
 * @param mode          produce, consume or e2e
 * @param messages      messages acknowledged (produce) or received (consume, e2e)
 * @param bytes         their payload bytes
 * @param elapsedNanos  the time the throughput is measured over
 * @param errors        failed sends, messages not acknowledged in time, messages never received
 * @param p50Micros     latency percentiles, 0 when nothing was measured
 * @param p99Micros     -
 * @param p999Micros    -
 * @param maxMicros     -
 * @param complete      whether the run did all its messages (not cut short by the duration or idleness)
 */
public record LoadResult(String mode, long messages, long bytes, long elapsedNanos, long errors, long p50Micros,
        long p99Micros, long p999Micros, long maxMicros, boolean complete) {

    /** A result with the percentiles of {@code latencies} (microseconds; may be null or empty). */
    static LoadResult of(String mode, long messages, long bytes, long elapsedNanos, long errors, Histogram latencies,
            boolean complete) {
        boolean none = latencies == null || latencies.getTotalCount() == 0;
        return new LoadResult(mode, messages, bytes, Math.max(0, elapsedNanos), errors,
                none ? 0 : latencies.getValueAtPercentile(50.0),
                none ? 0 : latencies.getValueAtPercentile(99.0),
                none ? 0 : latencies.getValueAtPercentile(99.9),
                none ? 0 : latencies.getMaxValue(), complete);
    }

    /** Messages per second over {@link #elapsedNanos}, 0 when no time passed. */
    public long msgsPerSecond() {
        return elapsedNanos <= 0 ? 0 : Math.round(messages * 1e9 / elapsedNanos);
    }

    /** Payload MiB per second over {@link #elapsedNanos}, 0 when no time passed. */
    public double mibPerSecond() {
        return elapsedNanos <= 0 ? 0 : bytes / 1048576.0 / (elapsedNanos / 1e9);
    }

    /** The output lines. */
    public List<String> lines() {
        List<String> out = new ArrayList<>(11);
        out.add("msgs_per_s=" + msgsPerSecond());
        out.add("mb_per_s=" + String.format(Locale.ROOT, "%.1f", mibPerSecond()));
        out.add("p50_ms=" + millis(p50Micros));
        out.add("p99_ms=" + millis(p99Micros));
        out.add("p999_ms=" + millis(p999Micros));
        out.add("errors=" + errors);
        out.add("mode=" + mode);
        out.add("messages=" + messages);
        out.add("elapsed_s=" + String.format(Locale.ROOT, "%.3f", elapsedNanos / 1e9));
        out.add("max_ms=" + millis(maxMicros));
        out.add("complete=" + complete);
        return out;
    }

    static String millis(long micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }
}
