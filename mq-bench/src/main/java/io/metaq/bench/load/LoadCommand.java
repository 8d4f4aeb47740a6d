package io.metaq.bench.load;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every mode has, and the run: settings checked (a bad value is a usage error, exit code
 * 2), the run with its progress line on standard error, then the result's {@code name=value} lines
 * on standard output (the command line's out and err writers). Returns 0 when the run had no errors,
 * 1 when it had some or could not run (the reason goes to standard error).
 */
public abstract class LoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--zk", paramLabel = "<host:port,...>",
            description = "ZooKeeper connect string (default: ${DEFAULT-VALUE}).")
    String zk = "127.0.0.1:2181";

    @Option(names = "--zk-root", paramLabel = "<path>", description = "MetaQ root node (default: ${DEFAULT-VALUE}).")
    String zkRoot = "/meta";

    @Option(names = "--topic", paramLabel = "<topic>", description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic = "bench";

    @Option(names = "--partitions", paramLabel = "<n>",
            description = "Partitions the topic should have (declared in the broker's broker.yaml): the tool waits up "
                    + "to 15 s until ZooKeeper shows them and warns if not; 0 = do not wait (default: ${DEFAULT-VALUE}).")
    int partitions = 4;

    @Option(names = "--messages", paramLabel = "<n>", description = "Messages to send or receive (default: ${DEFAULT-VALUE}).")
    long messages = 1_000_000;

    @Option(names = "--duration-s", paramLabel = "<s>",
            description = "Upper bound on the run; when it is up the run stops and reports what was done "
                    + "(default: ${DEFAULT-VALUE}).")
    long durationS = 300;

    @Option(names = "--warmup", paramLabel = "<n>",
            description = "First messages left out of the latency histogram (default: 0; e2e: 1000).")
    Long warmup;

    @Option(names = "--idle-timeout-s", paramLabel = "<s>",
            description = "Stop waiting for acknowledgements or messages after this long without any; also the most "
                    + "the run waits for outstanding ones after --duration-s; 0 = only the duration "
                    + "(default: ${DEFAULT-VALUE}).")
    long idleTimeoutS = 10;

    /** The mode this command runs. */
    protected abstract LoadMode mode();

    /** The sending options, or null for a mode that does not send. */
    SendOptions sendOptions() {
        return null;
    }

    /** The group option, or null for a mode without a consumer. */
    GroupOption groupOption() {
        return null;
    }

    /**
     * The settings from the options, defaults resolved (a default group is made anew by every call).
     *
     * @throws ParameterException when a value is out of range
     */
    public LoadSettings settings() {
        LoadMode mode = mode();
        SendOptions send = sendOptions() != null ? sendOptions() : new SendOptions();
        GroupOption groupOption = groupOption();
        require(!zk.isBlank(), "--zk must not be empty");
        require(zkRoot.startsWith("/") && (zkRoot.length() == 1 || !zkRoot.endsWith("/")),
                "--zk-root must start with '/' and not end with one: " + zkRoot);
        require(!topic.isBlank(), "--topic must not be empty");
        require(partitions >= 0, "--partitions must be >= 0");
        require(messages >= 1, "--messages must be >= 1");
        require(durationS >= 1, "--duration-s must be >= 1");
        require(idleTimeoutS >= 0, "--idle-timeout-s must be >= 0");
        long warm = warmup != null ? warmup : mode.defaultWarmup();
        require(warm >= 0, "--warmup must be >= 0");
        long rate = send.rate != null ? send.rate : mode.defaultRate();
        if (sendOptions() != null) {
            int min = mode == LoadMode.E2E ? Payload.HEADER_BYTES : 1;
            require(send.size >= min, "--size must be >= " + min + (mode == LoadMode.E2E
                    ? " in e2e mode (the payload carries the send time, run id and sequence number)" : ""));
            require(send.threads >= 1, "--threads must be >= 1");
            require(send.batchBytes >= 1, "--batch-bytes must be >= 1");
            require(send.lingerMs >= 0, "--linger-ms must be >= 0");
            require(rate >= 0, "--rate must be >= 0");
        }
        if (mode == LoadMode.E2E) {
            require(messages <= Integer.MAX_VALUE, "--messages must be <= " + Integer.MAX_VALUE + " in e2e mode");
        }
        String group = groupOption != null ? groupOption.resolve() : null;
        if (group != null) {
            require(!group.isEmpty() && group.chars().noneMatch(c -> c <= ' ' || c == '/' || c == 0x7f),
                    "--group must be non-empty without spaces, control characters or '/': '" + group + "'");
        }
        return new LoadSettings(mode, zk, zkRoot, topic, partitions, messages, send.size, send.threads,
                send.batchBytes, send.lingerMs, rate, durationS, group, warm, idleTimeoutS);
    }

    private void require(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    @Override
    public Integer call() {
        LoadSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        Terminal terminal = new Terminal(spec.commandLine().getErr(), System.console() != null);
        LoadResult result;
        try (LoadRunner runner = new LoadRunner(settings, terminal)) {
            result = runner.run();
            for (String line : result.lines()) {
                out.println(line);
            }
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminal.message(spec.qualifiedName() + ": interrupted");
            return 1;
        } catch (RuntimeException e) {
            terminal.message(spec.qualifiedName() + ": " + ErrorLog.describe(e));
            return 1;
        }
        return result.errors() == 0 ? 0 : 1;
    }
}
