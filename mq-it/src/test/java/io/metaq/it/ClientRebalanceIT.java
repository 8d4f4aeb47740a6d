package io.metaq.it;

import static io.metaq.it.ClientTests.duplicates;
import static io.metaq.it.ClientTests.payload;
import static io.metaq.it.ClientTests.range;
import static io.metaq.it.ClientTests.sendNumbered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metaq.api.Message;
import io.metaq.client.Consumer;
import io.metaq.client.ConsumerConfig;
import io.metaq.client.MessagingClient;
import io.metaq.client.Partition;
import io.metaq.client.Producer;
import io.metaq.client.ProducerConfig;
import io.metaq.client.SendResult;
import io.metaq.it.ClientTests.Recorder;
import io.metaq.it.LegacyOutput.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebalancing: members joining and leaving (cleanly, and killed without closing), brokers appearing and
 * disappearing. Every message is consumed; none twice when members leave cleanly.
 */
class ClientRebalanceIT {
    private static final List<Partition> ALL = List.of(new Partition(0, 0), new Partition(0, 1), new Partition(0, 2),
            new Partition(0, 3));

    @TempDir
    Path dir;

    @Test
    void memberJoiningAndLeaving_movesPartitions_andNoMessageIsLostOrConsumedTwice() throws Exception {
        try (BrokerCluster cluster = BrokerCluster.start(dir, 1, "topics: {reb: {partitions: 4}}\n");
             MessagingClient clientA = ClientTests.client(cluster.zkConnect());
             MessagingClient clientB = ClientTests.client(cluster.zkConnect());
             Producer producer = clientA.createProducer(ProducerConfig.defaults());
             Consumer a = clientA.createConsumer(ConsumerConfig.builder("g-reb").consumerId("a").build())) {
            ZooKeeperView zk = cluster.view();
            String owners = "/meta/consumers/g-reb/owners/reb/";
            // Listeners that take a little time, as real ones do, so partitions move while messages are handled.
            Recorder ra = new Recorder(1);
            Recorder rb = new Recorder(1);
            a.subscribe("reb", ra).start();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(a.assignment().get("reb")).containsExactlyElementsOf(ALL);
                for (Partition p : ALL) {
                    assertThat(zk.data(owners + p)).isEqualTo("g-reb_a");
                }
            });

            PacedSender sender = new PacedSender(producer, "reb");
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> ra.count() >= 100);

                Consumer b = clientB.createConsumer(ConsumerConfig.builder("g-reb").consumerId("b").build());
                b.subscribe("reb", rb).start();
                long joined = System.nanoTime();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(a.assignment().get("reb")).containsExactly(ALL.get(0), ALL.get(1));
                    assertThat(b.assignment().get("reb")).containsExactly(ALL.get(2), ALL.get(3));
                    assertThat(zk.data(owners + "0-0")).isEqualTo("g-reb_a");
                    assertThat(zk.data(owners + "0-1")).isEqualTo("g-reb_a");
                    assertThat(zk.data(owners + "0-2")).isEqualTo("g-reb_b");
                    assertThat(zk.data(owners + "0-3")).isEqualTo("g-reb_b");
                });
                System.out.printf("ClientRebalanceIT: join settled in %d ms%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - joined));
                int bBefore = rb.count();
                await().atMost(Duration.ofSeconds(10)).until(() -> rb.count() >= bBefore + 100);

                b.close();
                long left = System.nanoTime();
                assertThat(zk.data("/meta/consumers/g-reb/ids/g-reb_b")).isNull();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(a.assignment().get("reb")).containsExactlyElementsOf(ALL);
                    for (Partition p : ALL) {
                        assertThat(zk.data(owners + p)).isEqualTo("g-reb_a");
                    }
                });
                System.out.printf("ClientRebalanceIT: leave settled in %d ms%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - left));
                int aAfter = ra.count();
                await().atMost(Duration.ofSeconds(10)).until(() -> ra.count() >= aAfter + 100);
            } finally {
                sender.close();
            }
            long sent = sender.sent();
            await().atMost(Duration.ofSeconds(20)).until(() -> ra.count() + rb.count() >= sent);

            List<Long> all = new ArrayList<>(ra.seqs());
            all.addAll(rb.seqs());
            System.out.printf("ClientRebalanceIT: %d sent while members joined and left, a got %d, b got %d%n", sent,
                    ra.count(), rb.count());
            assertThat(duplicates(all)).as("messages consumed twice").isEmpty();
            assertThat(new TreeSet<>(all)).isEqualTo(range(0, sent));
            assertThat(rb.partitions()).containsExactly(ALL.get(2), ALL.get(3));
        }
    }

    @Test
    void brokerAppearingAndDisappearing_addsAndRemovesItsPartitions() throws Exception {
        String topics = "topics: {dyn: {partitions: 2}}\n";
        try (BrokerCluster cluster = BrokerCluster.withZooKeeper(dir)) {
            cluster.start(0, topics);
            try (MessagingClient client = ClientTests.client(cluster.zkConnect());
                 Producer producer = client.createProducer(ProducerConfig.defaults());
                 Consumer c = client.createConsumer(ConsumerConfig.builder("g-dyn").build())) {
                Recorder got = new Recorder();
                c.subscribe("dyn", got).start();
                Set<Partition> onBroker0 = Set.of(new Partition(0, 0), new Partition(0, 1));
                Set<Partition> onBoth = Set.of(new Partition(0, 0), new Partition(0, 1), new Partition(1, 0),
                        new Partition(1, 1));
                assertThat(c.assignment().get("dyn")).isEqualTo(onBroker0);
                sendNumbered(producer, "dyn", 0, 100);

                cluster.start(1, topics);
                long appeared = System.nanoTime();
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    assertThat(c.assignment().get("dyn")).isEqualTo(onBoth);
                    assertThat(cluster.view().children("/meta/consumers/g-dyn/owners/dyn"))
                            .containsExactly("0-0", "0-1", "1-0", "1-1");
                });
                System.out.printf("ClientRebalanceIT: a new broker's partitions taken in %d ms%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - appeared));
                assertThat(client.partitionsFor("dyn")).containsExactlyElementsOf(new TreeSet<>(onBoth));
                List<SendResult> second = sendNumbered(producer, "dyn", 100, 200);
                assertThat(second).extracting(SendResult::partition).containsAll(onBoth);
                await().atMost(Duration.ofSeconds(15)).until(() -> got.count() >= 300);
                assertThat(got.partitions()).isEqualTo(onBoth);

                cluster.stop(1);
                long gone = System.nanoTime();
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    assertThat(c.assignment().get("dyn")).isEqualTo(onBroker0);
                    assertThat(cluster.view().children("/meta/consumers/g-dyn/owners/dyn")).containsExactly("0-0", "0-1");
                });
                System.out.printf("ClientRebalanceIT: a stopped broker's partitions released in %d ms%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - gone));
                List<SendResult> third = sendNumbered(producer, "dyn", 300, 100);
                assertThat(third).extracting(SendResult::partition).allMatch(onBroker0::contains);

                cluster.startAgain(1);
                await().atMost(Duration.ofSeconds(5)).until(() -> onBoth.equals(c.assignment().get("dyn")));
                await().atMost(Duration.ofSeconds(5)).until(() -> client.partitionsFor("dyn").size() == 4);
                sendNumbered(producer, "dyn", 400, 100);
                await().atMost(Duration.ofSeconds(15)).until(() -> got.count() >= 500);

                assertThat(got.seqs()).as("broker 1's partitions resume from their committed offsets")
                        .doesNotHaveDuplicates();
                assertThat(got.seqSet()).isEqualTo(range(0, 500));
            }
        }
    }

    @Test
    void memberKilledWithoutClosing_losesItsNodes_andItsPartitionsMove() throws Exception {
        try (BrokerCluster cluster = BrokerCluster.start(dir, 1, "topics: {kil: {partitions: 4}}\n");
             MessagingClient client = ClientTests.client(cluster.zkConnect());
             Producer producer = client.createProducer(ProducerConfig.defaults());
             Consumer survivor = client.createConsumer(ConsumerConfig.builder("g-kil").consumerId("s").build())) {
            ZooKeeperView zk = cluster.view();
            String owners = "/meta/consumers/g-kil/owners/kil/";
            Recorder rs = new Recorder();
            survivor.subscribe("kil", rs).start();
            // g-kil_c sorts before g-kil_s: the child gets 0-0 and 0-1.
            try (LegacyRun child = ClientTests.startChild(dir.resolve("child"), "child", cluster.zkConnect(), "g-kil",
                    "kil", "c", 3_000, 500)) {
                child.awaitKind("READY", Duration.ofSeconds(20));
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(zk.data(owners + "0-0")).isEqualTo("g-kil_c");
                    assertThat(zk.data(owners + "0-1")).isEqualTo("g-kil_c");
                    assertThat(zk.data(owners + "0-2")).isEqualTo("g-kil_s");
                    assertThat(zk.data(owners + "0-3")).isEqualTo("g-kil_s");
                    assertThat(survivor.assignment().get("kil")).containsExactly(ALL.get(2), ALL.get(3));
                });
                List<SendResult> first = sendNumbered(producer, "kil", 0, 200);
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> rs.count() + child.snapshot().received().size() >= 200);
                List<Received> childGot = child.snapshot().received();
                assertThat(childGot).extracting(Received::partition).containsOnly("0-0", "0-1");
                // Let the child's periodic commit (every 500 ms) record all it handled; then the messages sent
                // next are the ones it handles without committing before it dies.
                for (Partition p : List.of(ALL.get(0), ALL.get(1))) {
                    long last = first.stream().filter(r -> r.partition().equals(p)).mapToLong(SendResult::offset).max()
                            .orElseThrow();
                    await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset(zk, "g-kil", "kil", p) > last);
                }
                sendNumbered(producer, "kil", 200, 20);
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> rs.count() + child.snapshot().received().size() >= 220);
                childGot = child.snapshot().received();

                child.close(); // destroyForcibly: no close, no commit, no release
                long killed = System.nanoTime();
                assertThat(child.isAlive()).isFalse();
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(zk.data("/meta/consumers/g-kil/ids/g-kil_c")).isNull();
                    assertThat(survivor.assignment().get("kil")).containsExactlyElementsOf(ALL);
                    for (Partition p : ALL) {
                        assertThat(zk.data(owners + p)).isEqualTo("g-kil_s");
                    }
                });
                System.out.printf("ClientRebalanceIT: partitions of a killed member (session timeout 3 s) taken over"
                        + " in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));

                sendNumbered(producer, "kil", 220, 180);
                await().atMost(Duration.ofSeconds(15)).until(() -> rs.seqSet().containsAll(range(220, 400)));

                Set<Long> childSeqs = new TreeSet<>();
                childGot.forEach(r -> childSeqs.add(r.seq()));
                assertThat(rs.seqs()).as("the survivor gets each message once").doesNotHaveDuplicates();
                Set<Long> union = new TreeSet<>(rs.seqSet());
                union.addAll(childSeqs);
                assertThat(union).isEqualTo(range(0, 400));
                Set<Long> twice = new TreeSet<>(rs.seqSet());
                twice.retainAll(childSeqs);
                // At least once: what the killed member handled after its last commit is delivered again, but
                // nothing it had committed.
                System.out.printf("ClientRebalanceIT: %d of the killed member's %d messages were redelivered%n",
                        twice.size(), childSeqs.size());
                assertThat(twice).allMatch(seq -> seq >= 200);
            }
        }
    }

    /** The offset committed for a partition ({@code <lastMsgId>-<offset>}), or -1. */
    private static long committedOffset(ZooKeeperView zk, String group, String topic, Partition p) throws Exception {
        String v = zk.data("/meta/consumers/" + group + "/offsets/" + topic + "/" + p);
        return v == null ? -1 : Long.parseLong(v.substring(v.lastIndexOf('-') + 1));
    }

    /** Sends numbered messages, one every 2 ms, until closed; then waits for every acknowledgement. */
    static final class PacedSender implements AutoCloseable {
        private volatile long sent = -1;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong next = new AtomicLong();
        private final List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        private final Thread thread;

        PacedSender(Producer producer, String topic) {
            thread = new Thread(() -> {
                while (running.get()) {
                    long seq = next.getAndIncrement();
                    CompletableFuture<SendResult> f = producer.sendAsync(new Message(topic, payload(seq, "paced")));
                    synchronized (futures) {
                        futures.add(f);
                    }
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "paced-sender");
            thread.start();
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            thread.join(10_000);
            synchronized (futures) {
                for (CompletableFuture<SendResult> f : futures) {
                    f.get(30, TimeUnit.SECONDS);
                }
                sent = futures.size();
            }
        }

        /** How many were sent (and acknowledged), once closed. */
        long sent() {
            return sent;
        }
    }
}
