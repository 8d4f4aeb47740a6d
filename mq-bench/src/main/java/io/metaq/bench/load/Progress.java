package io.metaq.bench.load;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * The progress line on standard error while a run goes on: elapsed time, messages so far, the rate and
 * the p99 latency over the last interval. Printed by a daemon thread of its own, which also prints the
 * run's first error.
 */
final class Progress implements AutoCloseable {
    private final Terminal terminal;
    private final String mode;
    private final LongSupplier count;
    private final LatencyStats stats;
    private final ErrorLog errors;
    private final long startNanos;
    private final LongSupplier acked;
    private final ScheduledExecutorService timer;
    private long lastCount;
    private long lastNanos;

    private Progress(Terminal terminal, String mode, LongSupplier count, LatencyStats stats, ErrorLog errors,
            long startNanos, LongSupplier acked) {
        this.terminal = terminal;
        this.mode = mode;
        this.count = count;
        this.stats = stats;
        this.errors = errors;
        this.startNanos = startNanos;
        this.acked = acked;
        this.lastNanos = startNanos;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metaq-load-progress");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts printing every {@link Terminal#progressIntervalMillis()}. */
    static Progress start(Terminal terminal, String mode, LongSupplier count, LatencyStats stats, ErrorLog errors,
            long startNanos) {
        return start(terminal, mode, count, stats, errors, startNanos, null);
    }

    /** The same, also showing the messages acknowledged so far (e2e, where the count is of those received). */
    static Progress start(Terminal terminal, String mode, LongSupplier count, LatencyStats stats, ErrorLog errors,
            long startNanos, LongSupplier acked) {
        Progress p = new Progress(terminal, mode, count, stats, errors, startNanos, acked);
        long every = terminal.progressIntervalMillis();
        p.timer.scheduleAtFixedRate(p::tick, every, every, TimeUnit.MILLISECONDS);
        return p;
    }

    private void tick() {
        try {
            print();
        } catch (RuntimeException e) {
            terminal.message("progress: " + ErrorLog.describe(e)); // keep the timer alive
        }
    }

    private void print() {
        errors.printPending(terminal);
        long now = System.nanoTime();
        long c = count.getAsLong();
        double rate = now > lastNanos ? (c - lastCount) * 1e9 / (now - lastNanos) : 0;
        lastCount = c;
        lastNanos = now;
        Histogram h = stats.sampleInterval();
        String p99 = h.getTotalCount() == 0 ? "-" : LoadResult.millis(h.getValueAtPercentile(99.0));
        String line = String.format(Locale.ROOT, "%s %7.1f s %,13d msgs %,11.0f msgs/s  p99 %s ms", mode,
                (now - startNanos) / 1e9, c, rate, p99);
        if (acked != null) {
            line += String.format(Locale.ROOT, "  (%,d acknowledged)", acked.getAsLong());
        }
        terminal.progress(line);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        terminal.endLine();
        errors.printPending(terminal);
    }
}
