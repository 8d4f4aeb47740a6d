package io.metaq.cli;

/** The exit codes of metaq-admin, listed in every command's help. */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The operation failed: a broker refused, a topic or group was not found, a send failed, ... */
    public static final int FAILED = 1;
    /** Bad arguments (picocli's usage error code). */
    public static final int USAGE = 2;
    /** ZooKeeper or a broker could not be reached. */
    public static final int UNREACHABLE = 3;

    /** picocli {@code exitCodeList} entries. */
    static final String[] LIST = {
        "0:ok",
        "1:the operation failed (a broker refused, topic or group not found, a send failed, ...)",
        "2:usage error (bad or missing arguments)",
        "3:cannot connect (ZooKeeper or a broker unreachable)"};

    private ExitCodes() {
    }
}
