package io.metaq.cli;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns failures into one line for the user and an exit code. */
final class Errors {
    private Errors() {
    }

    /** {@link ExitCodes#UNREACHABLE} when the failure is a connection that could not be made, else FAILED. */
    static int exitCode(Throwable error) {
        if (error instanceof CliException c) {
            return c.exitCode();
        }
        return isUnreachable(error) ? ExitCodes.UNREACHABLE : ExitCodes.FAILED;
    }

    static boolean isUnreachable(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof ConnectException || e instanceof NoRouteToHostException
                    || e instanceof UnknownHostException || e instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    /** The message of a failure, under the wrappers of futures; the class name only when there is no message. */
    static String describe(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        String m = e.getMessage();
        if (e instanceof CliException || e instanceof io.metaq.api.MqException) {
            return m == null ? e.getClass().getSimpleName() : m;
        }
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
