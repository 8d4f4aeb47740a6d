package io.metaq.bench.load;

import io.metaq.broker.testing.TestBroker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The tool against a real broker and ZooKeeper in this JVM: produce, then consume what it sent, then e2e. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadToolEndToEndTest {
    private static final List<String> SIX = List.of("msgs_per_s", "mb_per_s", "p50_ms", "p99_ms", "p999_ms", "errors");

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start(dir, "topics: {loadtest: {partitions: 4}, short: {partitions: 2}}\n");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    record Run(int exitCode, List<String> stdout, Map<String, String> values, String stderr) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LoadTool.run(new PrintWriter(out), new PrintWriter(err), args);
        List<String> lines = out.toString().lines().toList();
        Map<String, String> values = new LinkedHashMap<>();
        for (String l : lines) {
            int eq = l.indexOf('=');
            values.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
        }
        return new Run(code, lines, values, err.toString());
    }

    private static void assertClean(Run r, String mode, long messages) {
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.stderr()).isZero();
        assertThat(r.stdout()).allMatch(l -> l.matches("[a-z0-9_]+=\\S+"));
        assertThat(r.stdout().subList(0, 6)).extracting(l -> l.substring(0, l.indexOf('='))).isEqualTo(SIX);
        Map<String, String> v = r.values();
        assertThat(Long.parseLong(v.get("msgs_per_s"))).isPositive();
        assertThat(Double.parseDouble(v.get("mb_per_s"))).isPositive();
        assertThat(v.get("p50_ms")).matches("\\d+\\.\\d{3}");
        assertThat(Double.parseDouble(v.get("p50_ms"))).isLessThanOrEqualTo(Double.parseDouble(v.get("p99_ms")));
        assertThat(Double.parseDouble(v.get("p99_ms"))).isLessThanOrEqualTo(Double.parseDouble(v.get("p999_ms")));
        assertThat(v.get("errors")).isEqualTo("0");
        assertThat(v.get("mode")).isEqualTo(mode);
        assertThat(v.get("messages")).isEqualTo(Long.toString(messages));
        assertThat(v.get("complete")).isEqualTo("true");
    }

    @Test
    @Order(1)
    void produce() {
        Run r = run("produce", "--zk", broker.zkConnect(), "--topic", "loadtest", "--messages", "2000", "--size", "256",
                "--threads", "2", "--batch-bytes", "16384");
        assertClean(r, "produce", 2000);
        assertThat(Double.parseDouble(r.values().get("p50_ms"))).isPositive(); // send-to-ack is always measured
    }

    @Test
    @Order(2)
    void consumeWhatWasProduced() {
        Run r = run("consume", "--zk", broker.zkConnect(), "--topic", "loadtest", "--messages", "2000");
        assertClean(r, "consume", 2000);
        // the produce run stamped its payloads: latencies are the messages' age, at least some milliseconds
        assertThat(Double.parseDouble(r.values().get("p50_ms"))).isPositive();
    }

    @Test
    @Order(3)
    void e2eAtARate() {
        Run r = run("e2e", "--zk", broker.zkConnect(), "--topic", "loadtest", "--messages", "1000", "--rate", "2000",
                "--warmup", "100", "--size", "128");
        assertClean(r, "e2e", 1000);
        long rate = Long.parseLong(r.values().get("msgs_per_s"));
        assertThat(rate).isBetween(500L, 2_200L); // paced at 2,000/s
        assertThat(Double.parseDouble(r.values().get("p50_ms"))).isPositive();
    }

    @Test
    @Order(4)
    void consumingMoreThanThereIsStopsWhenIdleAndCountsTheMissingAsErrors() {
        Run produced = run("produce", "--zk", broker.zkConnect(), "--topic", "short", "--partitions", "2", "--messages",
                "300", "--size", "16");
        assertClean(produced, "produce", 300);
        Run r = run("consume", "--zk", broker.zkConnect(), "--topic", "short", "--partitions", "2", "--messages", "400",
                "--idle-timeout-s", "1");
        assertThat(r.exitCode()).isEqualTo(1);
        // the topic holds the 300 messages and the produce run's 2 probe messages (one per partition)
        assertThat(r.values()).containsEntry("messages", "302").containsEntry("errors", "98")
                .containsEntry("complete", "false").containsEntry("p50_ms", "0.000"); // 16-byte payloads: no stamp
        assertThat(Long.parseLong(r.values().get("msgs_per_s"))).isPositive();
        assertThat(r.stderr()).contains("received 302 of 400");
    }

    /**
     * Disabled: the broker registers an auto-created topic in ZooKeeper under the name of the default
     * topic configuration, "*" (TopicRegistry.Topic.name() is its TopicConfig's name, and
     * ResolvedConfig.topic(name) hands undeclared topics the topicDefaults, named "*"), so no client
     * ever sees the new topic's partitions. Enable once that is fixed.
     */
    @Test
    @Order(5)
    void e2eCreatesATopicNoBrokerHasYet() {
        Run r = run("e2e", "--zk", broker.zkConnect(), "--topic", "fresh", "--messages", "500", "--rate", "0",
                "--warmup", "0", "--threads", "1");
        assertClean(r, "e2e", 500);
        assertThat(r.stderr()).contains("probe");
    }
}
