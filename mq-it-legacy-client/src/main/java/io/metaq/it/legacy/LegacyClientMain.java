package io.metaq.it.legacy;

import com.taobao.metamorphosis.client.MetaMessageSessionFactory;
import com.taobao.metamorphosis.cluster.Partition;
import java.util.List;

/**
 * Command-line driver of the original MetaQ 1.4.6.2 Java client, run by integration tests in a child JVM.
 *
 * <pre>
 * produce         --zk c --topic t --count N --size B [--attribute a] [--threads T] [--partition b-p]
 *                 [--first-seq S] [--send-timeout-ms M]
 * consume         --zk c --topic t --group g --count N [--max-wait-ms M] [--always-from-max-offset]
 *                 [--offset o] [--consumer-id id] [--commit-period-ms c] [--max-size b]
 *                 [--fetch-runners n] [--max-delay-fetch-ms d]
 * consume-forever --zk c --topic t --group g [consume's options]      (until "stop" or end of stdin)
 * get             --zk c --topic t --partition b-p --offset o [--max-size b] [--group g]
 * stats           --zk c --topic t [--item x] [--wait-ms m]
 * partitions      --zk c --topic t
 * bench-produce   --zk c --topic t --count N --size B --threads T [--warmup W] [--send-timeout-ms S]
 * bench-consume   --zk c --topic t --group g --count N [--max-size b] [--fetch-runners n]
 * common:         [--zk-root /meta] [--zk-session-timeout-ms m] [--zk-connect-timeout-ms m] [--timeout-ms m]
 * </pre>
 *
 * <p>Output on stdout, one record per line, tokens separated by one space: {@code SENT}, {@code RECV},
 * {@code READY}, {@code NEXT}, {@code EMPTY}, {@code STAT}, {@code PARTITION}, and finally either
 * {@code DONE <n>} (exit 0) or {@code ERROR <text>} (exit 1 for a client error, 2 for a bad command line,
 * 3 for a timeout). Each command's class documents its lines. Logs go to stderr. {@code --timeout-ms}
 * (default 60000) bounds the whole run; a {@code stop} line or the end of stdin asks for a clean stop.
 * The {@code bench-*} commands (see their classes) print {@code name=value} lines instead, default to a
 * 600000 ms bound and do not watch stdin, so a script can run them with stdin closed.
 */
public final class LegacyClientMain {

    private LegacyClientMain() {
    }

    public static void main(String[] args) {
        Out.captureStdout();
        int status;
        try {
            status = run(args);
        } catch (Options.UsageException e) {
            Out.error("usage: " + e.getMessage());
            status = Lifecycle.EXIT_USAGE;
        } catch (Throwable t) {
            Out.error(LegacyClients.describe(t));
            status = Lifecycle.EXIT_ERROR;
        }
        // The old client leaves non-daemon threads and a shutdown hook behind; System.exit runs the hook,
        // and the deadline still halts the JVM if that hangs.
        System.exit(status);
    }

    private static int run(String[] args) throws Exception {
        if (args.length == 0) {
            throw new Options.UsageException(
                    "legacy-client <produce|consume|consume-forever|get|stats|partitions|bench-produce|bench-consume>"
                            + " --zk <connect> ...");
        }
        String command = args[0];
        Options o = Options.parse(args, 1);
        boolean bench = command.startsWith("bench-");
        Lifecycle.startDeadline(o.getLong("timeout-ms", bench ? BenchProduceCommand.DEFAULT_TIMEOUT_MS : 60_000),
                command);
        if (!bench) {
            Lifecycle.startStdinWatch();
        }
        switch (command) {
            case "produce":
                return ProduceCommand.run(o);
            case "consume":
                return ConsumeCommand.run(o, false);
            case "consume-forever":
                return ConsumeCommand.run(o, true);
            case "get":
                return GetCommand.run(o);
            case "stats":
                return StatsCommand.run(o);
            case "partitions":
                return partitions(o);
            case "bench-produce":
                return BenchProduceCommand.run(o);
            case "bench-consume":
                return BenchConsumeCommand.run(o);
            default:
                throw new Options.UsageException("unknown command '" + command + "'");
        }
    }

    /** {@code PARTITION <brokerId-partition>} per partition the client sees in ZooKeeper, then DONE. */
    private static int partitions(Options o) throws Exception {
        String topic = o.required("topic");
        MetaMessageSessionFactory factory = LegacyClients.sessionFactory(o);
        try {
            List<Partition> partitions = factory.getPartitionsForTopic(topic);
            int n = 0;
            if (partitions != null) {
                for (Partition p : partitions) {
                    Out.line("PARTITION", p);
                    n++;
                }
            }
            Out.line("DONE", n);
            return Lifecycle.EXIT_OK;
        } finally {
            LegacyClients.shutdownQuietly(factory);
        }
    }
}
