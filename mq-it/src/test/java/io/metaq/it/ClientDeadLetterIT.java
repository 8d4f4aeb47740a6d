package io.metaq.it;

import static io.metaq.it.ClientTests.payload;
import static io.metaq.it.ClientTests.seqOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metaq.api.Message;
import io.metaq.client.Consumer;
import io.metaq.client.ConsumerConfig;
import io.metaq.client.Producer;
import io.metaq.client.ProducerConfig;
import io.metaq.client.ReceivedMessage;
import io.metaq.it.ClientTests.Recorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A message whose listener keeps failing is retried, then dead-lettered; the partition then moves on. */
class ClientDeadLetterIT {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker("topics: {dl: {partitions: 1}, dl2: {partitions: 1}}\n");

    static Producer producer;

    @BeforeAll
    static void createProducer() throws Exception {
        // One partition each, so "the messages after it" is well defined. The -DLQ topic is auto-created.
        producer = broker.client().createProducer(ProducerConfig.defaults());
    }

    @Test
    void aMessageThatAlwaysFails_isRetriedMaxRetriesTimes_thenPublishedToTheDeadLetterTopic() throws Exception {
        Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();
        List<Long> handled = new ArrayList<>();
        try (Consumer c = broker.client().createConsumer(ConsumerConfig.builder("g-dl").maxRetries(3).retryBackoffMs(20).build())) {
            c.subscribe("dl", m -> {
                long seq = seqOf(m);
                calls.computeIfAbsent(seq, s -> new AtomicInteger()).incrementAndGet();
                if (seq == 5) {
                    throw new IllegalStateException("poison " + seq);
                }
                synchronized (handled) {
                    handled.add(seq);
                }
            }).start();
            for (long seq = 0; seq < 10; seq++) {
                producer.send(new Message("dl", payload(seq, "dl"), seq == 5 ? "poison-attr" : null));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                synchronized (handled) {
                    return handled.size() >= 9;
                }
            });
            synchronized (handled) {
                assertThat(handled).containsExactly(0L, 1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L);
            }
            assertThat(calls.get(5L)).as("1 delivery + 3 retries").hasValue(4);
            calls.forEach((seq, n) -> {
                if (seq != 5) {
                    assertThat(n).as("calls for %d", seq).hasValue(1);
                }
            });
        }

        Recorder dlq = new Recorder();
        try (Consumer reader = broker.client().createConsumer(ConsumerConfig.builder("g-dlq-reader").build())) {
            reader.subscribe("g-dl-DLQ", dlq).start();
            // The dead-letter topic was auto-created by the first message sent to it.
            await().atMost(Duration.ofSeconds(20)).until(() -> dlq.count() >= 1);
        }
        assertThat(dlq.messages()).singleElement().satisfies(m -> {
            assertThat(m.topic()).isEqualTo("g-dl-DLQ");
            assertThat(m.data()).isEqualTo(payload(5, "dl"));
            assertThat(m.attribute()).isEqualTo("poison-attr");
        });
    }

    @Test
    void aDeadLetterHandlerThatFails_isCalledAgain_andThePartitionWaitsUntilItSucceeds() throws Exception {
        List<String> events = new ArrayList<>();
        AtomicInteger handlerCalls = new AtomicInteger();
        AtomicInteger listenerCallsFor3 = new AtomicInteger();
        ConsumerConfig config = ConsumerConfig.builder("g-dl2").maxRetries(1).retryBackoffMs(20)
                .deadLetter((ReceivedMessage m, Throwable failure) -> {
                    int n = handlerCalls.incrementAndGet();
                    synchronized (events) {
                        events.add((n <= 2 ? "handler-failed:" : "handler-ok:") + seqOf(m) + ":" + failure.getMessage());
                    }
                    if (n <= 2) {
                        throw new IllegalStateException("dead-letter store unavailable");
                    }
                }).build();
        try (Consumer c = broker.client().createConsumer(config)) {
            c.subscribe("dl2", m -> {
                long seq = seqOf(m);
                if (seq == 3) {
                    listenerCallsFor3.incrementAndGet();
                    throw new IllegalStateException("poison " + seq);
                }
                synchronized (events) {
                    events.add("ok:" + seq);
                }
            }).start();
            for (long seq = 0; seq < 7; seq++) {
                producer.send(new Message("dl2", payload(seq, "dl2")));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                synchronized (events) {
                    return events.contains("ok:6");
                }
            });
        }
        synchronized (events) {
            assertThat(events).containsExactly("ok:0", "ok:1", "ok:2",
                    "handler-failed:3:poison 3", "handler-failed:3:poison 3", "handler-ok:3:poison 3",
                    "ok:4", "ok:5", "ok:6");
        }
        assertThat(listenerCallsFor3).as("1 delivery + 1 retry").hasValue(2);
        assertThat(handlerCalls).hasValue(3);
    }
}
