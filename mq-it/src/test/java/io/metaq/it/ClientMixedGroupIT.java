package io.metaq.it;

import static io.metaq.it.ClientTests.range;
import static io.metaq.it.ClientTests.sendNumbered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metaq.client.Consumer;
import io.metaq.client.ConsumerConfig;
import io.metaq.client.Partition;
import io.metaq.client.Producer;
import io.metaq.client.ProducerConfig;
import io.metaq.it.ClientTests.Recorder;
import io.metaq.it.LegacyOutput.Received;
import io.metaq.it.LegacyOutput.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One consumer group shared by our consumer and the original 1.4.6.2 consumer (in a child JVM): they split
 * the partitions by the same rule, every message is consumed once, and each resumes from the offsets the
 * other committed.
 */
class ClientMixedGroupIT {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker("topics: {mix: {partitions: 4}, mixoff: {partitions: 4}}\n");

    private static final Duration RUN = Duration.ofSeconds(40);
    /** Shorter commit period and fetch back-off than the old client's defaults, so tests stay short. */
    private static final String[] QUICK = {"--commit-period-ms", "200", "--max-delay-fetch-ms", "1000"};

    @TempDir
    static Path dir;

    static Producer producer;
    static LegacyClient legacy;

    @BeforeAll
    static void startClients() throws Exception {
        producer = broker.client().createProducer(ProducerConfig.defaults());
        legacy = new LegacyClient(broker.cluster().zkConnect(), dir.resolve("legacy"));
    }

    @AfterAll
    static void stopLegacyClient() throws Exception {
        if (legacy != null) {
            legacy.close();
        }
    }

    @Test
    void oldAndNewMembersOfOneGroup_splitThePartitions_andConsumeEachMessageOnce() throws Exception {
        String owners = "/meta/consumers/g-mix/owners/mix/";
        try (LegacyRun old = legacy.start(RUN, "consume-forever", "--topic", "mix", "--group", "g-mix",
                "--consumer-id", "old", QUICK[0], QUICK[1], QUICK[2], QUICK[3])) {
            old.awaitKind("READY", Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(broker.cluster().view().children(owners.substring(0, owners.length() - 1))).hasSize(4));

            Recorder ours = new Recorder();
            Result oldOutput;
            try (Consumer c = broker.client().createConsumer(ConsumerConfig.builder("g-mix").consumerId("new").build())) {
                c.subscribe("mix", ours).start();
                // Both sort the members "g-mix_new" < "g-mix_old" and the partitions as strings: ranges of 2.
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    assertThat(broker.cluster().view().data(owners + "0-0")).isEqualTo("g-mix_new");
                    assertThat(broker.cluster().view().data(owners + "0-1")).isEqualTo("g-mix_new");
                    assertThat(broker.cluster().view().data(owners + "0-2")).isEqualTo("g-mix_old");
                    assertThat(broker.cluster().view().data(owners + "0-3")).isEqualTo("g-mix_old");
                    assertThat(c.assignment().get("mix")).containsExactly(new Partition(0, 0), new Partition(0, 1));
                });

                sendNumbered(producer, "mix", 0, 400);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> ours.count() + old.snapshot().received().size() >= 400);

                List<Received> oldGot = old.snapshot().received();
                System.out.printf("ClientMixedGroupIT: of 400 messages the 1.4.6.2 member consumed %d, ours %d%n",
                        oldGot.size(), ours.count());
                Set<Long> oldSeqs = oldGot.stream().map(Received::seq).collect(Collectors.toCollection(TreeSet::new));
                assertThat(oldGot).extracting(Received::seq).doesNotHaveDuplicates();
                assertThat(oldGot).extracting(Received::partition).containsOnly("0-2", "0-3");
                assertThat(ours.seqs()).doesNotHaveDuplicates();
                assertThat(ours.partitions()).containsExactly(new Partition(0, 0), new Partition(0, 1));
                assertThat(ours.seqSet()).as("consumed by both").doesNotContainAnyElementsOf(oldSeqs);
                Set<Long> union = new TreeSet<>(ours.seqSet());
                union.addAll(oldSeqs);
                assertThat(union).isEqualTo(range(0, 400));

                // The old member leaves (committing): ours takes its partitions from the offsets it committed.
                oldOutput = old.stop(Duration.ofSeconds(20));
                assertThat(oldOutput.exitCode()).as(oldOutput.describe()).isZero();
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        assertThat(c.assignment().get("mix")).hasSize(4));
                sendNumbered(producer, "mix", 400, 100);
                await().atMost(Duration.ofSeconds(20)).until(() -> ours.seqSet().containsAll(range(400, 500)));
                c.commit();
            }
            assertThat(ours.seqs()).as("nothing the old member had consumed is delivered again").doesNotHaveDuplicates();
            Set<Long> all = new TreeSet<>(ours.seqSet());
            all.addAll(oldOutput.received().stream().map(Received::seq).toList());
            assertThat(all).isEqualTo(range(0, 500));
            assertThat(ours.count() + oldOutput.received().size()).isEqualTo(500);
        }
    }

    @Test
    void offsetsCommittedByEitherClient_areResumedByTheOther() throws Exception {
        sendNumbered(producer, "mixoff", 0, 200);

        // The old client consumes exactly 120 and commits right after the 120th.
        Result first = legacy.run(RUN, "consume", "--topic", "mixoff", "--group", "g-off", "--count", "120",
                "--max-wait-ms", "20000", QUICK[0], QUICK[1], QUICK[2], QUICK[3]);
        assertThat(first.exitCode()).as(first.describe()).isZero();
        Set<Long> oldSeqs = first.received().stream().map(Received::seq).collect(Collectors.toCollection(TreeSet::new));
        assertThat(oldSeqs).hasSize(120);

        // Ours resumes there: exactly the other 80, then 100 more, and commits on close.
        sendNumbered(producer, "mixoff", 200, 100);
        Set<Long> expected = new TreeSet<>(range(0, 300));
        expected.removeAll(oldSeqs);
        Recorder ours = new Recorder();
        try (Consumer c = broker.client().createConsumer(ConsumerConfig.builder("g-off").build())) {
            c.subscribe("mixoff", ours).start();
            await().atMost(Duration.ofSeconds(20)).until(() -> ours.seqSet().containsAll(expected));
        }
        assertThat(ours.seqs()).doesNotHaveDuplicates();
        assertThat(ours.seqSet()).isEqualTo(expected);

        // The old client resumes from our offsets: exactly the 100 sent since.
        sendNumbered(producer, "mixoff", 300, 100);
        Result second = legacy.run(RUN, "consume", "--topic", "mixoff", "--group", "g-off", "--count", "100",
                "--max-wait-ms", "20000", QUICK[0], QUICK[1], QUICK[2], QUICK[3]);
        assertThat(second.exitCode()).as(second.describe()).isZero();
        assertThat(second.received()).extracting(Received::seq).doesNotHaveDuplicates();
        assertThat(second.received().stream().map(Received::seq).collect(Collectors.toSet())).isEqualTo(range(300, 400));
    }
}
