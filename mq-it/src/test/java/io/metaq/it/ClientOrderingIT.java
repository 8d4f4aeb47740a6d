package io.metaq.it;

import static io.metaq.it.ClientTests.assertOffsetsIncreasing;
import static io.metaq.it.ClientTests.payload;
import static io.metaq.it.ClientTests.range;
import static io.metaq.it.ClientTests.seqOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metaq.api.Message;
import io.metaq.client.Consumer;
import io.metaq.client.ConsumerConfig;
import io.metaq.client.Partition;
import io.metaq.client.PartitionSelectors;
import io.metaq.client.Producer;
import io.metaq.client.ProducerConfig;
import io.metaq.client.ReceivedMessage;
import io.metaq.client.SendResult;
import io.metaq.it.ClientTests.Recorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Delivery order: per partition (offsets and send order) and per key under the key-hash selector. */
class ClientOrderingIT {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker("topics: {ord: {partitions: 4}, keyed: {partitions: 4}}\n");

    @Test
    void perPartition_offsetsIncreaseAndMessagesArriveInSendOrder() throws Exception {
        int n = 2000;
        List<SendResult> sent = new ArrayList<>();
        try (Producer producer = broker.client().createProducer(ProducerConfig.builder()
                .selector(PartitionSelectors.roundRobin()).build())) {
            List<CompletableFuture<SendResult>> futures = new ArrayList<>();
            for (int seq = 0; seq < n; seq++) {
                futures.add(producer.sendAsync(new Message("ord", payload(seq, "ordered"))));
            }
            for (CompletableFuture<SendResult> f : futures) {
                sent.add(f.get(30, TimeUnit.SECONDS));
            }
        }
        // What was sent to each partition, in send order (index = seq).
        Map<Partition, List<Long>> sentSeqs = new TreeMap<>();
        Map<Partition, List<Long>> sentOffsets = new TreeMap<>();
        for (int seq = 0; seq < n; seq++) {
            SendResult r = sent.get(seq);
            sentSeqs.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add((long) seq);
            sentOffsets.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.offset());
        }
        assertThat(sentSeqs).hasSize(4);

        Recorder got = new Recorder();
        try (Consumer consumer = broker.client().createConsumer(ConsumerConfig.builder("g-ord").listenerThreads(4).build())) {
            consumer.subscribe("ord", got).start();
            await().atMost(Duration.ofSeconds(30)).until(() -> got.count() >= n);
        }

        assertThat(got.count()).isEqualTo(n);
        Map<Partition, List<ReceivedMessage>> byPartition = got.byPartition();
        assertThat(byPartition.keySet()).isEqualTo(sentSeqs.keySet());
        assertOffsetsIncreasing(byPartition);
        byPartition.forEach((p, list) -> {
            assertThat(list).extracting(ClientTests::seqOf).as("send order in %s", p)
                    .containsExactlyElementsOf(sentSeqs.get(p));
            assertThat(list).extracting(ReceivedMessage::offset).as("acknowledged offsets in %s", p)
                    .containsExactlyElementsOf(sentOffsets.get(p));
            assertThat(list).allSatisfy(m -> assertThat(m.topic()).isEqualTo("ord"));
        });
    }

    @Test
    void perKey_withKeyHash_allMessagesOfAKeyReachOneConsumerInSendOrder() throws Exception {
        int keys = 16;
        int perKey = 60;
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        try (Consumer ca = broker.client().createConsumer(ConsumerConfig.builder("g-keyed").consumerId("a").build());
             Consumer cb = broker.client().createConsumer(ConsumerConfig.builder("g-keyed").consumerId("b").build())) {
            ca.subscribe("keyed", a).start();
            cb.subscribe("keyed", b).start();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(ca.assignment().getOrDefault("keyed", Set.of())).hasSize(2);
                assertThat(cb.assignment().getOrDefault("keyed", Set.of())).hasSize(2);
            });

            Map<Long, String> keyOf = new HashMap<>();
            Map<String, Partition> partitionOfKey = new HashMap<>();
            try (Producer producer = broker.client().createProducer(ProducerConfig.builder()
                    .selector(PartitionSelectors.keyHash()).build())) {
                List<CompletableFuture<SendResult>> futures = new ArrayList<>();
                for (long seq = 0; seq < (long) keys * perKey; seq++) {
                    String key = "key-" + (seq % keys);
                    keyOf.put(seq, key);
                    futures.add(producer.sendAsync(new Message("keyed", payload(seq, key)), key));
                }
                for (int seq = 0; seq < futures.size(); seq++) {
                    SendResult r = futures.get(seq).get(30, TimeUnit.SECONDS);
                    Partition previous = partitionOfKey.putIfAbsent(keyOf.get((long) seq), r.partition());
                    assertThat(previous == null || previous.equals(r.partition()))
                            .as("key %s stays on one partition", keyOf.get((long) seq)).isTrue();
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> a.count() + b.count() >= keys * perKey);

            assertThat(a.count() + b.count()).isEqualTo(keys * perKey);
            Set<Long> union = new java.util.TreeSet<>(a.seqSet());
            union.addAll(b.seqSet());
            assertThat(union).isEqualTo(range(0, (long) keys * perKey));
            assertThat(a.partitions()).isEqualTo(ca.assignment().get("keyed"));
            assertThat(b.partitions()).isEqualTo(cb.assignment().get("keyed"));

            Map<String, List<Long>> keysAtA = seqsByKey(a.messages());
            Map<String, List<Long>> keysAtB = seqsByKey(b.messages());
            assertThat(keysAtA.keySet()).as("keys seen by both members").doesNotContainAnyElementsOf(keysAtB.keySet());
            assertThat(keysAtA.size() + keysAtB.size()).isEqualTo(keys);
            Map<String, List<Long>> all = new TreeMap<>(keysAtA);
            all.putAll(keysAtB);
            all.forEach((key, seqs) -> {
                assertThat(seqs).as("messages of %s", key).hasSize(perKey).isSortedAccordingTo(Comparator.naturalOrder());
            });
        }
    }

    private static Map<String, List<Long>> seqsByKey(List<ReceivedMessage> messages) {
        Map<String, List<Long>> m = new TreeMap<>();
        for (ReceivedMessage r : messages) {
            String text = r.text();
            m.computeIfAbsent(text.substring(text.indexOf(';') + 1), k -> new ArrayList<>()).add(seqOf(r));
        }
        return m;
    }
}
