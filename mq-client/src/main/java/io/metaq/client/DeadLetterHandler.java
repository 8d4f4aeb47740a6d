package io.metaq.client;

/**
 * Takes a message whose listener kept failing. The consumer moves past the message only once this
 * returns normally; a handler that throws is called again after a back-off, so nothing is dropped.
 */
@FunctionalInterface
public interface DeadLetterHandler {
    void deadLetter(ReceivedMessage message, Throwable lastFailure) throws Exception;
}
