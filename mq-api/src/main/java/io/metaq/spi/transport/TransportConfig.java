package io.metaq.spi.transport;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * Transport settings. Immutable.
 *
 * @param host            address to bind (server) — 127.0.0.1 by default
 * @param port            port to bind; 0 picks a free one
 * @param maxMessageSize  the largest put body or value accepted, checked before allocating
 * @param maxLineLength   the longest command line accepted
 * @param maxConnections  further connections are refused
 * @param idleTimeoutMs   a connection silent this long is closed; 0 never
 * @param ioThreads       I/O threads; 0 lets the transport choose
 * @param options         transport-specific keys
 */
public record TransportConfig(String host, int port, int maxMessageSize, int maxLineLength, int maxConnections,
        long idleTimeoutMs, int ioThreads, Map<String, String> options) {
    public TransportConfig {
        requireNonNull(host, "host is null");
        options = Map.copyOf(requireNonNull(options, "options is null"));
    }

    public static TransportConfig defaults() {
        return new TransportConfig("127.0.0.1", 8123, 4 << 20, 1024, 10_000, 120_000, 0, Map.of());
    }
}
