package io.metaq.transport.netty;

import io.metaq.api.ConfigException;
import io.metaq.spi.transport.TransportConfig;
import java.util.Map;
import java.util.Set;

/**
 * The {@link TransportConfig} checked, plus the Netty-specific {@code options}:
 * <ul>
 *   <li>{@code epoll} ({@code true}): use native epoll when {@code Epoll.isAvailable()}; {@code false}
 *       forces NIO;</li>
 *   <li>{@code writeBufferLowWaterMark} / {@code writeBufferHighWaterMark} (1 MiB / 4 MiB): bytes queued
 *       for a connection above which the server stops reading from it until the queue drains below
 *       the low mark;</li>
 *   <li>{@code maxBatchSize} ({@code maxMessageSize}): the largest {@code bput} body.</li>
 * </ul>
 * An unknown option key or a bad value fails with the key named.
 */
record NettySettings(TransportConfig config, boolean epoll, int lowWaterMark, int highWaterMark, int maxBatchSize) {
    private static final Set<String> KEYS = Set.of("epoll", "writeBufferLowWaterMark", "writeBufferHighWaterMark",
            "maxBatchSize");

    static NettySettings of(TransportConfig c) {
        check(c.port() >= 0 && c.port() <= 65535, "port", "must be 0..65535, got " + c.port());
        check(c.maxMessageSize() >= 0, "maxMessageSize", "must be >= 0, got " + c.maxMessageSize());
        check(c.maxLineLength() >= 16, "maxLineLength", "must be >= 16, got " + c.maxLineLength());
        check(c.maxConnections() > 0, "maxConnections", "must be > 0, got " + c.maxConnections());
        check(c.idleTimeoutMs() >= 0, "idleTimeoutMs", "must be >= 0, got " + c.idleTimeoutMs());
        check(c.ioThreads() >= 0, "ioThreads", "must be >= 0, got " + c.ioThreads());
        Map<String, String> o = c.options();
        for (String key : o.keySet()) {
            check(KEYS.contains(key), "options." + key, "unknown netty transport option; known: " + KEYS);
        }
        String epoll = o.getOrDefault("epoll", "true");
        check(epoll.equals("true") || epoll.equals("false"), "options.epoll", "must be true or false, got " + epoll);
        int low = intOption(o, "writeBufferLowWaterMark", 1 << 20);
        int high = intOption(o, "writeBufferHighWaterMark", 4 << 20);
        check(low > 0 && high >= low, "options.writeBufferHighWaterMark",
                "must be >= writeBufferLowWaterMark (" + low + ") and both > 0");
        int batch = intOption(o, "maxBatchSize", c.maxMessageSize());
        check(batch >= 0, "options.maxBatchSize", "must be >= 0, got " + batch);
        return new NettySettings(c, Boolean.parseBoolean(epoll), low, high, batch);
    }

    private static int intOption(Map<String, String> o, String key, int dflt) {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("options." + key, "not an integer: '" + v + "'");
        }
    }

    private static void check(boolean ok, String key, String detail) {
        if (!ok) {
            throw new ConfigException(key, detail);
        }
    }
}
