package io.metaq.it;

import static io.metaq.it.ClientTests.range;
import static io.metaq.it.ClientTests.sendNumbered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metaq.client.ConsumeMode;
import io.metaq.client.Consumer;
import io.metaq.client.ConsumerConfig;
import io.metaq.client.Partition;
import io.metaq.client.Producer;
import io.metaq.client.ProducerConfig;
import io.metaq.it.ClientTests.Recorder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Clustering (each message to one member of the group) and broadcasting (every message to every member). */
class ClientGroupIT {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker("topics: {clu: {partitions: 4}, bro: {partitions: 4}}\n");

    private static final Set<Partition> ALL = Set.of(new Partition(0, 0), new Partition(0, 1), new Partition(0, 2),
            new Partition(0, 3));

    @Test
    void clustering_twoMembersSplitFourPartitions_andEachMessageIsConsumedOnce() throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        try (Consumer ca = broker.client().createConsumer(ConsumerConfig.builder("g-clu").consumerId("a").build());
             Consumer cb = broker.client().createConsumer(ConsumerConfig.builder("g-clu").consumerId("b").build());
             Producer producer = broker.client().createProducer(ProducerConfig.defaults())) {
            ca.subscribe("clu", a).start();
            cb.subscribe("clu", b).start();
            // Range assignment over the sorted member ids g-clu_a < g-clu_b, as the 1.4.6.2 client does it.
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(ca.assignment().get("clu")).containsExactly(new Partition(0, 0), new Partition(0, 1));
                assertThat(cb.assignment().get("clu")).containsExactly(new Partition(0, 2), new Partition(0, 3));
            });
            String owners = "/meta/consumers/g-clu/owners/clu/";
            assertThat(broker.cluster().view().data(owners + "0-0")).isEqualTo("g-clu_a");
            assertThat(broker.cluster().view().data(owners + "0-1")).isEqualTo("g-clu_a");
            assertThat(broker.cluster().view().data(owners + "0-2")).isEqualTo("g-clu_b");
            assertThat(broker.cluster().view().data(owners + "0-3")).isEqualTo("g-clu_b");
            assertThat(broker.cluster().view().data("/meta/consumers/g-clu/ids/g-clu_a")).isEqualTo("clu");

            sendNumbered(producer, "clu", 0, 400);
            await().atMost(Duration.ofSeconds(20)).until(() -> a.count() + b.count() >= 400);

            assertThat(a.count() + b.count()).isEqualTo(400);
            assertThat(a.seqs()).doesNotHaveDuplicates();
            assertThat(b.seqs()).doesNotHaveDuplicates();
            assertThat(a.seqSet()).doesNotContainAnyElementsOf(b.seqSet());
            Set<Long> union = new TreeSet<>(a.seqSet());
            union.addAll(b.seqSet());
            assertThat(union).isEqualTo(range(0, 400));
            assertThat(a.partitions()).containsExactly(new Partition(0, 0), new Partition(0, 1));
            assertThat(b.partitions()).containsExactly(new Partition(0, 2), new Partition(0, 3));
        }
    }

    @Test
    void broadcasting_everyMemberGetsEveryMessage(@TempDir Path offsetsA, @TempDir Path offsetsB) throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        try (Consumer ca = broker.client().createConsumer(ConsumerConfig.builder("g-bro").consumerId("a")
                     .mode(ConsumeMode.BROADCASTING).localOffsetDir(offsetsA).build());
             Consumer cb = broker.client().createConsumer(ConsumerConfig.builder("g-bro").consumerId("b")
                     .mode(ConsumeMode.BROADCASTING).localOffsetDir(offsetsB).build());
             Producer producer = broker.client().createProducer(ProducerConfig.defaults())) {
            ca.subscribe("bro", a).start();
            cb.subscribe("bro", b).start();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(ca.assignment().get("bro")).isEqualTo(ALL);
                assertThat(cb.assignment().get("bro")).isEqualTo(ALL);
            });
            // Broadcasting members neither register nor own partitions in ZooKeeper.
            assertThat(broker.cluster().view().children("/meta/consumers/g-bro/owners/bro")).isEmpty();

            sendNumbered(producer, "bro", 0, 300);
            await().atMost(Duration.ofSeconds(20)).until(() -> a.count() >= 300 && b.count() >= 300);

            for (Recorder r : List.of(a, b)) {
                assertThat(r.seqs()).hasSize(300).doesNotHaveDuplicates();
                assertThat(r.seqSet()).isEqualTo(range(0, 300));
            }
        }
    }
}
