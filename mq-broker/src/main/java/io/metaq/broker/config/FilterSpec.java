package io.metaq.broker.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A checked filter configuration: the consumer group {@code group} of {@code topic} receives only the
 * records the filter made by the provider named {@code provider} with {@code params} accepts.
 *
 * @param onError what a record gets when the filter throws on it
 */
public record FilterSpec(String topic, String group, String provider, Map<String, String> params, OnError onError) {
    /** The policy for a record the filter throws on. */
    public enum OnError {
        /** The record is delivered. */
        ACCEPT,
        /** The record is not delivered (the default). */
        REJECT;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public FilterSpec {
        requireNonNull(topic, "topic is null");
        requireNonNull(group, "group is null");
        requireNonNull(provider, "provider is null");
        params = Map.copyOf(requireNonNull(params, "params is null"));
        requireNonNull(onError, "onError is null");
    }

    /** The configuration key of this filter, {@code filters.<topic>.<group>}. */
    public String key() {
        return "filters." + topic + "." + group;
    }
}
