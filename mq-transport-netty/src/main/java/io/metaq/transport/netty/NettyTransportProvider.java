package io.metaq.transport.netty;

import io.metaq.spi.transport.ClientTransport;
import io.metaq.spi.transport.RequestHandler;
import io.metaq.spi.transport.ServerTransport;
import io.metaq.spi.transport.TransportConfig;
import io.metaq.spi.transport.TransportProvider;

/**
 * TransportProvider {@code netty}: the MetaQ 1.4.6.2 text protocol (PROTOCOL.md §1–§2) and our
 * extensions (PROTOCOL-EXTENSIONS.md) over Netty, native epoll when available. Stateless.
 */
public final class NettyTransportProvider implements TransportProvider {
    public static final String NAME = "netty";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ServerTransport createServer(TransportConfig config, RequestHandler handler) {
        return new NettyServerTransport(config, handler);
    }

    @Override
    public ClientTransport createClient(TransportConfig config) {
        return new NettyClientTransport(config);
    }
}
