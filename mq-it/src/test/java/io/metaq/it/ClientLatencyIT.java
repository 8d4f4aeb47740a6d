package io.metaq.it;

import static io.metaq.it.ClientTests.payload;
import static io.metaq.it.ClientTests.seqOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metaq.api.Message;
import io.metaq.client.Consumer;
import io.metaq.client.ConsumerConfig;
import io.metaq.client.MessagingClient;
import io.metaq.client.Producer;
import io.metaq.client.ProducerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long-poll latency: one message at a time, from the send call to the listener, on a topic with group
 * commit ({@code flush: group}, the broker's default), so the time includes the fsync before the ack and
 * the wake-up of the parked fetch. Measured and printed; asserted only against a generous bound.
 */
class ClientLatencyIT {
    private static final int WARM_UP = 20;
    private static final int MEASURED = 200;

    @TempDir
    Path dir;

    @Test
    void aMessageReachesALongPollingConsumerPromptly() throws Exception {
        try (BrokerCluster cluster = BrokerCluster.start(dir, 1, "topics: {lat: {partitions: 4, flush: group}}\n");
             MessagingClient client = ClientTests.client(cluster.zkConnect());
             Producer producer = client.createProducer(ProducerConfig.defaults());
             Consumer consumer = client.createConsumer(ConsumerConfig.builder("g-lat").longPollMs(5_000).build())) {
            BlockingQueue<long[]> arrivals = new ArrayBlockingQueue<>(WARM_UP + MEASURED);
            consumer.subscribe("lat", m -> arrivals.add(new long[] {seqOf(m), System.nanoTime()})).start();
            await().atMost(Duration.ofSeconds(10)).until(() -> consumer.assignment().getOrDefault("lat", Set.of()).size() == 4);

            long[] latencyMicros = new long[MEASURED];
            for (int seq = 0; seq < WARM_UP + MEASURED; seq++) {
                long start = System.nanoTime();
                producer.send(new Message("lat", payload(seq, "latency")));
                long[] got = arrivals.poll(10, TimeUnit.SECONDS);
                assertThat(got).as("message %d received", seq).isNotNull();
                assertThat(got[0]).isEqualTo(seq);
                if (seq >= WARM_UP) {
                    latencyMicros[seq - WARM_UP] = TimeUnit.NANOSECONDS.toMicros(got[1] - start);
                }
            }
            Arrays.sort(latencyMicros);
            long p50 = latencyMicros[MEASURED / 2];
            long p99 = latencyMicros[MEASURED * 99 / 100];
            long max = latencyMicros[MEASURED - 1];
            System.out.printf("ClientLatencyIT: send->receive over %d messages (long poll 5000 ms, flush: group):"
                    + " p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", MEASURED, p50 / 1000.0, p99 / 1000.0, max / 1000.0);
            // A poll-based consumer would see up to its poll interval; a long poll answers on the append.
            assertThat(p99).as("p99 in microseconds").isLessThan(500_000);
            assertThat(arrivals).isEmpty();
        }
    }
}
