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
        }
    }
}
