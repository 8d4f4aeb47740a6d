package io.metaq.cli;

/** A command failed in a way the user is told in one line, with the exit code to end with. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** {@link ExitCodes#FAILED} for a failed operation. */
    public static CliException failed(String message) {
        return new CliException(ExitCodes.FAILED, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
