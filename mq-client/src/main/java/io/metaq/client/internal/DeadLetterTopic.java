package io.metaq.client.internal;

import io.metaq.api.Message;
import io.metaq.client.DeadLetterHandler;
import io.metaq.client.ProducerConfig;
import io.metaq.client.ReceivedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default dead-letter destination: publishes the message, data and attribute unchanged, to the
 * topic {@code <group>-DLQ} and waits for the broker's acknowledgement (a failure throws, so the
 * consumer retries instead of moving on). Its producer is made on first use. Thread-safe.
 */
final class DeadLetterTopic implements DeadLetterHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterTopic.class);

    private final ClientContext client;
    private final String topic;
    private final String consumerId;
    private DefaultProducer producer;

    DeadLetterTopic(ClientContext client, String topic, String consumerId) {
        this.client = client;
        this.topic = topic;
        this.consumerId = consumerId;
    }

    @Override
    public void deadLetter(ReceivedMessage m, Throwable lastFailure) {
        producer().send(new Message(topic, m.data(), m.attribute()));
        LOG.warn("{}: message {} from {} {} at offset {} moved to dead-letter topic {}", consumerId, m.id(), m.topic(),
                m.partition(), m.offset(), topic);
    }

    private synchronized DefaultProducer producer() {
        if (producer == null) {
            producer = new DefaultProducer(client, ProducerConfig.defaults(), p -> { });
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
