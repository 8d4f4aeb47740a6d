package io.metaq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metaq.it.LegacyOutput.Received;
import io.metaq.it.LegacyOutput.Result;
import io.metaq.it.LegacyOutput.Sent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 3's acceptance list: the unmodified MetaQ 1.4.6.2 Java client produces and consumes through our
 * broker, for each store provider. The client runs in a child JVM ({@link LegacyClient}); the broker comes
 * from {@link InProcessBroker}.
 */
@ParameterizedClass
@ValueSource(strings = {"file", "mmap"})
class LegacyClientCompatibilityIT {


    private static final Duration RUN = Duration.ofSeconds(30);
    private static final List<String> ALL_PARTITIONS = List.of("0-0", "0-1", "0-2", "0-3");
    /** Faster than the client's defaults so tests stay short; the broker must not depend on either. */
    private static final String[] QUICK_CONSUMER = {"--commit-period-ms", "200", "--max-delay-fetch-ms", "1000"};

    @Parameter
    String store;

    @TempDir
    Path tmp;

    private BrokerUnderTest broker;
    private LegacyClient client;
    private ZooKeeperView zk;
    private String topic;

    @BeforeEach
    void start(TestInfo info) throws Exception {
        topic = "it-" + info.getTestMethod().orElseThrow().getName().replaceAll("[^A-Za-z0-9]", "").toLowerCase();
        // The 1.4.6.2 producer only sends to topics some broker has published in ZooKeeper, so the topic
        // is configured, as it would be in production (auto-creation serves clients that name a partition).
        broker = InProcessBroker.start(store, tmp.resolve("broker"), "topics:\n  " + topic + ": {partitions: 4}\n");
        client = new LegacyClient(broker.zkConnect(), tmp.resolve("legacy"));
        zk = new ZooKeeperView(broker.zkConnect());
    }

    @AfterEach
    void stop() throws Exception {
        try (AutoCloseable c1 = zk; AutoCloseable c2 = broker) {
            if (client != null) {
                client.close();
            }
        }
    }

    @Test
    void produceAndConsume_throughDiscovery_withGroup_overFourPartitions() {
        Result produced = produce("--count", "400", "--size", "1024");
        assertThat(produced.sent()).hasSize(400);
        assertThat(partitionsOf(produced.sent(), Sent::partition)).containsExactlyElementsOf(ALL_PARTITIONS);

        Result consumed = consume("g1", 400);

        assertSameMessages(produced.sent(), consumed.received());
        assertThat(consumed.received()).allSatisfy(r -> assertThat(r.attribute()).isNull());
    }

    @Test
    void produceAndConsume_withAttributes_overFourPartitions() {
        Result produced = produce("--count", "200", "--size", "512", "--attribute", "tag {seq} x");
        Result withEmpty = produce("--count", "20", "--size", "64", "--attribute", "", "--first-seq", "1000");
        List<Sent> sent = Stream.concat(produced.sent().stream(), withEmpty.sent().stream()).toList();
        assertThat(partitionsOf(sent, Sent::partition)).containsExactlyElementsOf(ALL_PARTITIONS);

        Result consumed = consume("g-attr", 220);

        assertSameMessages(sent, consumed.received());
        Map<Long, Received> bySeq = consumed.received().stream()
                .collect(Collectors.toMap(Received::seq, Function.identity()));
        for (long seq = 0; seq < 200; seq++) {
            assertThat(bySeq.get(seq).attribute()).isEqualTo("tag " + seq + " x");
        }
        for (long seq = 1000; seq < 1020; seq++) {
            assertThat(bySeq.get(seq).attribute()).isEmpty(); // an empty attribute is still an attribute
        }
    }

    @Test
    void orderWithinEachPartition_isTheOrderOfTheAcks() {
        Result produced = produce("--count", "300", "--size", "100");
        Result consumed = consume("g-order", 300);

        Map<String, List<Sent>> sentBy = byPartition(produced.sent(), Sent::partition);
        Map<String, List<Received>> recvBy = byPartition(consumed.received(), Received::partition);
        assertThat(recvBy.keySet()).isEqualTo(sentBy.keySet());
        sentBy.forEach((p, sent) -> {
            List<Received> recv = recvBy.get(p);
            assertThat(recv).extracting(Received::seq).containsExactlyElementsOf(sent.stream().map(Sent::seq).toList());
            assertThat(recv).extracting(Received::offset).isSorted().doesNotHaveDuplicates();
            // one producer thread: each partition's offsets grow with the sequence numbers
            assertThat(sent).extracting(Sent::offset).isSorted();
        });
    }

    @Test
    void offsets_committedToZooKeeper_areResumedWhenTheConsumerRestarts() throws Exception {
        Result produced = produce("--count", "200", "--size", "256");

        Result first = consume("g-resume", 120);
        Map<String, String> offsets = committedOffsets("g-resume");
        assertThat(offsets).isNotEmpty();
        offsets.values().forEach(v -> assertThat(v).matches("-?\\d+-\\d+")); // <lastMsgId>-<offset>, §5.3
        assertThat(zk.isEphemeral("/meta/consumers/g-resume/offsets/" + topic + "/" + offsets.keySet().iterator().next()))
                .isFalse();

        Result second = consume("g-resume", 80);
        List<Received> all = new ArrayList<>(first.received());
        all.addAll(second.received());
        assertSameMessages(produced.sent(), all);

        Result third = client.run(RUN, "consume", "--topic", topic, "--group", "g-resume", "--count", "0",
                "--max-wait-ms", "2000", QUICK_CONSUMER[0], QUICK_CONSUMER[1], QUICK_CONSUMER[2], QUICK_CONSUMER[3]);
        assertThat(third.exitCode()).as(third.describe()).isZero();
        assertThat(third.received()).as("nothing is delivered twice to the group").isEmpty();
    }

    @Test
    void messagesAndOffsets_surviveABrokerRestart() {
        Result before = produce("--count", "100", "--size", "300");
        Result early = consume("g-restart", 40);

        broker.restart();

        Result after = produce("--count", "100", "--size", "300", "--first-seq", "100");
        Map<String, Long> lastOffsetBefore = before.sent().stream()
                .collect(Collectors.toMap(Sent::partition, Sent::offset, Math::max));
        after.sent().forEach(s -> {
            if (lastOffsetBefore.containsKey(s.partition())) {
                assertThat(s.offset()).isGreaterThan(lastOffsetBefore.get(s.partition()));
            }
        });
        Set<Long> idsBefore = before.sent().stream().map(Sent::msgId).collect(Collectors.toSet());
        assertThat(after.sent()).noneMatch(s -> idsBefore.contains(s.msgId())); // ids unique across restarts

        Result rest = consume("g-restart", 160);
        List<Received> all = new ArrayList<>(early.received());
        all.addAll(rest.received());
        assertSameMessages(Stream.concat(before.sent().stream(), after.sent().stream()).toList(), all);
    }

    @Test
    void alwaysConsumeFromMaxOffset_skipsWhatWasThereBefore() throws Exception {
        produce("--count", "50", "--size", "128");

        try (LegacyRun run = client.start(RUN, "consume-forever", "--topic", topic, "--group", "g-tail",
                "--always-from-max-offset", QUICK_CONSUMER[0], QUICK_CONSUMER[1], QUICK_CONSUMER[2], QUICK_CONSUMER[3])) {
            run.awaitKind("READY", Duration.ofSeconds(15));
            // The consumer asks for Long.MAX_VALUE, the broker answers 301 with the tail, the client commits it.
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                Map<String, String> offsets = committedOffsets("g-tail");
                assertThat(offsets.keySet()).containsExactlyInAnyOrderElementsOf(ALL_PARTITIONS);
                assertThat(offsets.values()).noneMatch(v -> v.endsWith("-" + Long.MAX_VALUE));
            });

            Result fresh = produce("--count", "20", "--size", "128", "--first-seq", "1000");
            List<Received> got = run.awaitReceived(20, Duration.ofSeconds(20));
            Result stopped = run.stop(Duration.ofSeconds(15));

            assertThat(stopped.exitCode()).as(stopped.describe()).isZero();
            assertThat(got).allSatisfy(r -> assertThat(r.seq()).isGreaterThanOrEqualTo(1000));
            assertSameMessages(fresh.sent(), stopped.received());
        }
    }

    @Test
    void pullGet_readsAPartitionFromAnOffset_andAnswersEmptyAtTheEnd() {
        Result produced = produce("--count", "10", "--size", "200", "--partition", "0-1", "--attribute", "a{seq}");
        List<Sent> sent = produced.sent();
        assertThat(sent).extracting(Sent::partition).containsOnly("0-1");
        long first = sent.get(0).offset();

        Result got = client.run(RUN, "get", "--topic", topic, "--partition", "0-1", "--offset", Long.toString(first));

        assertThat(got.exitCode()).as(got.describe()).isZero();
        assertThat(got.received()).extracting(Received::offset).containsExactlyElementsOf(sent.stream().map(Sent::offset).toList());
        assertThat(got.received()).extracting(Received::msgId).containsExactlyElementsOf(sent.stream().map(Sent::msgId).toList());
        assertThat(got.received()).extracting(Received::sha1).containsExactlyElementsOf(sent.stream().map(Sent::sha1).toList());
        assertThat(got.received()).extracting(Received::attribute).containsExactlyElementsOf(sent.stream().map(Sent::attribute).toList());
        long end = got.next().orElseThrow();
        Sent last = sent.get(sent.size() - 1);
        // 20-byte header + 4-byte attribute length + attribute + 200 bytes of data (§3.1, §3.2)
        assertThat(end).isEqualTo(last.offset() + 20 + 4 + last.attribute().length() + 200);

        Result atEnd = client.run(RUN, "get", "--topic", topic, "--partition", "0-1", "--offset", Long.toString(end));
        assertThat(atEnd.exitCode()).as(atEnd.describe()).isZero();
        assertThat(atEnd.isEmptyFetch()).as("404 at the end of the partition").isTrue();

        Result pastEnd = client.run(RUN, "get", "--topic", topic, "--partition", "0-1", "--offset",
                Long.toString(end + 1_000_000));
        assertThat(pastEnd.exitCode()).as(pastEnd.describe()).isZero();
        assertThat(pastEnd.isEmptyFetch()).as("301 past the end of the partition").isTrue();

        Result middle = client.run(RUN, "get", "--topic", topic, "--partition", "0-1", "--offset",
                Long.toString(sent.get(5).offset()), "--max-size", "500");
        assertThat(middle.received()).isNotEmpty().first().extracting(Received::seq).isEqualTo(5L);
        assertThat(middle.received().size()).isLessThan(5); // maxSize honoured, last record may be cut
    }

    @Test
    void aMessageOf900KiB_goesThroughPushAndPull() {
        int size = 900 * 1024;
        Result produced = produce("--count", "1", "--size", Integer.toString(size));
        Sent sent = produced.sent().get(0);

        Result pushed = consume("g-big", 1);
        assertSameMessages(produced.sent(), pushed.received());

        Result pulled = client.run(RUN, "get", "--topic", topic, "--partition", sent.partition(), "--offset",
                Long.toString(sent.offset()));
        assertThat(pulled.received()).singleElement().satisfies(r -> {
            assertThat(r.sha1()).isEqualTo(sent.sha1());
            assertThat(r.msgId()).isEqualTo(sent.msgId());
        });
        assertThat(pulled.next()).hasValue(sent.offset() + 20 + size);
    }

    @Test
    void getStats_returnsTheBrokersCounters() {
        produce("--count", "25", "--size", "64");

        Result summary = client.run(RUN, "stats", "--topic", topic);
        assertThat(summary.exitCode()).as(summary.describe()).isZero();
        assertThat(summary.stats()).hasSize(1);
        Map<String, String> values = summary.stats().values().iterator().next();
        assertThat(values).containsKeys("pid", "broker_id", "uptime", "version", "curr_connections", "cmd_put",
                "cmd_get", "topics");
        assertThat(values.get("broker_id")).isEqualTo("0");
        assertThat(Long.parseLong(values.get("cmd_put"))).isGreaterThanOrEqualTo(25);

        Result topics = client.run(RUN, "stats", "--topic", topic, "--item", "topics");
        assertThat(topics.exitCode()).as(topics.describe()).isZero();
        assertThat(topics.stats().values().iterator().next()).isNotEmpty();
    }

    @Test
    void twoConsumersInOneGroup_splitThePartitions() throws Exception {
        produce("--count", "1", "--size", "16"); // creates the topic, so both consumers see 4 partitions
        try (LegacyRun a = client.start(RUN, "consume-forever", "--topic", topic, "--group", "g-split",
                     "--consumer-id", "a", QUICK_CONSUMER[0], QUICK_CONSUMER[1], QUICK_CONSUMER[2], QUICK_CONSUMER[3]);
             LegacyRun b = client.start(RUN, "consume-forever", "--topic", topic, "--group", "g-split",
                     "--consumer-id", "b", QUICK_CONSUMER[0], QUICK_CONSUMER[1], QUICK_CONSUMER[2], QUICK_CONSUMER[3])) {
            a.awaitKind("READY", Duration.ofSeconds(15));
            b.awaitKind("READY", Duration.ofSeconds(15));
            String owners = "/meta/consumers/g-split/owners/" + topic;
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(zk.children(owners)).containsExactlyInAnyOrderElementsOf(ALL_PARTITIONS);
                assertThat(zk.data(owners + "/0-0")).isEqualTo("g-split_a");
                assertThat(zk.data(owners + "/0-3")).isEqualTo("g-split_b");
            });

            Result produced = produce("--count", "200", "--size", "128", "--first-seq", "1");
            await().atMost(Duration.ofSeconds(20)).until(
                    () -> a.snapshot().received().size() + b.snapshot().received().size() >= 201);
            Result ra = a.stop(Duration.ofSeconds(15));
            Result rb = b.stop(Duration.ofSeconds(15));

            // The seed message (seq 0) goes to whoever owned its partition before both had joined;
            // the split is judged on what was produced once ownership had settled.
            Set<String> pa = partitionsOf(ra.received().stream().filter(r -> r.seq() >= 1).toList(), Received::partition);
            Set<String> pb = partitionsOf(rb.received().stream().filter(r -> r.seq() >= 1).toList(), Received::partition);
            assertThat(pa).containsExactlyInAnyOrder("0-0", "0-1");
            assertThat(pb).containsExactlyInAnyOrder("0-2", "0-3");
            List<Received> all = new ArrayList<>(ra.received());
            all.addAll(rb.received());
            assertThat(all).extracting(Received::sha1).containsAll(produced.sent().stream().map(Sent::sha1).toList());
            assertThat(all).extracting(Received::msgId).doesNotHaveDuplicates();
        }
    }

    // ---------------------------------------------------------------------------------------------------

    private Result produce(String... args) {
        List<String> a = new ArrayList<>(List.of("--topic", topic));
        a.addAll(List.of(args));
        Result r = client.run(RUN, "produce", a.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.done()).as(r.describe()).hasValue(r.sent().size());
        return r;
    }

    private Result consume(String group, int count) {
        Result r = client.run(RUN, "consume", "--topic", topic, "--group", group, "--count", Integer.toString(count),
                "--max-wait-ms", "20000", QUICK_CONSUMER[0], QUICK_CONSUMER[1], QUICK_CONSUMER[2], QUICK_CONSUMER[3]);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.received()).as(r.describe()).hasSize(count);
        return r;
    }

    /** Every sent message received exactly once, with the id, partition, offset and body the broker acked. */
    private static void assertSameMessages(List<Sent> sent, List<Received> received) {
        assertThat(received).extracting(Received::msgId).doesNotHaveDuplicates();
        Map<Long, Received> byId = received.stream().collect(Collectors.toMap(Received::msgId, Function.identity()));
        assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(sent.stream().map(Sent::msgId).toList());
        for (Sent s : sent) {
            Received r = byId.get(s.msgId());
            assertThat(r.partition()).isEqualTo(s.partition());
            assertThat(r.offset()).isEqualTo(s.offset());
            assertThat(r.sha1()).isEqualTo(s.sha1());
            assertThat(r.seq()).isEqualTo(s.seq());
            assertThat(r.attribute()).isEqualTo(s.attribute());
        }
    }

    private Map<String, String> committedOffsets(String group) throws Exception {
        String base = "/meta/consumers/" + group + "/offsets/" + topic;
        Map<String, String> m = new TreeMap<>();
        for (String p : zk.children(base)) {
            m.put(p, zk.data(base + "/" + p));
        }
        return m;
    }

    private static <T> Set<String> partitionsOf(List<T> items, Function<T, String> partition) {
        return items.stream().map(partition).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static <T> Map<String, List<T>> byPartition(List<T> items, Function<T, String> partition) {
        return items.stream().collect(Collectors.groupingBy(partition, TreeMap::new, Collectors.toList()));
    }
}
