package io.metaq.client.internal;

import io.metaq.client.ConsumerConfig;
import io.metaq.client.DeadLetterHandler;
import io.metaq.client.MessageListener;
import io.metaq.client.ReceivedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one message to the listener with the consumer's at-least-once rules: the client-side filter
 * first, then up to {@code maxRetries} re-deliveries after {@code retryBackoffMs}, then the dead-letter
 * handler, retried with a growing back-off until it succeeds. The message counts as handled only when
 * this returns true; every pause can be cut short by the partition being stopped or moved.
 */
final class ListenerInvoker {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerInvoker.class);
    private static final long MAX_BACKOFF_MS = 5_000;

    /** Waits unless the delivery was superseded; false when the message should no longer be delivered. */
    @FunctionalInterface
    interface Pause {
        boolean pause(long ms);
    }

    private final MessageListener listener;
    private final ConsumerConfig config;
    private final DeadLetterHandler deadLetter;

    ListenerInvoker(MessageListener listener, ConsumerConfig config, DeadLetterHandler deadLetter) {
        this.listener = listener;
        this.config = config;
        this.deadLetter = deadLetter;
    }

    /** True once the message is handled (delivered, filtered out or dead-lettered); false when superseded. */
    boolean handle(ReceivedMessage m, Pause pause) {
        if (config.filter() != null && !config.filter().test(m)) {
            return true;
        }
        Throwable last = null;
        for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
            if (attempt > 0 && !pause.pause(config.retryBackoffMs())) {
                return false;
            }
            try {
                listener.onMessage(m);
                return true;
            } catch (Exception | LinkageError | AssertionError e) {
                last = e;
                LOG.debug("{} {}: listener failed on offset {} (attempt {}): {}", m.topic(), m.partition(), m.offset(),
                        attempt + 1, e.toString());
            }
        }
        LOG.warn("{} {}: message at offset {} failed {} time(s); sending it to the dead-letter handler: {}", m.topic(),
                m.partition(), m.offset(), config.maxRetries() + 1, String.valueOf(last));
        long backoff = Math.max(100, config.retryBackoffMs());
        while (true) {
            try {
                deadLetter.deadLetter(m, last);
                return true;
            } catch (Exception e) {
                LOG.error("{} {}: dead-letter handler failed for offset {}; the partition waits and retries: {}",
                        m.topic(), m.partition(), m.offset(), e.toString());
            }
            if (!pause.pause(backoff)) {
                return false;
            }
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }
}
