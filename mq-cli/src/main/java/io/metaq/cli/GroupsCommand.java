package io.metaq.cli;

import io.metaq.client.AdminClient;
import io.metaq.client.ClientException;
import io.metaq.client.GroupInfo;
import io.metaq.client.MessagingClient;
import io.metaq.client.Partition;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code groups list|describe|reset-offsets}. */
@Command(name = "groups", header = "List and describe consumer groups; reset their offsets.", mixinStandardHelpOptions = true, sortOptions = false,
        synopsisSubcommandLabel = "(list | describe | reset-offsets)",
        subcommands = {GroupsCommand.ListGroups.class, GroupsCommand.Describe.class, GroupsCommand.ResetOffsets.class})
final class GroupsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: list, describe or reset-offsets");
    }

    @Command(name = "list", header = "List the consumer groups.", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Lists the consumer groups ZooKeeper knows (with live members or committed offsets), one "
                    + "line per group with its number of live members.")
    static final class ListGroups extends AdminCommand {
        @Override
        protected int run() {
            try (MessagingClient client = connect()) {
                AdminClient admin = client.admin();
                Table t = new Table("GROUP", "MEMBERS>");
                for (String g : admin.groups()) {
                    t.row(g, admin.describeGroup(g).members().size());
                }
                if (t.size() > 0) {
                    t.print(out(), true);
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "describe", header = "Show a group's members, offsets, lag and owners.", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Shows a group's live members, then per partition of the topics it reads: the committed "
                    + "offset, the partition's end (max offset), the lag (max - committed, in bytes: offsets are byte "
                    + "positions) and the owning member; then the total lag.",
                "'-' marks a value that is not known: no committed offset, no owner, or a broker that did not answer "
                    + "(then the exit code is 1 or 3)."})
    static final class Describe extends AdminCommand {
        @Parameters(index = "0", paramLabel = "<group>", description = "The consumer group.")
        String group;

        @Override
        protected int run() {
            try (MessagingClient client = connect()) {
                AdminClient admin = client.admin();
                if (!admin.groups().contains(group)) {
                    throw CliException.failed("group " + group + " not found");
                }
                GroupInfo info = admin.describeGroup(group);
                out().println("group " + group + ": " + info.members().size() + " live member(s)");
                for (String m : info.members()) {
                    out().println("  " + m);
                }
                Table t = new Table("TOPIC", "PARTITION", "COMMITTED>", "MAX_OFFSET>", "LAG>", "OWNER");
                int code = ExitCodes.OK;
                long totalLag = 0;
                boolean lagKnown = true;
                for (Map.Entry<String, Map<Partition, GroupInfo.PartitionState>> topic : byTopic(client, info).entrySet()) {
                    for (Map.Entry<Partition, GroupInfo.PartitionState> e : topic.getValue().entrySet()) {
                        GroupInfo.PartitionState s = e.getValue();
                        Long max = null;
                        try {
                            max = admin.maxOffset(topic.getKey(), e.getKey());
                        } catch (ClientException ex) {
                            warn(topic.getKey() + " " + e.getKey() + ": " + Errors.describe(ex));
                            code = Math.max(code, Errors.exitCode(ex));
                        }
                        long committed = s == null ? -1 : s.committedOffset();
                        Long lag = max != null && committed >= 0 ? Math.max(0, max - committed) : null;
                        if (lag == null) {
                            lagKnown = false;
                        } else {
                            totalLag += lag;
                        }
                        t.row(topic.getKey(), e.getKey(), committed >= 0 ? committed : null, max, lag,
                                s == null ? null : s.owner());
                    }
                }
                t.print(out(), true);
                out().println("total lag: " + totalLag + " bytes" + (lagKnown ? "" : " (some partitions unknown)"));
                out().flush();
                return code;
            }
        }

        /** The group's partitions, plus every other partition of the topics it has state for. */
        private static Map<String, Map<Partition, GroupInfo.PartitionState>> byTopic(MessagingClient client,
                GroupInfo info) {
            Map<String, Map<Partition, GroupInfo.PartitionState>> out = new TreeMap<>();
            for (GroupInfo.PartitionState s : info.partitions()) {
                out.computeIfAbsent(s.topic(), k -> new TreeMap<>()).put(s.partition(), s);
            }
            for (Map.Entry<String, Map<Partition, GroupInfo.PartitionState>> e : out.entrySet()) {
                for (Partition p : partitionsOf(client, e.getKey())) {
                    e.getValue().putIfAbsent(p, null);
                }
            }
            return out;
        }
    }

    @Command(name = "reset-offsets", header = "Move a group's committed offsets (dry run by default).", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Moves a group's committed offsets of a topic: to the earliest retained message, the end "
                    + "(latest), the first message at or after a time, or a given offset.",
                "Prints the plan (partition, current, new). Without --execute nothing is written (a dry run). With "
                    + "--execute the offsets are written to ZooKeeper, which is refused (exit code 1) while the group "
                    + "has live members: stop them first."})
    static final class ResetOffsets extends AdminCommand {
        enum Target { EARLIEST, LATEST, TIME, OFFSET }

        @Parameters(index = "0", paramLabel = "<group>", description = "The consumer group.")
        String group;

        @Option(names = "--topic", required = true, paramLabel = "<topic>", description = "The topic.")
        String topic;

        @Option(names = "--to", required = true, paramLabel = "earliest|latest|time|offset",
                description = "Where to move the offsets.")
        String to;

        @Option(names = "--time", paramLabel = "<time>",
                description = "With --to time: ISO-8601 (2024-05-01T12:00:00Z, 2024-05-01T14:00+02:00, or local "
                        + "2024-05-01T12:00 / 2024-05-01) or epoch milliseconds.")
        String time;

        @Option(names = "--offset", paramLabel = "<n>",
                description = "With --to offset: the offset (a message boundary, e.g. one printed by consume "
                        + "--print-offsets), within the partition's min..max.")
        Long offset;

        @Option(names = "--partition", paramLabel = "<brokerId-partition>", split = ",",
                description = "Only these partitions (e.g. 0-1), repeatable or comma-separated (default: all of the "
                        + "topic's).")
        List<String> only = new ArrayList<>();

        @Option(names = "--execute", description = "Write the new offsets (default: a dry run).")
        boolean execute;

        @Override
        protected int run() {
            checkTopicName(topic);
            Target target;
            try {
                target = Target.valueOf(to.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw usage("--to must be earliest, latest, time or offset: " + to);
            }
            if (target == Target.TIME && time == null) {
                throw usage("--to time needs --time");
            }
            if (target == Target.OFFSET && offset == null) {
                throw usage("--to offset needs --offset");
            }
            if (time != null && target != Target.TIME || offset != null && target != Target.OFFSET) {
                throw usage("--time goes with --to time and --offset with --to offset");
            }
            if (offset != null && offset < 0) {
                throw usage("--offset must be >= 0");
            }
            long timestamp = target == Target.TIME ? parseTime(time) : 0;
            if (group.isEmpty() || group.chars().anyMatch(c -> c <= ' ' || c == '/' || c == 0x7f)) {
                throw usage("the group must be non-empty without spaces, control characters or '/': '" + group + "'");
            }
            List<Partition> selected = new ArrayList<>();
            for (String p : only) {
                try {
                    selected.add(Partition.parse(p));
                } catch (IllegalArgumentException e) {
                    throw usage("--partition " + e.getMessage());
                }
            }
            try (MessagingClient client = connect()) {
                AdminClient admin = client.admin();
                List<Partition> partitions = requireTopic(client, topic);
                if (!selected.isEmpty()) {
                    for (Partition p : selected) {
                        if (!partitions.contains(p)) {
                            throw CliException.failed("topic " + topic + " has no partition " + p + "; it has "
                                    + partitions);
                        }
                    }
                    partitions = new ArrayList<>(new TreeSet<>(selected));
                }
                GroupInfo info = admin.describeGroup(group);
                Map<Partition, Long> current = new LinkedHashMap<>();
                for (GroupInfo.PartitionState s : info.partitions()) {
                    if (s.topic().equals(topic)) {
                        current.put(s.partition(), s.committedOffset());
                    }
                }
                Map<Partition, Long> plan = new LinkedHashMap<>();
                Table t = new Table("TOPIC", "PARTITION", "CURRENT>", "NEW>");
                for (Partition p : partitions) {
                    long target0 = switch (target) {
                        case EARLIEST -> lookup("min offset of " + topic + " " + p, () -> admin.minOffset(topic, p));
                        case LATEST -> lookup("max offset of " + topic + " " + p, () -> admin.maxOffset(topic, p));
                        case TIME -> lookup("offset for time of " + topic + " " + p,
                                () -> admin.offsetForTime(topic, p, timestamp));
                        case OFFSET -> checkedOffset(admin, p, offset);
                    };
                    plan.put(p, target0);
                    Long cur = current.get(p);
                    t.row(topic, p, cur == null || cur < 0 ? null : cur, target0);
                }
                t.print(out(), true);
                if (!execute) {
                    out().println("dry run: nothing written; add --execute to write these offsets");
                    out().flush();
                    return ExitCodes.OK;
                }
                List<String> members = admin.describeGroup(group).members();
                if (!members.isEmpty()) {
                    throw CliException.failed("group " + group + " has " + members.size() + " live member(s) "
                            + members + "; stop them before resetting its offsets");
                }
                for (Map.Entry<Partition, Long> e : plan.entrySet()) {
                    lookup("writing the offset of " + topic + " " + e.getKey(),
                            () -> {
                                admin.setCommittedOffset(group, topic, e.getKey(), e.getValue());
                                return null;
                            });
                }
                out().println("written: " + plan.size() + " offset(s) of group " + group + " for topic " + topic);
                out().flush();
                return ExitCodes.OK;
            }
        }

        private long checkedOffset(AdminClient admin, Partition p, long value) {
            long min = lookup("min offset of " + topic + " " + p, () -> admin.minOffset(topic, p));
            long max = lookup("max offset of " + topic + " " + p, () -> admin.maxOffset(topic, p));
            if (value < min || value > max) {
                throw CliException.failed("offset " + value + " is outside " + min + ".." + max + " of " + topic + " "
                        + p);
            }
            return value;
        }

        private long parseTime(String text) {
            String s = text.trim();
            if (s.matches("\\d{1,18}")) {
                return Long.parseLong(s);
            }
            try {
                return Instant.parse(s).toEpochMilli();
            } catch (DateTimeParseException e) {
                // next form
            }
            try {
                return OffsetDateTime.parse(s).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                // next form
            }
            try {
                return ZonedDateTime.parse(s).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                // next form
            }
            try {
                return LocalDateTime.parse(s).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                // next form
            }
            try {
                return LocalDate.parse(s).atStartOfDay(ZoneId.systemDefault()).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw usage("--time is neither ISO-8601 nor epoch milliseconds: " + text);
            }
        }
    }
}
