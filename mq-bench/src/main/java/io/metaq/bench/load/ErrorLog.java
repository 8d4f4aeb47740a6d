package io.metaq.bench.load;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the first error of a run so it can be printed once. {@link #record} is called on the client's
 * I/O threads and never blocks: the message is printed later by the progress thread or at the end.
 */
final class ErrorLog {
    private final AtomicReference<String> first = new AtomicReference<>();
    private final AtomicBoolean printed = new AtomicBoolean();

    void record(Throwable error) {
        if (first.get() == null) {
            first.compareAndSet(null, describe(error));
        }
    }

    /** Prints the first error if there was one and it was not printed yet. */
    void printPending(Terminal terminal) {
        String e = first.get();
        if (e != null && printed.compareAndSet(false, true)) {
            terminal.message("first error: " + e);
        }
    }

    /** The class and message of an error, under the wrappers of futures. */
    static String describe(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
