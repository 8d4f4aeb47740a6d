package io.metaq.spi.transport;

import io.metaq.spi.Provider;

/**
 * A wire protocol implementation ({@code netty} for the MetaQ text protocol). Found through
 * {@link java.util.ServiceLoader}, chosen by name; stateless.
 */
public interface TransportProvider extends Provider {
    /** A server that will hand decoded requests to {@code handler}; call {@link ServerTransport#start()}. */
    ServerTransport createServer(TransportConfig config, RequestHandler handler);

    /** A client side for making connections to brokers. */
    ClientTransport createClient(TransportConfig config);
}
