package io.metaq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metaq.api.Message;
import io.metaq.client.AdminClient;
import io.metaq.client.Consumer;
import io.metaq.client.ConsumerConfig;
import io.metaq.client.MessagingClient;
import io.metaq.client.Partition;
import io.metaq.client.Producer;
import io.metaq.client.ProducerConfig;
import io.metaq.client.StartPosition;
import io.metaq.it.ClientTests.Recorder;
import io.metaq.it.Installation.AdminProcess;
import io.metaq.it.Installation.AdminResult;
import io.metaq.it.Installation.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example filter plugin (examples/filter-plugin, its {@code plugin} zip from the build) installed into an
 * unpacked distribution and configured by the steps of its README: a consumer group bound to the plugin's
 * {@code json-field} filter receives exactly the matching messages, and an unfiltered group all of them, with
 * bin/metaq-admin, with our client and with the original 1.4.6.2 client; a second group uses a built-in filter
 * ({@code attribute}). The plugin parses with its own Jackson 2.22.3 inside a broker that has Jackson 2.23.0 on
 * its class path. A {@code bin/metaq-admin reload} then changes what the (reset) group receives.
 */
class FilterPluginIT {
    private static final String TOPIC = "orders";
    private static final String PLUGIN_JACKSON = "2.22.3";
    private static final String BROKER_JACKSON = "2.23.0";

    private static Path tgz;
    private static String root;
    private static Path pluginZip;
    private static String readme;

    @TempDir
    Path dir;

    private Installation installation;
    private Long startedPid;
    private LegacyClient legacy;

    @BeforeAll
    static void locateArtifacts() throws IOException {
        tgz = Installation.archive("metaq.distribution.tgz", ".tar.gz");
        root = Installation.rootOf(tgz);
        pluginZip = file("metaq.example.pluginZip",
                Path.of("..", "examples", "filter-plugin", "target", "metaq-filter-plugin-example-1.0.0-plugin.zip"));
        readme = Files.readString(file("metaq.example.readme", Path.of("..", "examples", "filter-plugin", "README.md")));
    }

    /** The file named by the build's system property, or {@code fallback} (relative to mq-it) without it. */
    private static Path file(String property, Path fallback) {
        String p = System.getProperty(property);
        Path file = p != null && !p.isBlank() && !p.startsWith("${") ? Path.of(p) : fallback.toAbsolutePath().normalize();
        assertThat(file).as("%s (build examples/filter-plugin first)", property).isRegularFile();
        return file;
    }

    @BeforeEach
    void unpack() throws Exception {
        installation = Installation.unpack(tgz, root, dir);
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (legacy != null) {
            legacy.close(); // kills any child JVM still running
        }
        if (installation != null) {
            installation.stopBroker(startedPid);
        }
    }

    /** One message of the test: its data, its attribute, and which groups must receive it. */
    private record Sample(String text, String attribute, String country) {
        boolean euBilling() {
            return "DE".equals(country) || "FR".equals(country);
        }

        boolean vip() {
            return "vip".equals(attribute);
        }

        String sha1() {
            return FilterPluginIT.sha1(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void examplePlugin_filtersForEveryClient_besideTheBrokersJackson_andFollowsAReload() throws Exception {
        Path home = installation.home;
        int[] ports = Installation.freePorts(2);
        installation.configure(ports[0], ports[1], null);
        String zk = "127.0.0.1:" + ports[1];

        // --- Install it (README "Install it in a broker"): unzip the plugin zip into plugins/.
        Path plugin = home.resolve("plugins/json-field");
        installPlugin(home.resolve("plugins"));
        assertThat(plugin.resolve("plugin.properties")).isRegularFile();
        assertThat(Files.readString(plugin.resolve("plugin.properties")))
                .containsPattern("(?m)^name=json-field$").containsPattern("(?m)^version=1\\.0\\.0$");
        assertThat(plugin.resolve("metaq-filter-plugin-example-1.0.0.jar")).isRegularFile();
        // Two Jacksons, each where it belongs: the plugin's own beside it, the broker's in lib/.
        assertThat(jars(plugin, "jackson-databind-")).containsExactly("jackson-databind-" + PLUGIN_JACKSON + ".jar");
        assertThat(jars(plugin, "jackson-core-")).containsExactly("jackson-core-" + PLUGIN_JACKSON + ".jar");
        assertThat(jars(plugin, "mq-api-")).as("the broker provides mq-api").isEmpty();
        assertThat(jars(home.resolve("lib"), "jackson-databind-")).containsExactly(
                "jackson-databind-" + BROKER_JACKSON + ".jar");
        assertThat(jars(home.resolve("lib"), "jackson-core-")).containsExactly("jackson-core-" + BROKER_JACKSON + ".jar");

        // --- Configure it: the README's filters block verbatim, plus a group for the old client with the same
        // filter (a group's offsets are shared by every client in it) and one with a built-in filter. The topic is
        // declared so that the old client finds its 2 partitions in ZooKeeper.
        Matcher block = Pattern.compile("```yaml\n(filters:\n  orders:.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("README has the filters block").isTrue();
        String readmeFilters = block.group(1);
        assertThat(readmeFilters).contains("eu-billing:").contains("provider: json-field")
                .contains("params: {field: /customer/country, in: \"DE,FR\"}");
        installation.editBrokerYaml("(?m)^topics: \\{\\}$", "topics:\n  orders: {partitions: 2}");
        installation.editBrokerYaml("(?m)^filters: \\{\\}\n", Matcher.quoteReplacement(readmeFilters
                + "    eu-billing-legacy:\n"
                + "      provider: json-field\n"
                + "      params: {field: /customer/country, in: \"DE,FR\"}\n"
                + "    vip:\n"
                + "      provider: attribute\n"
                + "      params: {match: exact, value: vip}\n"));

        // "A mistake in params stops the start with the parameter named": an empty value in 'in'.
        assertThat(readme).contains("`invalid configuration 'filters.orders.eu-billing.params.in': 'DE,,FR' has an "
                + "empty value; ...`");
        installation.editBrokerYaml(Pattern.quote("in: \"DE,FR\""), Matcher.quoteReplacement("in: \"DE,,FR\""));
        Result refused = installation.metaq("start");
        assertThat(refused.code()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains(
                "invalid configuration 'filters.orders.eu-billing.params.in': 'DE,,FR' has an empty value");
        assertThat(home.resolve("logs/metaq.pid")).doesNotExist();
        installation.editBrokerYaml(Pattern.quote("in: \"DE,,FR\""), Matcher.quoteReplacement("in: \"DE,FR\""));

        // --- Start it the README's way (restart: nothing runs yet, so it starts).
        Result start = installation.metaq("restart");
        assertThat(start.code()).as(start.output()).isZero();
        Matcher started = Installation.STARTED.matcher(start.output());
        assertThat(started.find()).as(start.output()).isTrue();
        startedPid = Long.parseLong(started.group(1));
        assertThat(Files.readString(home.resolve("logs/metaq.log")))
                .containsPattern("loaded plugin json-field 1\\.0\\.0 from \\S*/plugins/json-field");

        // --- See the filtering (README): its five lines produced through standard input, then its consume.
        List<String> readmeLines = heredoc();
        assertThat(readmeLines).hasSize(5);
        Path readmeInput = dir.resolve("readme-orders.txt");
        Files.write(readmeInput, readmeLines, StandardCharsets.UTF_8);
        AdminProcess plugins = installation.startAdmin(null, "plugins", "--zk", zk);
        AdminResult produced = installation.startAdmin(readmeInput, "produce", "--topic", TOPIC, "--zk", zk).await();
        assertThat(produced.code()).as(produced.toString()).isZero();
        assertThat(produced.err()).contains("produced 5 message(s) to topic orders");

        // The README's consume command as it is, but for its 3 s idle timeout, which also bounds the wait for the
        // first message: on a loaded machine that is too short, so here the tool waits longer and stops after the
        // messages expected. (A message past those would stay the group's: our client's check below finds it.)
        List<String> consume = replace(readmeConsumeCommand(), "3000", "30000");
        AdminProcess euReadme = installation.startAdmin(null, with(consume, "--max-messages", "2", "--zk", zk));
        AdminProcess auditReadme = installation.startAdmin(null,
                with(replace(consume, "eu-billing", "audit"), "--max-messages", "5", "--zk", zk));
        AdminResult listed = plugins.await();
        assertThat(listed.code()).as(listed.toString()).isZero();
        assertThat(listed.out()).as(listed.toString())
                .containsPattern("(?m)^json-field\\s+1\\.0\\.0\\s+1\\s+json-field\\s+\\S*/plugins/json-field$");
        AdminResult eu = euReadme.await();
        assertThat(eu.code()).as(eu.toString()).isZero();
        // "eu-billing receives only orders 1 and 3"; "another group ... receives all five lines"
        assertThat(eu.out().lines().toList()).as(eu.toString())
                .containsExactlyInAnyOrderElementsOf(readmeLines.subList(0, 3).stream()
                        .filter(l -> l.startsWith("{\"id\": 1,") || l.startsWith("{\"id\": 3,")).toList())
                .hasSize(2);
        AdminResult audit = auditReadme.await();
        assertThat(audit.code()).as(audit.toString()).isZero();
        assertThat(audit.out().lines().toList()).as(audit.toString()).containsExactlyInAnyOrderElementsOf(readmeLines);

        // --- More messages: lines from a file through bin/metaq-admin, and messages with attributes from our client.
        List<Sample> samples = new ArrayList<>();
        samples.add(new Sample(readmeLines.get(0), null, "DE"));
        samples.add(new Sample(readmeLines.get(1), null, "US"));
        samples.add(new Sample(readmeLines.get(2), null, "FR"));
        samples.add(new Sample(readmeLines.get(3), null, null));
        samples.add(new Sample(readmeLines.get(4), null, null));
        List<Sample> fromFile = List.of(
                new Sample("{\"id\": 6, \"customer\": {\"country\": \"DE\"}}", null, "DE"),
                new Sample("{\"id\": 7, \"customer\": {\"country\": \"US\"}, \"note\": \"from a file\"}", null, "US"),
                new Sample("{\"customer\": {\"name\": \"Eve\", \"country\": \"FR\"}, \"id\": 8}", null, "FR"),
                new Sample("{\"id\": 9, \"customer\": {\"country\": \"de\"}}", null, "de"),
                new Sample("{\"id\": 10, \"customer\": {\"country\": null}}", null, null),
                new Sample("{\"id\": 11, \"customer\": \"DE\"}", null, null),
                new Sample("{\"id\": 12, \"billing\": {\"country\": \"DE\"}, \"customer\": {\"name\": \"Flo\"}}", null,
                        null),
                new Sample("[\"DE\", \"FR\"]", null, null),
                new Sample("{\"id\": 14, \"items\": [{\"sku\": \"a\"}, {\"sku\": \"b\"}], \"customer\": {\"country\": "
                        + "\"FR\"}}", null, "FR"),
                new Sample("{\"id\": 15, \"customer\": {\"country\": \"GB\"}}", null, "GB"),
                new Sample("{\"id\": 16, \"customer\": {\"coun", null, null),
                new Sample("{\"id\": 17, \"customer\": {\"country\": \"DE\", \"vip\": true}, \"amount\": 1e3}", null,
                        "DE"));
        List<Sample> fromClient = List.of(
                new Sample("{\"id\": 101, \"customer\": {\"country\": \"DE\"}}", "vip", "DE"),
                new Sample("{\"id\": 102, \"customer\": {\"country\": \"US\"}}", "vip", "US"),
                new Sample("{\"id\": 103, \"customer\": {\"country\": \"FR\"}}", "regular", "FR"),
                new Sample("binary\u0000\u0001 and not JSON", "vip", null),
                new Sample("{\"id\": 105, \"customer\": {\"country\": \"US\"}}", null, "US"),
                new Sample("{\"id\": 106, \"customer\": {\"country\": \"FR\"}}", "vip,gold", "FR"));
        samples.addAll(fromFile);
        samples.addAll(fromClient);
        Path fileInput = dir.resolve("more-orders.txt");
        Files.write(fileInput, fromFile.stream().map(Sample::text).toList(), StandardCharsets.UTF_8);
        AdminProcess produceFile = installation.startAdmin(null, "produce", "--topic", TOPIC, "--file",
                fileInput.toString(), "--zk", zk);

        try (MessagingClient client = ClientTests.client(zk)) {
            try (Producer producer = client.createProducer(ProducerConfig.defaults())) {
                for (Sample s : fromClient) {
                    producer.send(new Message(TOPIC, s.text().getBytes(StandardCharsets.UTF_8), s.attribute()));
                }
            }
            AdminResult fileProduced = produceFile.await();
            assertThat(fileProduced.code()).as(fileProduced.toString()).isZero();
            assertThat(fileProduced.err()).contains("produced " + fromFile.size() + " message(s) to topic orders");

            // --- The original 1.4.6.2 consumer, in a filtered and an unfiltered group (in the background while our
            // client consumes), short delays after the broker's 301 answers.
            legacy = new LegacyClient(zk, dir.resolve("legacy"));
            String[] legacyOptions = {"--commit-period-ms", "200", "--max-delay-fetch-ms", "500"};
            Duration legacyRun = Duration.ofSeconds(60);
            LegacyRun legacyEu = legacy.start(legacyRun, "consume-forever", with(List.of("--topic", TOPIC, "--group",
                    "eu-billing-legacy"), legacyOptions));
            LegacyRun legacyAll = legacy.start(legacyRun, "consume-forever", with(List.of("--topic", TOPIC, "--group",
                    "audit-legacy"), legacyOptions));

            // --- Our client: eu-billing goes on where the README's consume left it; the others start at the beginning.
            // Once a group has committed the end of every partition, nothing more can come: what it got is all.
            List<String> euRest = texts(samples.subList(5, samples.size()), Sample::euBilling);
            List<String> euAll = texts(samples, Sample::euBilling);
            List<String> all = texts(samples, s -> true);
            List<String> vip = texts(samples, Sample::vip);
            assertThat(euAll).hasSize(9);
            assertThat(vip).hasSize(3);
            Recorder euGot = new Recorder();
            Recorder allGot = new Recorder();
            Recorder vipGot = new Recorder();
            try (Consumer euConsumer = consumer(client, "eu-billing", euGot);
                    Consumer allConsumer = consumer(client, "audit-all", allGot);
                    Consumer vipConsumer = consumer(client, "vip", vipGot)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> euGot.count() >= euRest.size()
                        && allGot.count() >= all.size() && vipGot.count() >= vip.size());
                for (String group : List.of("eu-billing", "audit-all", "vip")) {
                    awaitCommittedToTheEnd(client, group);
                }
                for (Consumer c : List.of(euConsumer, allConsumer, vipConsumer)) {
                    assertThat(c.assignment().get(TOPIC)).as("each group's only member reads both partitions")
                            .hasSize(2);
                }
            }
            assertThat(received(euGot)).containsExactlyInAnyOrderElementsOf(euRest);
            assertThat(received(allGot)).containsExactlyInAnyOrderElementsOf(all);
            assertThat(received(vipGot)).containsExactlyInAnyOrderElementsOf(vip);
            assertThat(vipGot.messages()).allMatch(m -> "vip".equals(m.attribute()));

            legacyEu.awaitReceived(euAll.size(), Duration.ofSeconds(30));
            legacyAll.awaitReceived(all.size(), Duration.ofSeconds(30));
            awaitCommittedToTheEnd(client, "eu-billing-legacy");
            awaitCommittedToTheEnd(client, "audit-legacy");
            LegacyOutput.Result oldEu = legacyEu.stop(Duration.ofSeconds(20));
            LegacyOutput.Result oldAll = legacyAll.stop(Duration.ofSeconds(20));
            assertThat(oldEu.exitCode()).as(oldEu.describe()).isZero();
            assertThat(oldAll.exitCode()).as(oldAll.describe()).isZero();
            assertThat(legacyTexts(oldEu, samples)).as(oldEu.describe()).containsExactlyInAnyOrderElementsOf(euAll);
            assertThat(legacyTexts(oldAll, samples)).as(oldAll.describe()).containsExactlyInAnyOrderElementsOf(all);

            // --- Once consumed, the filtered groups have no lag: their offsets moved past the rejected records too.
            AdminProcess describeEu = installation.startAdmin(null, "groups", "describe", "eu-billing", "--zk", zk);
            AdminProcess describeOld = installation.startAdmin(null, "groups", "describe", "eu-billing-legacy",
                    "--zk", zk);
            AdminProcess filterStats = installation.startAdmin(null, "stats", "filters", "--zk", zk);
            for (String group : List.of("eu-billing", "eu-billing-legacy")) {
                AdminResult describe = (group.equals("eu-billing") ? describeEu : describeOld).await();
                assertThat(describe.code()).as(describe.toString()).isZero();
                assertThat(describe.out()).as(describe.toString()).contains("group " + group + ": 0 live member(s)")
                        .containsPattern("(?m)^total lag: 0 bytes$");
                assertThat(describe.out().lines().filter(l -> l.startsWith(TOPIC + " ")).toList())
                        .as(describe.toString()).hasSize(2)
                        .allMatch(l -> l.matches(TOPIC + "\\s+0-[01]\\s+([1-9]\\d*)\\s+\\1\\s+0\\s+-"));
            }
            AdminResult stats = filterStats.await();
            assertThat(stats.code()).as(stats.toString()).isZero();
            assertThat(stats.out()).as(stats.toString())
                    .containsPattern("(?m)^filter_orders/eu-billing\\s+provider=json-field,plugin=json-field,"
                            + "onError=reject,accepted=[1-9]\\d*,rejected=[1-9]\\d*,errors=0,")
                    .containsPattern("(?m)^filter_orders/eu-billing-legacy\\s+provider=json-field,plugin=json-field,"
                            + "onError=reject,accepted=[1-9]\\d*,rejected=[1-9]\\d*,errors=0,")
                    .containsPattern("(?m)^filter_orders/vip\\s+provider=attribute,onError=reject,"
                            + "accepted=[1-9]\\d*,rejected=[1-9]\\d*,errors=0,");
            assertBrokerHasBothJacksonsOpen(home, plugin);

            // --- Reload: eu-billing's filter now takes the US orders; reset, the group receives exactly those.
            installation.editBrokerYaml(Pattern.quote("in: \"DE,FR\""), Matcher.quoteReplacement("in: \"US\""));
            AdminResult reload = installation.admin("reload", "--zk", zk);
            assertThat(reload.code()).as(reload.toString()).isZero();
            assertThat(reload.out()).as(reload.toString()).contains("broker 0: reloaded; 3 filter(s): ")
                    .contains("orders/eu-billing=json-field").contains("orders/eu-billing-legacy=json-field")
                    .contains("orders/vip=attribute").doesNotContain("restart");
            AdminResult reset = installation.admin("groups", "reset-offsets", "eu-billing", "--topic", TOPIC, "--to",
                    "earliest", "--execute", "--zk", zk);
            assertThat(reset.code()).as(reset.toString()).isZero();
            List<String> us = texts(samples, s -> "US".equals(s.country()));
            assertThat(us).hasSize(4);
            Recorder usGot = new Recorder();
            try (Consumer again = consumer(client, "eu-billing", usGot)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> usGot.count() >= us.size());
                awaitCommittedToTheEnd(client, "eu-billing");
                assertThat(again.assignment().get(TOPIC)).hasSize(2);
            }
            assertThat(received(usGot)).containsExactlyInAnyOrderElementsOf(us);
        }

        Result stop = installation.metaq("stop");
        assertThat(stop.code()).as(stop.output()).isZero();
        assertThat(stop.output()).contains("MetaQ broker stopped");
        assertThat(Installation.isBroker(startedPid)).as("broker process gone").isFalse();
    }

    /**
     * The README's {@code unzip target/metaq-filter-plugin-example-1.0.0-plugin.zip -d "$METAQ_HOME/plugins/"}, with
     * {@code unzip} when there is one, else the same extraction in Java.
     */
    private void installPlugin(Path plugins) throws Exception {
        assertThat(readme).contains("unzip target/metaq-filter-plugin-example-1.0.0-plugin.zip -d \"$METAQ_HOME/plugins/\"");
        boolean hasUnzip = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "unzip")));
        if (hasUnzip) {
            Result unzip = installation.run(dir, List.of("unzip", "-q", pluginZip.toString(), "-d", plugins + "/"));
            assertThat(unzip.code()).as(unzip.output()).isZero();
            return;
        }
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(pluginZip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                Path target = plugins.resolve(e.getName()).normalize();
                assertThat(target).startsWith(plugins);
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
    }

    /**
     * Both Jacksons are in use in the one broker JVM: it holds lib/'s jackson-databind open (its class path) and
     * the plugin's (the plugin's class loader, which has loaded classes from it). Linux only (/proc).
     */
    private void assertBrokerHasBothJacksonsOpen(Path home, Path plugin) throws IOException {
        Path fds = Path.of("/proc", Long.toString(startedPid), "fd");
        if (!Files.isDirectory(fds)) {
            return;
        }
        List<Path> open = new ArrayList<>();
        try (Stream<Path> links = Files.list(fds)) {
            for (Path link : links.toList()) {
                try {
                    open.add(Files.readSymbolicLink(link));
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        assertThat(open).as("files the broker has open")
                .contains(home.resolve("lib/jackson-databind-" + BROKER_JACKSON + ".jar").toRealPath())
                .contains(plugin.resolve("jackson-databind-" + PLUGIN_JACKSON + ".jar").toRealPath());
    }

    /** The lines of the README's {@code cat <<'EOF' | bin/metaq-admin produce --topic orders} here-document. */
    private static List<String> heredoc() {
        Matcher m = Pattern.compile("cat <<'EOF' \\| bin/metaq-admin produce --topic orders\n(.*?)\nEOF\n",
                Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("README's produce here-document").isTrue();
        return m.group(1).lines().toList();
    }

    /** The README's {@code bin/metaq-admin consume ... --group eu-billing ...}, as arguments of metaq-admin. */
    private static List<String> readmeConsumeCommand() {
        Matcher m = Pattern.compile("(?m)^bin/metaq-admin (consume --topic orders --group eu-billing [^\n]*)$")
                .matcher(readme);
        assertThat(m.find()).as("README's consume command").isTrue();
        return List.of(m.group(1).trim().split("\\s+"));
    }

    private static String[] with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(Arrays.asList(more));
        return all.toArray(String[]::new);
    }

    private static List<String> replace(List<String> args, String from, String to) {
        assertThat(args).contains(from);
        return args.stream().map(a -> a.equals(from) ? to : a).toList();
    }

    private static List<String> jars(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(prefix) && n.endsWith(".jar"))
                    .sorted().toList();
        }
    }

    private static Consumer consumer(MessagingClient client, String group, Recorder recorder) {
        Consumer c = client.createConsumer(ConsumerConfig.builder(group).startPosition(StartPosition.EARLIEST)
                .longPollMs(300).commitIntervalMs(200).build());
        c.subscribe(TOPIC, recorder).start();
        return c;
    }

    /** Waits until {@code group}'s committed offset is the end of every partition of the topic. */
    private static void awaitCommittedToTheEnd(MessagingClient client, String group) {
        AdminClient admin = client.admin();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Map<Partition, Long> committed = new TreeMap<>();
            admin.describeGroup(group).partitions().stream().filter(p -> p.topic().equals(TOPIC))
                    .forEach(p -> committed.put(p.partition(), p.committedOffset()));
            Map<Partition, Long> ends = new TreeMap<>();
            for (Partition p : admin.partitions(TOPIC)) {
                ends.put(p, admin.maxOffset(TOPIC, p));
            }
            assertThat(ends).hasSize(2);
            assertThat(committed).as("committed offsets of group %s (partition ends %s)", group, ends)
                    .isEqualTo(ends);
        });
    }

    private static List<String> texts(List<Sample> samples, Predicate<Sample> which) {
        return samples.stream().filter(which).map(Sample::text).toList();
    }

    private static List<String> received(Recorder r) {
        return r.messages().stream().map(m -> m.text()).toList();
    }

    /** The old client's messages as their texts, by their SHA-1 (unknown ones as {@code ?<sha1>}). */
    private static List<String> legacyTexts(LegacyOutput.Result r, List<Sample> samples) {
        Map<String, String> bySha1 = new LinkedHashMap<>();
        samples.forEach(s -> bySha1.put(s.sha1(), s.text()));
        return r.received().stream().map(m -> bySha1.getOrDefault(m.sha1(), "?" + m.sha1())).toList();
    }

    static String sha1(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
