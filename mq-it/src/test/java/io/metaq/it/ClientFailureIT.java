package io.metaq.it;

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
import io.metaq.client.SendFailedException;
import io.metaq.client.SendResult;
import io.metaq.it.ClientTests.Recorder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker down (stopped, or registered but unreachable), a broker restart, a ZooKeeper session expiry. */
class ClientFailureIT {
    @TempDir
    Path dir;

    @Test
    void sendsToADownBroker_retryWithBackoff_thenFailClearly_andSucceedOnceItIsBack() throws Exception {
        try (BrokerCluster cluster = BrokerCluster.start(dir, 1, "topics: {down: {partitions: 4}}\n");
             MessagingClient client = ClientTests.client(cluster.zkConnect());
             Producer producer = client.createProducer(ProducerConfig.builder()
                     .requestTimeoutMs(500).retries(2).retryBackoffMs(50).build())) {
            sendNumbered(producer, "down", 0, 10);
            String url = cluster.url(0);

            // 1. Stopped cleanly: the broker is gone from ZooKeeper.
            cluster.stop(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.partitionsFor("down").isEmpty());
            CompletableFuture<SendResult> f = producer.sendAsync(new Message("down", payload(10, "down")));
            Throwable failure = failureOf(f);
            System.out.println("ClientFailureIT: stopped broker: " + failure);
            assertThat(failure).isInstanceOf(SendFailedException.class)
                    .hasMessageContaining("down")
                    .hasMessageContaining("3 attempt(s)")
                    .hasMessageContaining("broker 0 is not registered");
            assertThat(((SendFailedException) failure).code()).isZero();

            // 2. Crashed: still registered (its session has not expired yet) but nothing listens.
            ZooKeeperView zk = cluster.view();
            zk.put("/meta/brokers/ids/0/master", url);
            zk.put("/meta/brokers/topics-pub/down/0-m", "{\"broker\":\"0-m\",\"numParts\":4}");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.partitionsFor("down").size() == 4);
            long start = System.nanoTime();
            f = producer.sendAsync(new Message("down", payload(11, "down")));
            failure = failureOf(f);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("ClientFailureIT: unreachable broker after " + tookMs + " ms: " + failure);
            assertThat(failure).isInstanceOf(SendFailedException.class)
                    .hasMessageContaining("3 attempt(s)")
                    .hasMessageContaining("down 0-");
            assertThat(failure.getMessage()).containsIgnoringCase("refused");
            // Backoff 50 ms then 100 ms between the three attempts.
            assertThat(tookMs).isGreaterThanOrEqualTo(150);
            zk.delete("/meta/brokers/ids/0/master");
            zk.delete("/meta/brokers/topics-pub/down/0-m");

            // 3. Back: sends succeed again.
            cluster.startAgain(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.partitionsFor("down").size() == 4);
            assertThat(sendNumbered(producer, "down", 12, 20)).hasSize(20);
            assertThat(producer.send(new Message("down", payload(32, "down"))).offset()).isPositive();
        }
    }

    @Test
    void aSendWhileTheBrokerRestarts_succeedsWithinItsRetries() throws Exception {
        try (BrokerCluster cluster = BrokerCluster.start(dir, 1, "topics: {bounce: {partitions: 4}}\n");
             MessagingClient client = ClientTests.client(cluster.zkConnect());
             Producer producer = client.createProducer(ProducerConfig.builder()
                     .requestTimeoutMs(1_000).retries(6).retryBackoffMs(100).build())) {
            sendNumbered(producer, "bounce", 0, 10);
            cluster.stop(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.partitionsFor("bounce").isEmpty());
            CompletableFuture<SendResult> f = producer.sendAsync(new Message("bounce", payload(10, "bounce")));
            cluster.startAgain(0);
            assertThat(f.get(30, TimeUnit.SECONDS).partition().brokerId()).isZero();
        }
    }

    @Test
    void aConsumer_survivesABrokerRestart_withoutLoss() throws Exception {
        try (BrokerCluster cluster = BrokerCluster.start(dir, 1, "topics: {surv: {partitions: 4}}\n");
             MessagingClient client = ClientTests.client(cluster.zkConnect());
             Producer producer = client.createProducer(ProducerConfig.defaults());
             Consumer consumer = client.createConsumer(ConsumerConfig.builder("g-surv").build())) {
            Recorder got = new Recorder(2);
            consumer.subscribe("surv", got).start();
            sendNumbered(producer, "surv", 0, 300);
            await().atMost(Duration.ofSeconds(10)).until(() -> got.count() >= 50);

            cluster.restart(0); // while the consumer is half way through
            int atRestart = got.count();
            await().atMost(Duration.ofSeconds(10)).until(() -> consumer.assignment().getOrDefault("surv",
                    java.util.Set.of()).size() == 4 && client.partitionsFor("surv").size() == 4);
            sendNumbered(producer, "surv", 300, 100);
            await().atMost(Duration.ofSeconds(30)).until(() -> got.seqSet().containsAll(range(0, 400)));

            System.out.printf("ClientFailureIT: %d of 300 consumed before the restart, %d in all%n", atRestart,
                    got.count());
            assertThat(atRestart).isLessThan(300);
            assertThat(got.seqs()).as("offsets committed when the partitions left with the broker")
                    .doesNotHaveDuplicates();
            assertThat(got.seqSet()).isEqualTo(range(0, 400));
            ClientTests.assertOffsetsIncreasing(got.byPartition());
        }
    }

    @Test
    void afterASessionExpiry_theConsumerRegistersAgain_andKeepsConsuming() throws Exception {
        try (BrokerCluster cluster = BrokerCluster.start(dir, 1, "topics: {exp: {partitions: 4}}\n");
             MessagingClient producerClient = ClientTests.client(cluster.zkConnect());
             Producer producer = producerClient.createProducer(ProducerConfig.defaults());
             MessagingClient client = ClientTests.client(cluster.zkConnect());
             Consumer consumer = client.createConsumer(ConsumerConfig.builder("g-exp").consumerId("x").build())) {
            ZooKeeperView zk = cluster.view();
            String id = "/meta/consumers/g-exp/ids/g-exp_x";
            String owners = "/meta/consumers/g-exp/owners/exp/";
            Recorder got = new Recorder();
            consumer.subscribe("exp", got).start();
            sendNumbered(producer, "exp", 0, 100);
            await().atMost(Duration.ofSeconds(10)).until(() -> got.count() >= 100);
            long session = ClientTests.sessionIdOf(client);
            assertThat(zk.ephemeralOwner(id)).isEqualTo(session);
            assertThat(zk.ephemeralOwner(owners + "0-0")).isEqualTo(session);

            ClientTests.expireSession(client, cluster.zkConnect());
            long expired = System.nanoTime();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                long now = zk.ephemeralOwner(id);
                assertThat(now).as("ids node re-created by a new session").isNotIn(-1L, 0L, session);
                assertThat(zk.data(id)).isEqualTo("exp");
                for (int p = 0; p < 4; p++) {
                    assertThat(zk.data(owners + new Partition(0, p))).isEqualTo("g-exp_x");
                    assertThat(zk.ephemeralOwner(owners + new Partition(0, p))).isEqualTo(now);
                }
            });
            System.out.printf("ClientFailureIT: registered again %d ms after the session expired%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - expired));
            assertThat(ClientTests.sessionIdOf(client)).isNotEqualTo(session);

            sendNumbered(producer, "exp", 100, 100);
            await().atMost(Duration.ofSeconds(15)).until(() -> got.seqSet().containsAll(range(100, 200)));
            assertThat(got.seqs()).doesNotHaveDuplicates();
            assertThat(got.seqSet()).isEqualTo(range(0, 200));
            assertThat(consumer.assignment().get("exp")).hasSize(4);
        }
    }

    private static Throwable failureOf(CompletableFuture<SendResult> f) throws Exception {
        try {
            SendResult r = f.get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected the send to fail, but it was stored: " + r);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
