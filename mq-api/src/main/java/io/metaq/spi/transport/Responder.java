package io.metaq.spi.transport;

/**
 * Answers one request. Thread-safe; may be called from any thread, at most once (later calls are
 * ignored, and a response for a connection already closed is dropped, closing any view it holds).
 */
@FunctionalInterface
public interface Responder {
    void respond(Response response);
}
