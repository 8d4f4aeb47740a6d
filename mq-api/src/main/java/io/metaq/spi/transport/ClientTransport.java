package io.metaq.spi.transport;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** Opens {@link ClientConnection}s; holds the I/O threads they share. The creator closes it. */
public interface ClientTransport extends AutoCloseable {
    CompletableFuture<ClientConnection> connect(InetSocketAddress address);

    @Override
    void close();
}
