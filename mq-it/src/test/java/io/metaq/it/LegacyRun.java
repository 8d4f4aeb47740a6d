package io.metaq.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One child JVM running the legacy driver. Its stdout is parsed line by line as it arrives; its stderr (the
 * old client's logs) goes to a file in the work directory, and its last lines are kept for failure messages.
 * Its stdin stays open while the child should live: {@link #stop} writes {@code stop}, and {@link #close}
 * (always call it) kills the child and its descendants if they are still alive.
 */
public final class LegacyRun implements AutoCloseable {

    private static final int STDERR_TAIL_LINES = 60;

    private final Process process;
    private final String name;
    private final List<LegacyOutput.Line> lines = new ArrayList<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stdoutPump;
    private final Thread stderrPump;

    private LegacyRun(Process process, String name, Path stderrLog) {
        this.process = process;
        this.name = name;
        this.stdoutPump = new Thread(this::pumpStdout, "legacy-stdout-" + name);
        this.stderrPump = new Thread(() -> pumpStderr(stderrLog), "legacy-stderr-" + name);
        stdoutPump.setDaemon(true);
        stderrPump.setDaemon(true);
        stdoutPump.start();
        stderrPump.start();
    }

    static LegacyRun launch(List<String> command, Path workDir, String name) throws IOException {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).start();
        return new LegacyRun(p, name, workDir.resolve(name + ".stderr.log"));
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until a stdout line matches, failing if the child exits first or {@code timeout} passes. */
    public LegacyOutput.Line awaitLine(Predicate<LegacyOutput.Line> matcher, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (matcher.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !stdoutPump.isAlive()) {
                    throw new AssertionError((left <= 0 ? "timed out after " + timeout : "child exited")
                            + " waiting for a line in " + name + ": " + snapshot().describe());
                }
                waitOn(lines, left);
            }
        }
    }

    public LegacyOutput.Line awaitKind(String kind, Duration timeout) {
        return awaitLine(l -> l.kind().equals(kind), timeout);
    }

    /** Waits until at least {@code n} RECV lines have been printed. */
    public List<LegacyOutput.Received> awaitReceived(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                List<LegacyOutput.Received> r = snapshot().received();
                if (r.size() >= n) {
                    return r;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !stdoutPump.isAlive()) {
                    throw new AssertionError("expected " + n + " messages in " + name + ", got " + r.size() + ": "
                            + snapshot().describe());
                }
                waitOn(lines, left);
            }
        }
    }

    /** The output so far; exit code -1 while the child runs. */
    public LegacyOutput.Result snapshot() {
        synchronized (lines) {
            return new LegacyOutput.Result(process.isAlive() ? -1 : process.exitValue(), List.copyOf(lines),
                    stderrTail());
        }
    }

    /** Asks the child to stop cleanly (a {@code stop} line on its stdin) and waits for it to exit. */
    public LegacyOutput.Result stop(Duration timeout) {
        try {
            OutputStream in = process.getOutputStream();
            in.write("stop\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
        } catch (IOException e) {
            // already gone: awaitExit reports what it printed
        }
        return awaitExit(timeout);
    }

    /** Waits for the child to exit by itself; kills it and fails if it has not after {@code timeout}. */
    public LegacyOutput.Result awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new AssertionError(name + " did not exit within " + timeout + "; killed it: "
                        + snapshot().describe());
            }
            stdoutPump.join(5_000);
            stderrPump.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new AssertionError("interrupted waiting for " + name, e);
        }
        return snapshot();
    }

    /** Kills the child (and anything it started) if it is still alive; waits a bounded time for it. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pumpStdout() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String s;
            while ((s = r.readLine()) != null) {
                if (s.isBlank()) {
                    continue;
                }
                synchronized (lines) {
                    lines.add(LegacyOutput.Line.parse(s));
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the child died; its exit status tells the rest
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    private void pumpStderr(Path log) {
        try (BufferedReader r = new BufferedReader(
                     new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
             var out = java.nio.file.Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String s;
            while ((s = r.readLine()) != null) {
                out.write(s);
                out.newLine();
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_TAIL_LINES) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(s);
                }
            }
        } catch (IOException e) {
            if (process.isAlive()) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    private static void waitOn(Object monitor, long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(monitor, Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(200)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
