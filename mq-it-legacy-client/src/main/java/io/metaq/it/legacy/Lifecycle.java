package io.metaq.it.legacy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the child JVM bounded: a hard deadline for the whole run, and a stop request read from stdin.
 *
 * <p>The parent keeps the child's stdin open while it wants the child alive. A line {@code stop} on stdin,
 * or end of stdin (the parent closed it or died), asks the running command to wind down cleanly; if it has
 * not exited {@link #STOP_GRACE_MS} later the JVM is halted. When the deadline passes, the driver prints
 * {@code ERROR timeout ...} and halts with status {@link #EXIT_TIMEOUT} without waiting for the old client's
 * shutdown hooks, which can block on an unreachable ZooKeeper.
 */
final class Lifecycle {

    static final int EXIT_OK = 0;
    static final int EXIT_ERROR = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_TIMEOUT = 3;
    static final long STOP_GRACE_MS = 10_000;

    private static final CountDownLatch STOP = new CountDownLatch(1);

    private Lifecycle() {
    }

    static void startDeadline(long timeoutMs, String what) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(timeoutMs);
            } catch (InterruptedException e) {
                return;
            }
            Out.error("timeout: " + what + " did not finish within " + timeoutMs + " ms");
            Runtime.getRuntime().halt(EXIT_TIMEOUT);
        }, "legacy-deadline");
        t.setDaemon(true);
        t.start();
    }

    static void startStdinWatch() {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.trim().equals("stop")) {
                        break;
                    }
                }
            } catch (Exception e) {
                // stdin unusable: treat like end of input
            }
            requestStop();
        }, "legacy-stdin");
        t.setDaemon(true);
        t.start();
    }

    static void requestStop() {
        if (STOP.getCount() == 0) {
            return;
        }
        STOP.countDown();
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(STOP_GRACE_MS);
            } catch (InterruptedException e) {
                return;
            }
            Out.error("timeout: stop requested but the command did not finish within " + STOP_GRACE_MS + " ms");
            Runtime.getRuntime().halt(EXIT_TIMEOUT);
        }, "legacy-stop-grace");
        t.setDaemon(true);
        t.start();
    }

    static boolean stopRequested() {
        return STOP.getCount() == 0;
    }

    /** Waits until a stop is requested or {@code ms} pass; returns true if a stop was requested. */
    static boolean awaitStop(long ms) throws InterruptedException {
        return STOP.await(ms, TimeUnit.MILLISECONDS);
    }
}
