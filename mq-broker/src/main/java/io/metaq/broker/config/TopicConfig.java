package io.metaq.broker.config;

import io.metaq.api.ConfigException;
import io.metaq.spi.store.FlushMode;
import io.metaq.spi.store.LogConfig;

/** A topic's resolved settings: partition count, publish/subscribe flags and the log config of its partitions. */
public record TopicConfig(String name, int partitions, boolean acceptPublish, boolean acceptSubscribe,
        LogConfig logConfig) {

    static TopicConfig from(String key, String name, TopicSettings s) {
        if (s.partitions() < 1 || s.partitions() > 1024) {
            throw new ConfigException(key + ".partitions", "must be between 1 and 1024, was " + s.partitions());
        }
        FlushMode mode;
        try {
            mode = FlushMode.parse(s.flush());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ".flush", e.getMessage());
        }
        long segment = Sizes.bytes(key + ".segmentBytes", s.segmentBytes());
        long retention = Sizes.millis(key + ".retention", s.retention());
        long retentionBytes = Sizes.bytes(key + ".retentionBytes", s.retentionBytes());
        LogConfig log;
        try {
            log = LogConfig.defaults().withSegmentBytes(segment).withFlushMode(mode)
                    .withFlushInterval(s.flushIntervalMessages(), s.flushIntervalMs())
                    .withRetention(retention, retentionBytes == 0 ? -1 : retentionBytes);
        } catch (ConfigException e) {
            throw new ConfigException(key + "." + e.key(), e.getMessage());
        }
        return new TopicConfig(name, s.partitions(), s.acceptPublish(), s.acceptSubscribe(), log);
    }
}
