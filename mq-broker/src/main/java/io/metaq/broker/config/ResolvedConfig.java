package io.metaq.broker.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The broker configuration with defaults applied and values checked; what the broker runs with. */
public record ResolvedConfig(int brokerId, String host, int port, String advertisedHost, Path dataDir,
        String zkConnect, int zkEmbeddedPort, String zkRoot, int zkSessionTimeoutMs, int zkConnectionTimeoutMs,
        String storeProvider, int flushThreads, Map<String, String> storeOptions,
        String transportProvider, int ioThreads, int maxConnections, long idleTimeoutMs,
        Map<String, String> transportOptions,
        int maxMessageSize, int maxTransferSize, int maxLineLength, int maxLongPolls,
        int maxLongPollsPerConnection, long maxLongPollWaitMs,
        boolean adminEnabled, boolean autoCreateTopics, TopicConfig topicDefaults,
        TopicSettings topicDefaultSettings, Map<String, TopicConfig> topics,
        Path pluginsDir, List<FilterSpec> filters, int maxFilterScanBytes, long slowFilterMs) {

    public boolean embeddedZooKeeper() {
        return "embedded".equals(zkConnect);
    }

    /** The settings of {@code topic}: its own section, or the defaults under the topic's name. */
    public TopicConfig topic(String topic) {
        TopicConfig declared = topics.get(topic);
        return declared != null ? declared : topicDefaults.withName(topic);
    }

    /**
     * Resolves and checks the settings of a topic not declared in this file (made by the admin extension,
     * or read back from {@code topics.yaml}) as a {@code topics.<name>} entry would be: missing fields
     * come from {@code topicDefaults}.
     *
     * @param key names the settings in errors, e.g. {@code topics.orders}; empty for bare field names
     * @throws ConfigException naming the field and what is wrong with it
     */
    public TopicConfig resolveTopic(String key, String name, TopicSettings settings) {
        return TopicConfig.from(key, name, settings.withDefaults(topicDefaultSettings));
    }
}
