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
import io.metaq.client.ReceivedMessage;
import io.metaq.client.SendResult;
import io.metaq.client.StartPosition;
import io.metaq.it.ClientTests.Recorder;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Committed offsets are resumed by the next member of the group; seeking by offset and by time. */
class ClientOffsetsIT {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker("topics: {res: {partitions: 4}, tim: {partitions: 4}}\n");

    static Producer producer;

    @BeforeAll
    static void createProducer() throws Exception {
        producer = broker.client().createProducer(ProducerConfig.defaults());
    }

    @Test
    void aNewMemberOfTheGroup_resumesExactlyWhereTheLastOneStopped() throws Exception {
        sendNumbered(producer, "res", 0, 300);

        // The first member handles messages slowly and is closed part way through.
        Recorder first = new Recorder(3);
        try (Consumer c1 = broker.client().createConsumer(ConsumerConfig.builder("g-res").build())) {
            c1.subscribe("res", first).start();
            await().atMost(Duration.ofSeconds(20)).until(() -> first.count() >= 100);
        }
        Set<Long> firstSeqs = first.seqSet();
        assertThat(first.seqs()).doesNotHaveDuplicates();
        assertThat(firstSeqs.size()).as("closed part way").isLessThan(300);
        String offsets = "/meta/consumers/g-res/offsets/res";
        assertThat(broker.cluster().view().children(offsets)).containsExactly("0-0", "0-1", "0-2", "0-3");
        for (String p : broker.cluster().view().children(offsets)) {
            assertThat(broker.cluster().view().data(offsets + "/" + p)).matches("-?\\d+-\\d+"); // <lastMsgId>-<offset>
            assertThat(broker.cluster().view().isEphemeral(offsets + "/" + p)).isFalse();
        }

        sendNumbered(producer, "res", 300, 100);
        Set<Long> rest = new TreeSet<>(range(0, 400));
        rest.removeAll(firstSeqs);

        Recorder second = new Recorder();
        try (Consumer c2 = broker.client().createConsumer(ConsumerConfig.builder("g-res").build())) {
            c2.subscribe("res", second).start();
            await().atMost(Duration.ofSeconds(20)).until(() -> second.seqSet().containsAll(rest));
            c2.commit();
        }
        assertThat(second.seqs()).as("nothing delivered twice").doesNotHaveDuplicates();
        assertThat(second.seqSet()).isEqualTo(rest);
    }

    @Test
    void seekToTime_and_startAtTime_deliverOnlyWhatWasAppendedFromThatTime() throws Exception {
        List<SendResult> before = sendNumbered(producer, "tim", 0, 100);
        // Append times are the broker's clock (this machine's): leave a clear gap around the instant.
        Thread.sleep(50);
        long t = System.currentTimeMillis();
        Thread.sleep(50);
        List<SendResult> after = sendNumbered(producer, "tim", 100, 100);
        assertThat(before.stream().map(SendResult::partition).collect(Collectors.toSet())).hasSize(4);

        Recorder got = new Recorder();
        // A long poll longer than the waits below: a seek must not wait for the poll parked at the broker.
        try (Consumer c = broker.client().createConsumer(ConsumerConfig.builder("g-tim").longPollMs(30_000).build())) {
            c.subscribe("tim", got).start();
            await().atMost(Duration.ofSeconds(20)).until(() -> got.count() >= 200);
            assertThat(got.seqSet()).isEqualTo(range(0, 200));

            got.clear();
            c.seekToTime("tim", t);
            await().atMost(Duration.ofSeconds(10)).until(() -> got.count() >= 100);
            assertThat(got.seqs()).as("redelivered after seekToTime").doesNotHaveDuplicates();
            assertThat(got.seqSet()).isEqualTo(range(100, 200));

            // seek by offset: back to the 10th message of one partition.
            Partition p = after.get(0).partition();
            List<SendResult> inP = before.stream().filter(r -> r.partition().equals(p)).toList();
            SendResult from = inP.get(10);
            long expected = before.stream().filter(r -> r.partition().equals(p) && r.offset() >= from.offset()).count()
                    + after.stream().filter(r -> r.partition().equals(p)).count();
            got.clear();
            c.seek("tim", p, from.offset());
            await().atMost(Duration.ofSeconds(10)).until(() -> got.count() >= expected);
            assertThat(got.messages()).allMatch(m -> m.partition().equals(p));
            assertThat(got.messages().get(0).offset()).isEqualTo(from.offset());
            assertThat(got.messages().get(0).id()).isEqualTo(from.id());
            assertThat(got.count()).isEqualTo((int) expected);
        }

        Recorder fresh = new Recorder();
        try (Consumer c = broker.client().createConsumer(ConsumerConfig.builder("g-tim-new")
                .startPosition(StartPosition.atTime(t)).build())) {
            c.subscribe("tim", fresh).start();
            await().atMost(Duration.ofSeconds(20)).until(() -> fresh.count() >= 100);
            assertThat(fresh.seqs()).doesNotHaveDuplicates();
            assertThat(fresh.seqSet()).isEqualTo(range(100, 200));
            List<ReceivedMessage> firsts = fresh.byPartition().values().stream().map(l -> l.get(0)).toList();
            for (ReceivedMessage m : firsts) {
                SendResult firstAfter = after.stream().filter(r -> r.partition().equals(m.partition())).findFirst()
                        .orElseThrow();
                assertThat(m.offset()).isEqualTo(firstAfter.offset());
            }
        }
    }
}
