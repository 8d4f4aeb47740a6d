package io.metaq.spi.transport;

/**
 * The broker side of a server transport. {@link #handle} is called on a transport I/O thread and must
 * never block: work that waits on disk or time is handed off, and the {@link Responder} is called when
 * it is done, from any thread. Requests from one connection arrive in order; responses may be sent
 * out of order (they are matched by opaque).
 */
public interface RequestHandler {
    void handle(Connection connection, Request request, Responder responder);

    /** A connection was accepted. */
    default void connectionOpened(Connection connection) {
    }

    /** A connection closed; release what was parked for it. */
    default void connectionClosed(Connection connection) {
    }
}
