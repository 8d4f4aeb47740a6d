package io.metaq.cli;

import io.metaq.client.AdminClient;
import io.metaq.client.ClientException;
import io.metaq.client.MessagingClient;
import io.metaq.client.Partition;
import io.metaq.spi.transport.ResultResponse;
import java.io.Console;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code topics list|describe|create|delete}. */
@Command(name = "topics", header = "List, describe, create and delete topics.", mixinStandardHelpOptions = true, sortOptions = false,
        synopsisSubcommandLabel = "(list | describe | create | delete)",
        subcommands = {TopicsCommand.ListTopics.class, TopicsCommand.Describe.class, TopicsCommand.Create.class,
            TopicsCommand.Delete.class})
final class TopicsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: list, describe, create or delete");
    }

    private static final Pattern PARTITIONS = Pattern.compile("\"partitions\"\\s*:\\s*(\\d+)");
    private static final Pattern CREATED = Pattern.compile("\"created\"\\s*:\\s*(true|false)");
    private static final Pattern STATS_PARTITION = Pattern.compile("min=(-?\\d+),max=(-?\\d+),bytes=(-?\\d+)");

    @Command(name = "list", header = "List the topics.", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Lists the topics the brokers publish, one line per topic: its name, its number of "
                    + "partitions and the brokers holding them."})
    static final class ListTopics extends AdminCommand {
        @Override
        protected int run() {
            try (MessagingClient client = connect()) {
                Table t = new Table("TOPIC", "PARTITIONS>", "BROKERS");
                for (String topic : client.admin().topics()) {
                    List<Partition> partitions = partitionsOf(client, topic);
                    t.row(topic, partitions.size(), join(brokersOf(partitions)));
                }
                if (t.size() > 0) {
                    t.print(out(), true);
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "describe", header = "Show a topic's partitions: offsets and bytes on disk.", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Shows a topic's partitions: broker, partition, first (min) and end (max) offset and "
                    + "bytes on disk, then the total. Offsets are byte positions in the partition."})
    static final class Describe extends AdminCommand {
        @Parameters(index = "0", paramLabel = "<topic>", description = "The topic.")
        String topic;

        @Override
        protected int run() {
            checkTopicName(topic);
            try (MessagingClient client = connect()) {
                AdminClient admin = client.admin();
                List<Partition> partitions = requireTopic(client, topic);
                Table t = new Table("BROKER>", "PARTITION>", "MIN_OFFSET>", "MAX_OFFSET>", "BYTES>");
                int code = ExitCodes.OK;
                long bytes = 0;
                int count = 0;
                for (int broker : brokersOf(partitions)) {
                    Map<String, String> stats;
                    try {
                        stats = admin.stats(broker, topic);
                    } catch (ClientException e) {
                        warn("broker " + broker + ": " + Errors.describe(e));
                        code = Math.max(code, Errors.exitCode(e));
                        for (Partition p : partitions) {
                            if (p.brokerId() == broker) {
                                t.row(broker, p.partition(), null, null, null);
                            }
                        }
                        continue;
                    }
                    Map<Integer, Matcher> byPartition = new TreeMap<>();
                    for (Map.Entry<String, String> e : stats.entrySet()) {
                        if (e.getKey().startsWith("partition_")) {
                            Matcher m = STATS_PARTITION.matcher(e.getValue());
                            if (m.find()) {
                                byPartition.put(Integer.parseInt(e.getKey().substring("partition_".length())), m);
                            }
                        }
                    }
                    for (Map.Entry<Integer, Matcher> e : byPartition.entrySet()) {
                        Matcher m = e.getValue();
                        long b = Long.parseLong(m.group(3));
                        t.row(broker, e.getKey(), m.group(1), m.group(2), b);
                        bytes += b;
                        count++;
                    }
                }
                t.print(out(), true);
                out().printf("total: %d partition(s) on broker(s) %s, %d bytes (%s)%n", count,
                        join(brokersOf(partitions)), bytes, human(bytes));
                out().flush();
                return code;
            }
        }
    }

    @Command(name = "create", header = "Create a topic on brokers.", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Creates a topic on brokers through the admin extension of the protocol "
                    + "(PROTOCOL-EXTENSIONS.md E5); each broker keeps it in <dataDir>/topics.yaml. Prints what each "
                    + "broker answered. A topic that exists with the same partition count is left as it is.",
                "Exit code 1 when a broker refused."})
    static final class Create extends AdminCommand {
        @Parameters(index = "0", paramLabel = "<topic>", description = "The topic.")
        String topic;

        @Option(names = "--partitions", required = true, paramLabel = "<n>",
                description = "Partitions on each broker (1..1024).")
        int partitions;

        @Option(names = "--broker", paramLabel = "<id>", split = ",",
                description = "Broker(s) to create it on, repeatable or comma-separated (default: every live broker).")
        List<Integer> brokers = new ArrayList<>();

        @Option(names = "--flush", paramLabel = "group|interval",
                description = "Flush policy: group (ack after fsync) or interval (default: the broker's topicDefaults).")
        String flush;

        @Option(names = "--set", paramLabel = "<key=value>",
                description = "Another topic setting of broker.yaml's topics section, repeatable, e.g. --set "
                        + "segmentBytes=64m --set retention=7d --set acceptSubscribe=false.")
        Map<String, String> settings = new LinkedHashMap<>();

        @Override
        protected int run() {
            checkTopicName(topic);
            if (partitions < 1 || partitions > 1024) {
                throw usage("--partitions must be 1..1024");
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            if (flush != null) {
                String f = flush.toLowerCase(Locale.ROOT);
                if (!f.equals("group") && !f.equals("interval")) {
                    throw usage("--flush must be group or interval: " + flush);
                }
                extra.put("flush", f);
            }
            for (Map.Entry<String, String> e : settings.entrySet()) {
                if (e.getKey().equals("partitions") || e.getKey().equals("topic") || e.getKey().equals("op")) {
                    throw usage("--set " + e.getKey() + " is not a setting; use the option or argument for it");
                }
                extra.put(e.getKey(), literal(e.getValue()));
            }
            try (MessagingClient client = connect()) {
                AdminClient admin = client.admin();
                List<Integer> targets = targets(admin, brokers);
                int code = ExitCodes.OK;
                for (int broker : targets) {
                    ResultResponse r;
                    try {
                        r = admin.createTopic(broker, topic, partitions, extra);
                    } catch (ClientException e) {
                        out().println("broker " + broker + ": failed: " + Errors.describe(e));
                        code = Math.max(code, Errors.exitCode(e));
                        continue;
                    }
                    if (r.code() == ResultResponse.OK) {
                        Matcher created = CREATED.matcher(r.text());
                        Matcher n = PARTITIONS.matcher(r.text());
                        String count = n.find() ? n.group(1) : Integer.toString(partitions);
                        if (created.find() && created.group(1).equals("false")) {
                            out().println("broker " + broker + ": topic " + topic + " already exists with " + count
                                    + " partition(s)");
                        } else {
                            out().println("broker " + broker + ": created topic " + topic + " with " + count
                                    + " partition(s)");
                        }
                    } else {
                        out().println("broker " + broker + ": refused (" + r.code() + "): " + r.text().strip());
                        code = Math.max(code, ExitCodes.FAILED);
                    }
                }
                out().flush();
                return code;
            }
        }

        /** JSON literals for numbers and booleans, strings otherwise (sizes like 64m, durations like 7d). */
        private static Object literal(String v) {
            if (v.equals("true") || v.equals("false")) {
                return Boolean.valueOf(v);
            }
            if (v.matches("-?\\d{1,18}")) {
                return Long.valueOf(v);
            }
            return v;
        }
    }

    @Command(name = "delete", header = "Delete a topic and its messages.", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Deletes a topic and its messages on the brokers holding it (a topic declared in a "
                    + "broker's broker.yaml is refused). Asks for confirmation on a console; without a console, "
                    + "--yes is required.",
                "Exit code 1 when a broker refused, the topic does not exist or the deletion was not confirmed."})
    static final class Delete extends AdminCommand {
        @Parameters(index = "0", paramLabel = "<topic>", description = "The topic.")
        String topic;

        @Option(names = "--broker", paramLabel = "<id>", split = ",",
                description = "Broker(s) to delete it on, repeatable or comma-separated (default: every broker "
                        + "holding it).")
        List<Integer> brokers = new ArrayList<>();

        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        protected int run() {
            checkTopicName(topic);
            try (MessagingClient client = connect()) {
                AdminClient admin = client.admin();
                List<Integer> targets = brokers.isEmpty() ? brokersOf(requireTopic(client, topic)) : targets(admin, brokers);
                if (!yes) {
                    Console console = System.console();
                    if (console == null) {
                        throw CliException.failed("not deleting topic " + topic
                                + " without confirmation: no console to ask on; add --yes");
                    }
                    String answer = console.readLine("Delete topic %s and its messages on broker(s) %s? [y/N] ", topic,
                            join(targets));
                    if (answer == null || !(answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"))) {
                        throw CliException.failed("not deleted");
                    }
                }
                int code = ExitCodes.OK;
                for (int broker : targets) {
                    ResultResponse r;
                    try {
                        r = admin.deleteTopic(broker, topic);
                    } catch (ClientException e) {
                        out().println("broker " + broker + ": failed: " + Errors.describe(e));
                        code = Math.max(code, Errors.exitCode(e));
                        continue;
                    }
                    if (r.code() == ResultResponse.OK) {
                        out().println("broker " + broker + ": deleted topic " + topic);
                    } else {
                        out().println("broker " + broker + ": refused (" + r.code() + "): " + r.text().strip());
                        code = Math.max(code, ExitCodes.FAILED);
                    }
                }
                out().flush();
                return code;
            }
        }
    }

    /** The given brokers (each must be live), or every live broker; exit code 3 when none is live. */
    static List<Integer> targets(AdminClient admin, List<Integer> given) {
        if (!given.isEmpty()) {
            TreeSet<Integer> ids = new TreeSet<>(given);
            for (int id : ids) {
                AdminCommand.requireBroker(admin, id);
            }
            return new ArrayList<>(ids);
        }
        TreeSet<Integer> live = new TreeSet<>(admin.brokers().keySet());
        if (live.isEmpty()) {
            throw new CliException(ExitCodes.UNREACHABLE, "no broker is registered in ZooKeeper");
        }
        return new ArrayList<>(live);
    }

    static String join(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
