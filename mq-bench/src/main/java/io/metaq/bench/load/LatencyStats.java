package io.metaq.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in microseconds: recorded from any thread without locking (an HdrHistogram
 * {@link Recorder}), read per interval by the progress line and in total at the end.
 */
final class LatencyStats {
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private Histogram interval;

    /** Records one latency; negative values (clocks of different hosts) count as 0. */
    void recordMicros(long micros) {
        recorder.recordValue(Math.max(0, micros));
    }

    /** The values recorded since the previous call (they also go into the total). Reused: read it at once. */
    synchronized Histogram sampleInterval() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return interval;
    }

    /** Everything recorded so far. */
    synchronized Histogram total() {
        sampleInterval();
        return total.copy();
    }
}
