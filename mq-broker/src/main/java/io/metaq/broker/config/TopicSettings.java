package io.metaq.broker.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A topic's settings in {@code broker.yaml}: under {@code topicDefaults} every field must be set (the
 * defaults are filled in); under {@code topics.<name>} any field left out comes from the defaults.
 */
public record TopicSettings(
        @JsonProperty("partitions") Integer partitions,
        @JsonProperty("flush") String flush,
        @JsonProperty("flushIntervalMessages") Integer flushIntervalMessages,
        @JsonProperty("flushIntervalMs") Long flushIntervalMs,
        @JsonProperty("segmentBytes") String segmentBytes,
        @JsonProperty("retention") String retention,
        @JsonProperty("retentionBytes") String retentionBytes,
        @JsonProperty("acceptPublish") Boolean acceptPublish,
        @JsonProperty("acceptSubscribe") Boolean acceptSubscribe) {

    /** The built-in defaults: 4 partitions, group commit, 1 GiB segments, 7 days. */
    public static TopicSettings builtIn() {
        return new TopicSettings(4, "group", 10_000, 1000L, "1g", "168h", "-1", true, true);
    }

    /** These settings with {@code partitions} replaced. */
    public TopicSettings withPartitions(int n) {
        return new TopicSettings(n, flush, flushIntervalMessages, flushIntervalMs, segmentBytes, retention,
                retentionBytes, acceptPublish, acceptSubscribe);
    }

    /** This topic's settings with every missing field taken from {@code defaults}. */
    public TopicSettings withDefaults(TopicSettings defaults) {
        return new TopicSettings(
                partitions != null ? partitions : defaults.partitions,
                flush != null ? flush : defaults.flush,
                flushIntervalMessages != null ? flushIntervalMessages : defaults.flushIntervalMessages,
                flushIntervalMs != null ? flushIntervalMs : defaults.flushIntervalMs,
                segmentBytes != null ? segmentBytes : defaults.segmentBytes,
                retention != null ? retention : defaults.retention,
                retentionBytes != null ? retentionBytes : defaults.retentionBytes,
                acceptPublish != null ? acceptPublish : defaults.acceptPublish,
                acceptSubscribe != null ? acceptSubscribe : defaults.acceptSubscribe);
    }
}
