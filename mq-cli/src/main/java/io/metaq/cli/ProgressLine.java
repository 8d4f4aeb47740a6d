package io.metaq.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A progress line on standard error for long work, rewritten in place every second ({@code \r}), only
 * when standard error is a terminal, and only once the work has lasted a second (short work never
 * shows it). Shows the count, the rate and, when the total is known, a bar and a percentage. Output
 * on standard output goes through {@link #beforeOutput()} so the two do not mix on one terminal.
 */
final class ProgressLine implements AutoCloseable {
    private static final int BAR = 30;

    private final PrintWriter err;
    private final String label;
    private final String unit;
    private final LongSupplier count;
    private final LongSupplier done;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer;
    private int shown;

    /**
     * @param count what is counted (e.g. messages sent)
     * @param done  how far the work is, in the unit of {@code total} (e.g. bytes read)
     * @param total the amount of work, or a value <= 0 when unknown (no bar then)
     */
    private ProgressLine(PrintWriter err, String label, String unit, LongSupplier count, LongSupplier done, long total,
            boolean enabled) {
        this.err = err;
        this.label = label;
        this.unit = unit;
        this.count = count;
        this.done = done;
        this.total = total;
        if (enabled) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "metaq-admin-progress");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        } else {
            timer = null;
        }
    }

    static ProgressLine start(PrintWriter err, boolean enabled, String label, String unit, LongSupplier count,
            LongSupplier done, long total) {
        return new ProgressLine(err, label, unit, count, done, total, enabled);
    }

    /** Whether a file descriptor (0, 1, 2) is a terminal: Linux's /proc, else whether the JVM has a console. */
    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (Exception | Error e) {
            return System.console() != null;
        }
    }

    private void tick() {
        try {
            print();
        } catch (RuntimeException e) {
            // a progress line is never worth failing the work
        }
    }

    private synchronized void print() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long c = count.getAsLong();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %,d %s  %,.0f %s/s  %.0f s", label, c, unit,
                seconds > 0 ? c / seconds : 0, unit, seconds));
        if (total > 0) {
            double f = Math.min(1.0, (double) done.getAsLong() / total);
            int filled = (int) Math.round(f * BAR);
            line.append("  [").append("#".repeat(filled)).append(".".repeat(BAR - filled)).append(']')
                    .append(String.format(Locale.ROOT, " %3.0f%%", f * 100));
        }
        StringBuilder b = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < shown; i++) {
            b.append(' ');
        }
        err.print(b);
        err.flush();
        shown = line.length();
    }

    /**
     * Runs {@code print} (writing to standard output): directly without a progress line, else with the
     * line cleared first and {@code out} flushed after, so both stay readable on one terminal.
     */
    void output(PrintWriter out, Runnable print) {
        if (timer == null) {
            print.run();
            return;
        }
        synchronized (this) {
            beforeOutput();
            print.run();
            out.flush();
        }
    }

    /** Clears a progress line shown in place, before something else is written to the terminal. */
    synchronized void beforeOutput() {
        if (shown > 0) {
            err.print("\r" + " ".repeat(shown) + "\r");
            err.flush();
            shown = 0;
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        beforeOutput();
    }
}
