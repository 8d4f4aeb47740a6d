package io.metaq.client;

/**
 * Receives a consumer's messages, one at a time and in offset order for each partition. A listener
 * that throws gets the same message again (up to the consumer's {@code maxRetries}), after which the
 * message goes to the dead-letter handler; consumption of that partition continues only then.
 */
@FunctionalInterface
public interface MessageListener {
    void onMessage(ReceivedMessage message) throws Exception;
}
