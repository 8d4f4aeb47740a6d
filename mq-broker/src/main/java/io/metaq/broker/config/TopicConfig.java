package io.metaq.broker.config;

import io.metaq.api.ConfigException;
import io.metaq.spi.store.FlushMode;
import io.metaq.spi.store.LogConfig;

/** A topic's resolved settings: partition count, publish/subscribe flags and the log config of its partitions. */
public record TopicConfig(String name, int partitions, boolean acceptPublish, boolean acceptSubscribe,
        LogConfig logConfig) {

    /** Partition counts a topic may have. */
    public static final int MAX_PARTITIONS = 1024;

    /**
     * @param key prefixed to each field in errors ({@code topics.orders.partitions}); empty for bare names
     * @param s   every field set
     */
    static TopicConfig from(String key, String name, TopicSettings s) {
        if (s.partitions() < 1 || s.partitions() > MAX_PARTITIONS) {
            throw new ConfigException(BrokerConfigLoader.join(key, "partitions"), "must be between 1 and "
                    + MAX_PARTITIONS + ", was " + s.partitions());
        }
        FlushMode mode;
        try {
            mode = FlushMode.parse(s.flush());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(BrokerConfigLoader.join(key, "flush"), e.getMessage());
        }
        long segment = Sizes.bytes(BrokerConfigLoader.join(key, "segmentBytes"), s.segmentBytes());
        long retention = Sizes.millis(BrokerConfigLoader.join(key, "retention"), s.retention());
        long retentionBytes = Sizes.bytes(BrokerConfigLoader.join(key, "retentionBytes"), s.retentionBytes());
        LogConfig log;
        try {
            log = LogConfig.defaults().withSegmentBytes(segment).withFlushMode(mode)
                    .withFlushInterval(s.flushIntervalMessages(), s.flushIntervalMs())
                    .withRetention(retention, retentionBytes == 0 ? -1 : retentionBytes);
        } catch (ConfigException e) {
            throw new ConfigException(BrokerConfigLoader.join(key, e.key()), e.getMessage());
        }
        return new TopicConfig(name, s.partitions(), s.acceptPublish(), s.acceptSubscribe(), log);
    }

    /** The same settings for another topic (the defaults handed to a topic not declared by name). */
    public TopicConfig withName(String topic) {
        return topic.equals(name) ? this : new TopicConfig(topic, partitions, acceptPublish, acceptSubscribe, logConfig);
    }
}
