package io.metaq.broker.config;

import java.nio.file.Path;
import java.util.Map;

/** The broker configuration with defaults applied and values checked; what the broker runs with. */
public record ResolvedConfig(int brokerId, String host, int port, String advertisedHost, Path dataDir,
        String zkConnect, int zkEmbeddedPort, String zkRoot, int zkSessionTimeoutMs, int zkConnectionTimeoutMs,
        String storeProvider, int flushThreads, Map<String, String> storeOptions,
        String transportProvider, int ioThreads, int maxConnections, long idleTimeoutMs,
        Map<String, String> transportOptions,
        int maxMessageSize, int maxTransferSize, int maxLineLength, int maxLongPolls,
        int maxLongPollsPerConnection, long maxLongPollWaitMs,
        boolean autoCreateTopics, TopicConfig topicDefaults, Map<String, TopicConfig> topics) {

    public boolean embeddedZooKeeper() {
        return "embedded".equals(zkConnect);
    }

    /** The settings of {@code topic}: its own section or the defaults. */
    public TopicConfig topic(String topic) {
        return topics.getOrDefault(topic, topicDefaults);
    }
}
