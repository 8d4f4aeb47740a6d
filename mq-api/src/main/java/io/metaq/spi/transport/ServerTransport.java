package io.metaq.spi.transport;

import java.net.InetSocketAddress;

/** A listening socket that decodes frames for a {@link RequestHandler}. The creator closes it. */
public interface ServerTransport extends AutoCloseable {
    /** Binds and starts accepting; returns once bound. */
    void start();

    /** The bound address (useful when the configured port is 0). */
    InetSocketAddress localAddress();

    /** Connections open now. */
    int connectionCount();

    /** Stops accepting, closes connections and releases threads; waits for that to finish. */
    @Override
    void close();
}
