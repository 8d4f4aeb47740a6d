package io.metaq.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.api.Message;
import io.metaq.client.Consumer;
import io.metaq.client.ConsumerConfig;
import io.metaq.client.MessagingClient;
import io.metaq.client.Producer;
import io.metaq.client.ProducerConfig;
import io.metaq.client.ReceivedMessage;
import io.metaq.client.SendResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSmokeIT {
    @TempDir
    Path dir;

    @Test
    void producedMessagesAreConsumedByAGroup() throws Exception {
        try (var broker = InProcessBroker.start("file", dir, "topics: {smoke: {partitions: 4}}\n");
             MessagingClient client = MessagingClient.builder().zkConnect(broker.zkConnect()).build();
             Producer producer = client.createProducer(ProducerConfig.defaults())) {
            List<CompletableFuture<SendResult>> sent = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                sent.add(producer.sendAsync(new Message("smoke", ("m" + i).getBytes(StandardCharsets.UTF_8))));
            }
            for (CompletableFuture<SendResult> f : sent) {
                assertThat(f.get(10, TimeUnit.SECONDS).offset()).isGreaterThanOrEqualTo(0);
            }
            ConcurrentLinkedQueue<ReceivedMessage> got = new ConcurrentLinkedQueue<>();
            try (Consumer consumer = client.createConsumer(ConsumerConfig.builder("g1").build())) {
                consumer.subscribe("smoke", got::add).start();
                Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> got.size() >= 1000);
                assertThat(consumer.assignment().get("smoke")).hasSize(4);
            }
            assertThat(got).hasSize(1000);

            // a client-side filter: rejected messages are skipped and count as consumed
            ConcurrentLinkedQueue<ReceivedMessage> even = new ConcurrentLinkedQueue<>();
            try (Consumer filtered = client.createConsumer(ConsumerConfig.builder("g-even")
                    .filter(m -> Integer.parseInt(m.text().substring(1)) % 2 == 0).build())) {
                filtered.subscribe("smoke", even::add).start();
                Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> even.size() >= 500);
                filtered.commit();
                Awaitility.await().during(300, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS)
                        .until(() -> even.size() == 500);
                long committedTotal = 0;
                for (var p : client.admin().describeGroup("g-even").partitions()) {
                    committedTotal += p.committedOffset();
                    assertThat(p.committedOffset()).as("offset of %s", p.partition())
                            .isEqualTo(client.admin().maxOffset("smoke", p.partition()));
                }
                assertThat(committedTotal).isPositive();
            }
            assertThat(even).extracting(ReceivedMessage::text).allMatch(t -> Integer.parseInt(t.substring(1)) % 2 == 0)
                    .hasSize(500);
        }
    }
}
