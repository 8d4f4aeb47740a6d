package io.metaq.bench.load;

import java.io.PrintWriter;

/**
 * The tool's standard error: the progress line (rewritten in place with {@code \r} on a console, a
 * plain line otherwise) and messages, which first end a progress line in place. Standard output only
 * gets the final {@code name=value} lines. Thread-safe.
 */
final class Terminal {
    private final PrintWriter err;
    private final boolean console;
    private int shown;

    Terminal(PrintWriter err, boolean console) {
        this.err = err;
        this.console = console;
    }

    /** Whether the progress line is rewritten in place. */
    boolean console() {
        return console;
    }

    /** How often the progress line is printed: every second on a console, every 5 s otherwise. */
    long progressIntervalMillis() {
        return console ? 1_000 : 5_000;
    }

    synchronized void progress(String line) {
        if (console) {
            StringBuilder b = new StringBuilder(line.length() + 8).append('\r').append(line);
            for (int i = line.length(); i < shown; i++) {
                b.append(' ');
            }
            err.print(b);
            shown = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }

    synchronized void message(String text) {
        endLine();
        err.println(text);
        err.flush();
    }

    /** Ends a progress line shown in place, so what follows starts on a line of its own. */
    synchronized void endLine() {
        if (shown > 0) {
            err.println();
            err.flush();
            shown = 0;
        }
    }
}
