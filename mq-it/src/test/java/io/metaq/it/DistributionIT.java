package io.metaq.it;

import static io.metaq.it.WireFrames.put;
import static io.metaq.it.WireFrames.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.broker.config.BrokerConfigLoader;
import io.metaq.broker.config.ResolvedConfig;
import io.metaq.it.Installation.AdminResult;
import io.metaq.it.Installation.Result;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker installation as an operator gets it: {@code metaq-<version>-bin.tar.gz} and {@code .zip}
 * from mq-distribution (paths from the build, see mq-it/pom.xml), unpacked with {@code tar}, driven
 * only through {@code bin/metaq} and a raw socket.
 */
class DistributionIT {
    private static final Pattern STARTED = Installation.STARTED;
    private static final Set<String> FIXED_FILES = Set.of("bin/metaq", "bin/metaq-admin", "conf/broker.yaml",
            "conf/logback.xml", "conf/logback-admin.xml", "plugins/README.md");
    private static final List<String> ADMIN_COMMANDS = List.of("topics", "groups", "produce", "consume", "stats",
            "bench");

    private static Path tgz;
    private static Path zip;
    /** {@code metaq-<version>}, the archives' root directory. */
    private static String root;

    @TempDir
    Path dir;

    private Installation installation;
    private Path home;
    private Long startedPid;
    /** The original 1.4.6.2 client's child JVMs, if a test started any. */
    private LegacyClient legacy;

    @BeforeAll
    static void locateArchives() {
        tgz = Installation.archive("metaq.distribution.tgz", ".tar.gz");
        zip = Installation.archive("metaq.distribution.zip", ".zip");
        root = Installation.rootOf(tgz);
    }

    @BeforeEach
    void unpack() throws Exception {
        installation = Installation.unpack(tgz, root, dir);
        home = installation.home;
    }

    @AfterEach
    void stopBroker() throws Exception {
        if (legacy != null) {
            legacy.close(); // kills any child JVM still running
        }
        if (installation != null) {
            installation.stopBroker(startedPid);
        }
    }

    private static boolean isBroker(long pid) {
        return Installation.isBroker(pid);
    }

    @Test
    void archives_holdExactlyTheLayout_withExecutableScripts_andTheDefaultConfigLoads() throws Exception {
        Result list = run(dir, List.of("tar", "-tvzf", tgz.toString()));
        assertThat(list.code()).as(list.output()).isZero();
        Map<String, String> tarModes = new TreeMap<>();
        for (String line : list.output().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            tarModes.put(f[f.length - 1], f[0]);
        }
        Set<String> tarFiles = tarModes.keySet().stream().filter(n -> !n.endsWith("/"))
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> zipFiles = new TreeSet<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                if (!entry.isDirectory()) {
                    zipFiles.add(entry.getName());
                }
            }
        }
        assertThat(zipFiles).as("zip and tar.gz hold the same files").isEqualTo(tarFiles);

        String prefix = root + "/";
        assertThat(tarFiles).allMatch(n -> n.startsWith(prefix), "everything under " + prefix);
        List<String> relative = tarFiles.stream().map(n -> n.substring(prefix.length())).toList();
        List<String> jars = relative.stream().filter(n -> n.startsWith("lib/")).toList();
        assertThat(jars).allMatch(n -> n.matches("lib/[^/]+\\.jar"), "lib/ holds jars only");
        assertThat(relative.stream().filter(n -> !n.startsWith("lib/")).collect(Collectors.toSet()))
                .isEqualTo(FIXED_FILES);
        for (String module : List.of("mq-broker", "mq-store-file", "mq-store-mmap", "mq-transport-netty",
                "logback-classic", "mq-cli", "mq-client", "mq-bench", "picocli")) {
            assertThat(jars).as("lib/ has " + module).anyMatch(n -> n.startsWith("lib/" + module + "-"));
        }
        // mq-cli takes only the load tool from mq-bench: no JMH, and no second SLF4J provider beside Logback
        assertThat(jars).noneMatch(n -> n.startsWith("lib/jmh-") || n.startsWith("lib/jopt-simple-")
                || n.startsWith("lib/commons-math3-") || n.startsWith("lib/slf4j-nop-")
                || n.startsWith("lib/slf4j-simple-"));

        for (String script : List.of("bin/metaq", "bin/metaq-admin")) {
            assertThat(tarModes.get(prefix + script)).as("tar mode of " + script).isEqualTo("-rwxr-xr-x");
        }
        assertThat(tarModes.get(prefix + "conf/broker.yaml")).isEqualTo("-rw-r--r--");
        try (FileSystem fs = FileSystems.newFileSystem(zip, Map.of("enablePosixFileAttributes", "true"))) {
            for (String script : List.of("bin/metaq", "bin/metaq-admin")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fs.getPath(prefix + script))))
                        .as("zip mode of " + script).isEqualTo("rwxr-xr-x");
            }
        }

        // The shipped configuration loads with the broker's own loader and has the documented defaults.
        ResolvedConfig config = BrokerConfigLoader.load(home.resolve("conf/broker.yaml"));
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8123);
        assertThat(config.embeddedZooKeeper()).isTrue();
        assertThat(config.zkEmbeddedPort()).isEqualTo(2181);
        assertThat(config.storeProvider()).isEqualTo("file");
        assertThat(config.transportProvider()).isEqualTo("netty");
        assertThat(config.topicDefaults().logConfig().flushMode().name()).isEqualTo("GROUP");
        assertThat(config.dataDir()).isEqualTo(home.resolve("data").toAbsolutePath().normalize());

        AdminResult admin = admin("--help");
        assertThat(admin.code()).as(admin.toString()).isZero();
        assertThat(admin.out()).contains("Usage: metaq-admin").contains("Exit codes:");
        for (String command : ADMIN_COMMANDS) {
            assertThat(admin.out()).as("--help lists " + command).containsPattern("(?m)^  " + command + " ");
        }
        assertThat(admin.err()).as("nothing on standard error").isEmpty();
        AdminResult adminUsage = admin("topics", "nosuch");
        assertThat(adminUsage.code()).as(adminUsage.toString()).isEqualTo(2);
        Result usage = metaq();
        assertThat(usage.code()).as(usage.output()).isEqualTo(2);
        assertThat(usage.output()).contains("usage:");
    }

    @Test
    void metaqScript_startsServesStopsAndReportsStatus() throws Exception {
        int[] ports = freePorts(2);
        configure(ports[0], ports[1], null);

        Result start = metaq("start");
        assertThat(start.code()).as(start.output()).isZero();
        Matcher m = STARTED.matcher(start.output());
        assertThat(m.find()).as(start.output()).isTrue();
        startedPid = Long.parseLong(m.group(1));
        assertThat(Integer.parseInt(m.group(3))).isEqualTo(ports[0]);
        assertThat(Files.readString(home.resolve("logs/metaq.pid")).trim()).isEqualTo(m.group(1));

        Result again = metaq("start");
        assertThat(again.code()).as(again.output()).isZero();
        assertThat(again.output()).contains("MetaQ broker is already running (pid " + startedPid + ")");

        Result status = metaq("status");
        assertThat(status.code()).as(status.output()).isZero();
        assertThat(status.output()).contains("MetaQ broker is running (pid " + startedPid + ")");

        String message = "hello from the distribution " + System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", ports[0])) {
            s.setSoTimeout(10_000);
            String[] ack = roundTrip(s, put("distribution", message, 1));
            assertThat(ack[0]).startsWith("result 200");
            String offset = ack[1].split(" ")[2];
            String[] value = roundTrip(s, ("get distribution it 0 " + offset + " 65536 2\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(value[0]).startsWith("value ").endsWith(" 2");
            assertThat(value[1]).endsWith(message); // a 20-byte record header, then the message
        }

        Result stop = metaq("stop");
        assertThat(stop.code()).as(stop.output()).isZero();
        assertThat(stop.output()).contains("MetaQ broker stopped");
        assertThat(isBroker(startedPid)).as("broker process gone").isFalse();
        assertThat(home.resolve("logs/metaq.pid")).doesNotExist();

        Result stopAgain = metaq("stop");
        assertThat(stopAgain.code()).as(stopAgain.output()).isZero();
        assertThat(stopAgain.output()).contains("MetaQ broker is not running");

        Result stopped = metaq("status");
        assertThat(stopped.code()).as(stopped.output()).isEqualTo(3);
        assertThat(stopped.output()).contains("MetaQ broker is not running");

        assertThat(home.resolve("data")).isDirectory();
        assertThat(home.resolve("data/distribution-0")).isDirectory();
        assertThat(home.resolve("logs/metaq.log")).isNotEmptyFile();
        assertThat(Files.readString(home.resolve("logs/metaq.log"))).contains("broker 0 stopped");
    }

    /**
     * The test of the admin tool: the unpacked installation's broker started with bin/metaq, messages
     * produced and consumed with bin/metaq-admin, the group's lag zero, bin/metaq stop.
     */
    @Test
    void metaqAdmin_producesAndConsumes_andTheGroupHasZeroLag() throws Exception {
        int[] ports = freePorts(2);
        configure(ports[0], ports[1], null);
        String zk = "127.0.0.1:" + ports[1];

        Result start = metaq("start");
        assertThat(start.code()).as(start.output()).isZero();
        Matcher m = STARTED.matcher(start.output());
        assertThat(m.find()).as(start.output()).isTrue();
        startedPid = Long.parseLong(m.group(1));

        AdminResult unreachable = admin("topics", "list", "--zk", "127.0.0.1:" + freePorts(1)[0], "--timeout-ms", "500");
        assertThat(unreachable.code()).as(unreachable.toString()).isEqualTo(3);

        AdminResult create = admin("topics", "create", "admin-it", "--partitions", "2", "--zk", zk);
        assertThat(create.code()).as(create.toString()).isZero();
        assertThat(create.out()).contains("broker 0: created topic admin-it with 2 partition(s)");

        Path lines = dir.resolve("lines.txt");
        List<String> messages = List.of("one", "two", "three", "four");
        Files.write(lines, messages, StandardCharsets.UTF_8);
        AdminResult produce = admin("produce", "--topic", "admin-it", "--file", lines.toString(), "--zk", zk);
        assertThat(produce.code()).as(produce.toString()).isZero();
        assertThat(produce.out().lines().toList()).hasSize(4).allMatch(l -> l.matches("\\d+ 0-[01] \\d+"));
        assertThat(produce.err()).contains("produced 4 message(s) to topic admin-it");

        AdminResult consume = admin("consume", "--topic", "admin-it", "--group", "admin-it-group", "--from-beginning",
                "--max-messages", "4", "--zk", zk);
        assertThat(consume.code()).as(consume.toString()).isZero();
        assertThat(consume.out().lines().toList()).containsExactlyInAnyOrderElementsOf(messages);
        assertThat(consume.err()).contains("consumed 4 message(s)");

        AdminResult describe = admin("groups", "describe", "admin-it-group", "--zk", zk);
        assertThat(describe.code()).as(describe.toString()).isZero();
        assertThat(describe.out()).contains("group admin-it-group: 0 live member(s)").contains("total lag: 0 bytes");
        assertThat(describe.out().lines().filter(l -> l.startsWith("admin-it ")).toList()).hasSize(2)
                .allMatch(l -> l.matches("admin-it\\s+0-[01]\\s+(\\d+)\\s+\\1\\s+0\\s+-"));

        AdminResult stats = admin("stats", "--zk", zk);
        assertThat(stats.code()).as(stats.toString()).isZero();
        assertThat(stats.out()).containsPattern("(?m)^broker_id\\s+0$");

        Result stop = metaq("stop");
        assertThat(stop.code()).as(stop.output()).isZero();
        assertThat(stop.output()).contains("MetaQ broker stopped");
        assertThat(isBroker(startedPid)).as("broker process gone").isFalse();
    }

    /**
     * The second run: the unpacked installation's broker started with bin/metaq, messages produced with
     * bin/metaq-admin and with the original MetaQ 1.4.6.2 producer, all of them consumed by the original 1.4.6.2
     * consumer (a child JVM, {@link LegacyClient}) through the embedded ZooKeeper; the offsets it commits there
     * give its group zero lag in bin/metaq-admin groups describe; bin/metaq stop.
     */
    @Test
    void originalClient_consumesFromTheUnpackedBroker_andItsGroupHasZeroLag() throws Exception {
        int[] ports = freePorts(2);
        configure(ports[0], ports[1], null);
        // The 1.4.6.2 producer only sends to topics some broker has published in ZooKeeper: declare the topic.
        Path conf = home.resolve("conf/broker.yaml");
        Files.writeString(conf, replaceOnce(Files.readString(conf), "(?m)^topics: \\{\\}$",
                "topics:\n  legacy-it: {partitions: 2}"));
        String zk = "127.0.0.1:" + ports[1];
        String topic = "legacy-it";
        String group = "legacy-it-group";

        Result start = metaq("start");
        assertThat(start.code()).as(start.output()).isZero();
        Matcher m = STARTED.matcher(start.output());
        assertThat(m.find()).as(start.output()).isTrue();
        startedPid = Long.parseLong(m.group(1));

        // "<partition> <offset> <msgId> <sha1 of the body> <attribute>" of every message produced
        List<String> expected = new ArrayList<>();
        Path file = dir.resolve("legacy-lines.txt");
        List<String> lines = IntStream.range(0, 6).mapToObj(i -> "line " + i + " from metaq-admin \u00fc\u20ac")
                .toList();
        Files.write(file, lines, StandardCharsets.UTF_8);
        AdminResult produce = admin("produce", "--topic", topic, "--file", file.toString(), "--zk", zk);
        assertThat(produce.code()).as(produce.toString()).isZero();
        List<String> acks = produce.out().lines().toList();
        assertThat(acks).as(produce.toString()).hasSize(lines.size()).allMatch(l -> l.matches("\\d+ 0-[01] \\d+"));
        for (int i = 0; i < acks.size(); i++) {
            String[] ack = acks.get(i).split(" "); // <id> <partition> <offset>, in input order
            expected.add(ack[1] + " " + ack[2] + " " + ack[0] + " " + sha1(lines.get(i)) + " null");
        }

        legacy = new LegacyClient(zk, dir.resolve("legacy"));
        Duration run = Duration.ofSeconds(30);
        LegacyOutput.Result sent = legacy.run(run, "produce", "--topic", topic, "--count", "10", "--size", "200");
        assertThat(sent.exitCode()).as(sent.describe()).isZero();
        assertThat(sent.sent()).as(sent.describe()).hasSize(10);
        assertThat(sent.sent()).extracting(LegacyOutput.Sent::partition).as("round robin over both partitions")
                .contains("0-0", "0-1");
        sent.sent().forEach(s -> expected.add(s.partition() + " " + s.offset() + " " + s.msgId() + " " + s.sha1()
                + " " + s.attribute()));

        LegacyOutput.Result consumed = legacy.run(run, "consume", "--topic", topic, "--group", group, "--count",
                Integer.toString(expected.size()), "--max-wait-ms", "20000", "--commit-period-ms", "200",
                "--max-delay-fetch-ms", "1000");
        // The driver exits only after the consumer's shutdown, which commits the offsets to ZooKeeper.
        assertThat(consumed.exitCode()).as(consumed.describe()).isZero();
        assertThat(consumed.done()).as(consumed.describe()).hasValue(expected.size());
        assertThat(consumed.received().stream().map(r -> r.partition() + " " + r.offset() + " " + r.msgId() + " "
                + r.sha1() + " " + r.attribute()).toList()).as(consumed.describe())
                .containsExactlyInAnyOrderElementsOf(expected);

        AdminResult describe = admin("groups", "describe", group, "--zk", zk);
        assertThat(describe.code()).as(describe.toString()).isZero();
        // its clean shutdown closed its ZooKeeper session: no member, no owner left
        assertThat(describe.out()).contains("group " + group + ": 0 live member(s)")
                .containsPattern("(?m)^total lag: 0 bytes$");
        assertThat(describe.out().lines().filter(l -> l.startsWith(topic + " ")).toList()).as(describe.toString())
                .hasSize(2).allMatch(l -> l.matches(topic + "\\s+0-[01]\\s+([1-9]\\d*)\\s+\\1\\s+0\\s+-"));

        Result stop = metaq("stop");
        assertThat(stop.code()).as(stop.output()).isZero();
        assertThat(stop.output()).contains("MetaQ broker stopped");
        assertThat(isBroker(startedPid)).as("broker process gone").isFalse();
    }

    private static String sha1(String text) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    @Test
    void metaqStart_withAnAbsentStoreProvider_failsShowingTheAvailableOnes() throws Exception {
        int[] ports = freePorts(2);
        configure(ports[0], ports[1], "nosuch");

        Result start = metaq("start");
        assertThat(start.code()).as(start.output()).isEqualTo(1);
        assertThat(start.output()).contains("no store provider 'nosuch'").contains("available: [file, mmap]");
        assertThat(home.resolve("logs/metaq.pid")).doesNotExist();

        Result status = metaq("status");
        assertThat(status.code()).as(status.output()).isEqualTo(3);
    }

    private void configure(int brokerPort, int zkPort, String storeProvider) throws IOException {
        installation.configure(brokerPort, zkPort, storeProvider);
    }

    private static String replaceOnce(String text, String regex, String replacement) {
        return Installation.replaceOnce(text, regex, replacement);
    }

    private static int[] freePorts(int n) throws IOException {
        return Installation.freePorts(n);
    }

    private Result metaq(String... args) throws Exception {
        return installation.metaq(args);
    }

    private AdminResult admin(String... args) throws Exception {
        return installation.admin(args);
    }

    private Result run(Path cwd, List<String> command) throws Exception {
        return installation.run(cwd, command);
    }
}
