package io.metaq.cli;

import io.metaq.broker.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.client.Consumer;
import io.metaq.client.ConsumerConfig;
import io.metaq.client.MessagingClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * metaq-admin against a real broker (file store) and ZooKeeper in this JVM: each command's output and
 * exit codes. The tests share the broker and run in order (produce, then consume, then the group's lag).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminToolTest {
    private static final Pattern SEND_LINE = Pattern.compile("(\\d+) (0-0) (\\d+)");

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start(dir, "topics: {lines: {partitions: 1}, declared: {partitions: 2}}\n");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    record Run(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    /** Runs metaq-admin with exactly these arguments. */
    private static Run raw(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AdminMain.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Runs metaq-admin with --zk pointing at the test's ZooKeeper appended. */
    private static Run admin(String... args) {
        return adminWithInput("", args);
    }

    private static Run adminWithInput(String stdin, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--zk");
        all.add(broker.zkConnect());
        return raw(stdin, all.toArray(String[]::new));
    }

    private static void assertOk(Run r) {
        assertThat(r.code()).as("%s", r).isZero();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ---- help and usage ---------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void help_onEveryCommand_exitsZero_andTheTopLevelListsCommandsAndExitCodes() {
        Run top = raw("", "--help");
        assertOk(top);
        assertThat(top.out()).contains("Usage: metaq-admin").contains("topics").contains("groups").contains("produce")
                .contains("consume").contains("stats").contains("bench").contains("Exit codes:")
                .contains("3   cannot connect");
        for (String[] cmd : List.of(new String[] {"topics"}, new String[] {"topics", "list"},
                new String[] {"topics", "describe"}, new String[] {"topics", "create"}, new String[] {"topics", "delete"},
                new String[] {"groups"}, new String[] {"groups", "list"}, new String[] {"groups", "describe"},
                new String[] {"groups", "reset-offsets"}, new String[] {"produce"}, new String[] {"consume"},
                new String[] {"stats"}, new String[] {"plugins"}, new String[] {"reload"}, new String[] {"bench"},
                new String[] {"bench", "produce"},
                new String[] {"bench", "consume"}, new String[] {"bench", "e2e"})) {
            List<String> args = new ArrayList<>(Arrays.asList(cmd));
            args.add("--help");
            Run r = raw("", args.toArray(String[]::new));
            assertThat(r.code()).as("%s --help: %s", String.join(" ", cmd), r).isZero();
            assertThat(r.out()).as(String.join(" ", cmd)).contains("Usage: metaq-admin " + String.join(" ", cmd));
        }
        Run helpCommand = raw("", "help", "groups");
        assertOk(helpCommand);
        assertThat(helpCommand.out()).contains("reset-offsets");
        Run version = raw("", "--version");
        assertOk(version);
        assertThat(version.out()).startsWith("metaq-admin ");
    }

    @Test
    @Order(2)
    void usageErrors_exitTwo() {
        for (String[] args : List.of(new String[0], new String[] {"topics"}, new String[] {"nosuch"},
                new String[] {"topics", "create", "t"}, new String[] {"topics", "list", "--bogus"},
                new String[] {"topics", "create", "t", "--partitions", "0"},
                new String[] {"topics", "describe", "bad/name"},
                new String[] {"groups", "reset-offsets", "g", "--topic", "t", "--to", "sideways"},
                new String[] {"groups", "reset-offsets", "g", "--topic", "t", "--to", "time"},
                new String[] {"consume", "--topic", "t", "--offset", "5"},
                new String[] {"stats", "--timeout-ms", "0"}, new String[] {"bench"},
                new String[] {"bench", "produce", "--messages", "0"})) {
            Run r = raw("", args);
            assertThat(r.code()).as("%s: %s", String.join(" ", args), r).isEqualTo(ExitCodes.USAGE);
            assertThat(r.out()).as("nothing on stdout").isEmpty();
            assertThat(r.err()).isNotBlank();
        }
    }

    @Test
    @Order(3)
    void unreachableZooKeeper_exitsThree() throws IOException {
        String zk = "127.0.0.1:" + closedPort();
        long start = System.nanoTime();
        Run r = raw("", "topics", "list", "--zk", zk, "--timeout-ms", "500");
        assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).contains("cannot connect to ZooKeeper at " + zk);
        assertThat(r.out()).isEmpty();
        // the connection options may come before the command name too
        Run before = raw("", "--zk", zk, "--timeout-ms", "500", "groups", "describe", "g");
        assertThat(before.code()).as("%s", before).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
    }

    // ---- topics -----------------------------------------------------------------------------------------------

    @Test
    @Order(10)
    void topics_createListDescribeDelete_roundTrip() {
        Run create = admin("topics", "create", "clitopic", "--partitions", "2", "--flush", "interval", "--set",
                "segmentBytes=1m");
        assertOk(create);
        assertThat(create.lines()).containsExactly("broker 0: created topic clitopic with 2 partition(s)");

        Run again = admin("topics", "create", "clitopic", "--partitions", "2");
        assertOk(again);
        assertThat(again.lines()).containsExactly("broker 0: topic clitopic already exists with 2 partition(s)");

        Run other = admin("topics", "create", "clitopic", "--partitions", "3");
        assertThat(other.code()).as("%s", other).isEqualTo(ExitCodes.FAILED);
        assertThat(other.out()).startsWith("broker 0: refused (400): ").contains("cannot change to 3");

        Run badSetting = admin("topics", "create", "clitopic2", "--partitions", "1", "--set", "nosuch=1");
        assertThat(badSetting.code()).as("%s", badSetting).isEqualTo(ExitCodes.FAILED);
        assertThat(badSetting.out()).contains("refused (400)").contains("nosuch");

        Run noBroker = admin("topics", "create", "clitopic2", "--partitions", "1", "--broker", "7");
        assertThat(noBroker.code()).as("%s", noBroker).isEqualTo(ExitCodes.FAILED);
        assertThat(noBroker.err()).contains("broker 7 is not registered");

        Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            Run list = admin("topics", "list");
            assertOk(list);
            assertThat(list.lines().get(0)).matches("TOPIC\\s+PARTITIONS\\s+BROKERS");
            assertThat(list.lines()).anyMatch(l -> l.matches("clitopic\\s+2\\s+0"))
                    .anyMatch(l -> l.matches("declared\\s+2\\s+0"));
        });

        Run describe = admin("topics", "describe", "clitopic");
        assertOk(describe);
        List<String> lines = describe.lines();
        assertThat(lines.get(0)).matches("BROKER\\s+PARTITION\\s+MIN_OFFSET\\s+MAX_OFFSET\\s+BYTES");
        assertThat(lines.get(1)).matches("\\s*0\\s+0\\s+0\\s+0\\s+\\d+");
        assertThat(lines.get(2)).matches("\\s*0\\s+1\\s+0\\s+0\\s+\\d+");
        assertThat(lines.get(3)).startsWith("total: 2 partition(s) on broker(s) 0, ");
        assertThat(lines).hasSize(4);

        Run unconfirmed = admin("topics", "delete", "clitopic");
        assertThat(unconfirmed.code()).as("%s", unconfirmed).isEqualTo(ExitCodes.FAILED);
        assertThat(unconfirmed.err()).contains("without confirmation").contains("--yes");

        Run declared = admin("topics", "delete", "declared", "--yes");
        assertThat(declared.code()).as("%s", declared).isEqualTo(ExitCodes.FAILED);
        assertThat(declared.out()).contains("broker 0: refused (400)").contains("broker.yaml");

        Run delete = admin("topics", "delete", "clitopic", "--yes");
        assertOk(delete);
        assertThat(delete.lines()).containsExactly("broker 0: deleted topic clitopic");
        Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            Run gone = admin("topics", "describe", "clitopic");
            assertThat(gone.code()).as("%s", gone).isEqualTo(ExitCodes.FAILED);
            assertThat(gone.err()).contains("topic clitopic not found");
        });
        assertThat(dir.resolve("data/clitopic-0")).doesNotExist();
    }

    @Test
    @Order(11)
    void unknownTopic_exitsOne() {
        for (String[] args : List.of(new String[] {"topics", "describe", "nosuchtopic"},
                new String[] {"topics", "delete", "nosuchtopic", "--yes"},
                new String[] {"consume", "--topic", "nosuchtopic", "--timeout-ms", "1000"},
                new String[] {"groups", "reset-offsets", "g", "--topic", "nosuchtopic", "--to", "earliest"},
                new String[] {"groups", "describe", "nosuchgroup"})) {
            Run r = admin(args);
            assertThat(r.code()).as("%s: %s", String.join(" ", args), r).isEqualTo(ExitCodes.FAILED);
            assertThat(r.err()).contains("not found");
        }
    }

    // ---- produce, consume, groups -----------------------------------------------------------------------------

    static List<Long> firstOffsets = new ArrayList<>();

    @Test
    @Order(20)
    void produce_threeLines_thenConsumeFromBeginning_printsThem() throws IOException {
        Run produce = adminWithInput("first line\nsecond line\nthird: ünïcödé\n", "produce", "--topic", "lines");
        assertOk(produce);
        assertThat(produce.lines()).hasSize(3).allMatch(l -> SEND_LINE.matcher(l).matches());
        for (String l : produce.lines()) {
            Matcher m = SEND_LINE.matcher(l);
            assertThat(m.matches()).isTrue();
            firstOffsets.add(Long.parseLong(m.group(3)));
        }
        assertThat(firstOffsets).isSorted().doesNotHaveDuplicates();
        assertThat(produce.err()).contains("produced 3 message(s) to topic lines");

        Run consume = admin("consume", "--topic", "lines", "--group", "cli-g1", "--from-beginning", "--max-messages",
                "3");
        assertOk(consume);
        assertThat(consume.lines()).containsExactly("first line", "second line", "third: ünïcödé");
        assertThat(consume.err()).contains("consumed 3 message(s) from topic lines (group cli-g1)");

        // the same lines from a file, quietly, with an attribute; then read raw with offsets
        Path file = dir.resolve("more.txt");
        Files.writeString(file, "fourth\nfifth\n", StandardCharsets.UTF_8);
        Run fromFile = admin("produce", "--topic", "lines", "--file", file.toString(), "--attribute", "tag-a", "--quiet");
        assertOk(fromFile);
        assertThat(fromFile.out()).isEmpty();
        assertThat(fromFile.err()).contains("produced 2 message(s)");

        Run rawRead = admin("consume", "--topic", "lines", "--partition", "0-0", "--offset",
                Long.toString(firstOffsets.get(2)), "--print-offsets", "--timeout-ms", "1000");
        assertOk(rawRead);
        assertThat(rawRead.lines()).hasSize(3);
        assertThat(rawRead.lines().get(0)).isEqualTo("0-0\t" + firstOffsets.get(2) + "\t\tthird: ünïcödé");
        assertThat(rawRead.lines().get(1)).matches("0-0\t\\d+\ttag-a\tfourth");
        assertThat(rawRead.lines().get(2)).matches("0-0\t\\d+\ttag-a\tfifth");
        assertThat(rawRead.err()).contains("consumed 3 message(s) from topic lines (partition 0-0, next offset ");

        Run missingFile = admin("produce", "--topic", "lines", "--file", dir.resolve("nosuch.txt").toString());
        assertThat(missingFile.code()).as("%s", missingFile).isEqualTo(ExitCodes.FAILED);
    }

    /** The lines of groups describe's table for a topic: [committed, max, lag, owner]. */
    private static List<String[]> groupRows(Run describe, String topic) {
        List<String[]> rows = new ArrayList<>();
        for (String l : describe.lines()) {
            String[] f = l.trim().split("\\s+");
            if (f.length == 6 && f[0].equals(topic)) {
                rows.add(new String[] {f[2], f[3], f[4], f[5]});
            }
        }
        return rows;
    }

    @Test
    @Order(21)
    void groupsDescribe_showsZeroLagAfterConsuming_thenTheLagOfWhatWasProducedSince() {
        // cli-g1 consumed the first three; two more were produced since
        Run list = admin("groups", "list");
        assertOk(list);
        assertThat(list.lines()).anyMatch(l -> l.matches("cli-g1\\s+0"));

        Run consumeRest = admin("consume", "--topic", "lines", "--group", "cli-g1", "--max-messages", "2");
        assertOk(consumeRest);
        assertThat(consumeRest.lines()).containsExactly("fourth", "fifth");

        Run zero = admin("groups", "describe", "cli-g1");
        assertOk(zero);
        assertThat(zero.lines().get(0)).isEqualTo("group cli-g1: 0 live member(s)");
        assertThat(zero.out()).containsPattern("TOPIC\\s+PARTITION\\s+COMMITTED\\s+MAX_OFFSET\\s+LAG\\s+OWNER");
        List<String[]> rows = groupRows(zero, "lines");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)[0]).isEqualTo(rows.get(0)[1]);
        assertThat(rows.get(0)[2]).isEqualTo("0");
        assertThat(rows.get(0)[3]).isEqualTo("-");
        assertThat(zero.out()).contains("total lag: 0 bytes");
        long end = Long.parseLong(rows.get(0)[1]);

        Run produce = adminWithInput("sixth\nseventh\n", "produce", "--topic", "lines");
        assertOk(produce);
        long sixth = Long.parseLong(SEND_LINE.matcher(produce.lines().get(0)).results().findFirst().orElseThrow().group(3));
        assertThat(sixth).isEqualTo(end);

        Run lagging = admin("groups", "describe", "cli-g1");
        assertOk(lagging);
        String[] row = groupRows(lagging, "lines").get(0);
        long committed = Long.parseLong(row[0]);
        long max = Long.parseLong(row[1]);
        assertThat(committed).isEqualTo(end);
        assertThat(max).isGreaterThan(end);
        assertThat(Long.parseLong(row[2])).isEqualTo(max - committed);
        // two records of 5 and 7 bytes of data, each with its record header
        assertThat(max - committed).isGreaterThan(12);
        assertThat(lagging.out()).contains("total lag: " + (max - committed) + " bytes");
    }

    @Test
    @Order(22)
    void resetOffsets_dryRunWritesNothing_executeWrites_andLiveMembersAreRefused() throws Exception {
        Run before = admin("groups", "describe", "cli-g1");
        String committed = groupRows(before, "lines").get(0)[0];

        Run dry = admin("groups", "reset-offsets", "cli-g1", "--topic", "lines", "--to", "earliest");
        assertOk(dry);
        assertThat(dry.lines().get(0)).matches("TOPIC\\s+PARTITION\\s+CURRENT\\s+NEW");
        assertThat(dry.lines().get(1)).matches("lines\\s+0-0\\s+" + committed + "\\s+0");
        assertThat(dry.out()).contains("dry run: nothing written; add --execute");
        assertThat(groupRows(admin("groups", "describe", "cli-g1"), "lines").get(0)[0]).isEqualTo(committed);

        Run execute = admin("groups", "reset-offsets", "cli-g1", "--topic", "lines", "--to", "offset", "--offset",
                Long.toString(firstOffsets.get(1)), "--execute");
        assertOk(execute);
        assertThat(execute.out()).contains("written: 1 offset(s) of group cli-g1 for topic lines")
                .doesNotContain("dry run");
        assertThat(groupRows(admin("groups", "describe", "cli-g1"), "lines").get(0)[0])
                .isEqualTo(Long.toString(firstOffsets.get(1)));
        Run consumeAfterReset = admin("consume", "--topic", "lines", "--group", "cli-g1", "--max-messages", "1");
        assertOk(consumeAfterReset);
        assertThat(consumeAfterReset.lines()).containsExactly("second line");

        Run time = admin("groups", "reset-offsets", "cli-g1", "--topic", "lines", "--to", "time", "--time",
                "2000-01-01T00:00:00Z");
        assertOk(time);
        assertThat(time.lines().get(1)).matches("lines\\s+0-0\\s+\\d+\\s+0");

        Run outside = admin("groups", "reset-offsets", "cli-g1", "--topic", "lines", "--to", "offset", "--offset",
                "999999999");
        assertThat(outside.code()).as("%s", outside).isEqualTo(ExitCodes.FAILED);

        try (MessagingClient client = MessagingClient.builder().zkConnect(broker.zkConnect()).build();
                Consumer member = client.createConsumer(ConsumerConfig.builder("cli-g1").build())) {
            member.subscribe("lines", m -> { }).start();
            Awaitility.await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> !client.admin().describeGroup("cli-g1").members().isEmpty());
            Run described = admin("groups", "describe", "cli-g1");
            assertOk(described);
            assertThat(described.lines().get(0)).isEqualTo("group cli-g1: 1 live member(s)");
            assertThat(described.lines().get(1)).startsWith("  cli-g1_");

            Run refused = admin("groups", "reset-offsets", "cli-g1", "--topic", "lines", "--to", "latest", "--execute");
            assertThat(refused.code()).as("%s", refused).isEqualTo(ExitCodes.FAILED);
            assertThat(refused.err()).contains("live member").contains("stop them");
            Run stillDry = admin("groups", "reset-offsets", "cli-g1", "--topic", "lines", "--to", "latest");
            assertOk(stillDry);
        }
    }

    // ---- stats and bench --------------------------------------------------------------------------------------

    @Test
    @Order(30)
    void stats_printsAlignedLinesPerBroker() {
        Run stats = admin("stats");
        assertOk(stats);
        assertThat(stats.lines().get(0)).matches("broker 0 \\(meta://127\\.0\\.0\\.1:\\d+\\)");
        assertThat(stats.lines()).anyMatch(l -> l.matches("broker_id\\s+0")).anyMatch(l -> l.matches("uptime\\s+\\d+"));
        int valueColumn = stats.lines().get(1).indexOf(' ');
        while (stats.lines().get(1).charAt(valueColumn) == ' ') {
            valueColumn++;
        }
        for (String l : stats.lines().subList(1, stats.lines().size())) {
            assertThat(l.charAt(valueColumn - 1)).as("aligned: %s", l).isEqualTo(' ');
        }

        Run topic = admin("stats", "lines", "--broker", "0");
        assertOk(topic);
        assertThat(topic.lines()).anyMatch(l -> l.matches("partition_0\\s+min=\\d+,max=\\d+,bytes=\\d+"));

        Run unknownItem = admin("stats", "nosuchitem");
        assertThat(unknownItem.code()).as("%s", unknownItem).isEqualTo(ExitCodes.FAILED);
        Run unknownBroker = admin("stats", "--broker", "9");
        assertThat(unknownBroker.code()).as("%s", unknownBroker).isEqualTo(ExitCodes.FAILED);
    }

    @Test
    @Order(31)
    void bench_runsTheLoadTool_withItsOptionsAndOutput() {
        Run produce = raw("", "--zk", broker.zkConnect(), "bench", "produce", "--topic", "benchcli", "--partitions", "0",
                "--messages", "300", "--size", "64", "--threads", "1", "--duration-s", "20");
        assertOk(produce);
        assertThat(produce.lines()).allMatch(l -> l.matches("[a-z0-9_]+=\\S+"));
        assertThat(produce.lines().subList(0, 6)).extracting(l -> l.substring(0, l.indexOf('=')))
                .containsExactly("msgs_per_s", "mb_per_s", "p50_ms", "p99_ms", "p999_ms", "errors");
        assertThat(produce.out()).contains("errors=0").contains("messages=300").contains("mode=produce");
    }

    // ---- plugins and reload -----------------------------------------------------------------------------------

    @Test
    @Order(32)
    void plugins_and_reload_talkToEveryBroker() throws IOException {
        Run plugins = admin("plugins");
        assertOk(plugins);
        assertThat(plugins.lines().get(0)).matches("broker 0 \\(meta://127\\.0\\.0\\.1:\\d+\\)");
        assertThat(plugins.lines().get(1)).isEqualTo("(no plugins)");

        Run reload = admin("reload");
        assertOk(reload);
        assertThat(reload.out()).isEqualTo("broker 0: reloaded; no filters\n");

        String original = Files.readString(broker.configFile());
        try {
            Files.writeString(broker.configFile(), original + "limits: {maxTransferSize: 2m}\n"
                    + "filters: {lines: {g: {provider: nosuch}}}\n");
            Run refused = admin("reload", "--broker", "0");
            assertThat(refused.code()).as("%s", refused).isEqualTo(ExitCodes.FAILED);
            assertThat(refused.out()).startsWith("broker 0: refused (400): reload: invalid configuration "
                    + "'filters.lines.g.provider': no filter provider 'nosuch'");

            Files.writeString(broker.configFile(), original + "limits: {maxTransferSize: 2m}\n");
            Run restart = admin("reload");
            assertOk(restart);
            assertThat(restart.lines()).containsExactly("broker 0: reloaded; no filters",
                    "broker 0: changes to limits need a restart");
        } finally {
            Files.writeString(broker.configFile(), original);
        }
        Run unknownBroker = admin("reload", "--broker", "9");
        assertThat(unknownBroker.code()).as("%s", unknownBroker).isEqualTo(ExitCodes.FAILED);
    }
}
