package io.metaq.spi.transport;

import java.net.SocketAddress;

/** One client connection as the broker sees it. Thread-safe. */
public interface Connection {
    /** A short id unique within the server's lifetime, for logs and per-connection limits. */
    long id();

    SocketAddress remoteAddress();

    boolean isOpen();

    /** Closes the connection; pending responses are dropped. */
    void close();
}
