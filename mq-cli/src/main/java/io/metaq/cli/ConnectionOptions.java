package io.metaq.cli;

import io.metaq.client.MessagingClient;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options every command has (a picocli mixin): where ZooKeeper is, the MetaQ root node and the
 * timeout. Given before a command name (e.g. {@code metaq-admin --zk h:2181 topics list}) they apply
 * to the command that runs, unless it is given them itself (see {@link AdminMain}).
 */
public final class ConnectionOptions {
    static final String DEFAULT_ZK = "127.0.0.1:2181";
    static final String DEFAULT_ROOT = "/meta";
    static final long DEFAULT_TIMEOUT_MS = 10_000;

    @Option(names = "--zk", paramLabel = "<host:port,...>",
            description = "ZooKeeper connect string (default: " + DEFAULT_ZK + ").")
    String zk = DEFAULT_ZK;

    @Option(names = "--zk-root", paramLabel = "<path>", description = "MetaQ root node (default: " + DEFAULT_ROOT + ").")
    String zkRoot = DEFAULT_ROOT;

    @Option(names = "--timeout-ms", paramLabel = "<ms>",
            description = "How long to wait for ZooKeeper and for each broker answer (default: " + DEFAULT_TIMEOUT_MS
                    + ").")
    long timeoutMs = DEFAULT_TIMEOUT_MS;

    /** Checks the values; a bad one is a usage error. */
    void validate(CommandSpec spec) {
        if (zk == null || zk.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--zk must not be empty");
        }
        if (!zkRoot.startsWith("/") || (zkRoot.length() > 1 && zkRoot.endsWith("/"))) {
            throw new ParameterException(spec.commandLine(), "--zk-root must start with '/' and not end with one: "
                    + zkRoot);
        }
        if (timeoutMs < 1 || timeoutMs > Integer.MAX_VALUE) {
            throw new ParameterException(spec.commandLine(), "--timeout-ms must be 1.." + Integer.MAX_VALUE);
        }
    }

    /**
     * Connects to ZooKeeper and reads the cluster.
     *
     * @throws CliException with {@link ExitCodes#UNREACHABLE} when ZooKeeper cannot be reached in time
     */
    MessagingClient connect() {
        try {
            return MessagingClient.builder()
                    .zkConnect(zk)
                    .zkRoot(zkRoot)
                    .connectTimeout(Duration.ofMillis(timeoutMs))
                    .requestTimeout(Duration.ofMillis(timeoutMs))
                    // a tool's group membership should not outlive it long when it is killed
                    .sessionTimeout(Duration.ofSeconds(10))
                    .ioThreads(1)
                    .build();
        } catch (RuntimeException e) {
            String reason = Errors.describe(e);
            throw new CliException(ExitCodes.UNREACHABLE, reason.startsWith("cannot connect to ZooKeeper") ? reason
                    : "cannot connect to ZooKeeper at " + zk + " (root " + zkRoot + ") within " + timeoutMs + " ms: "
                    + reason, e);
        }
    }
}
