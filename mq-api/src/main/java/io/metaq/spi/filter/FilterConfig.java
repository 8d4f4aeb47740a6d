package io.metaq.spi.filter;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What a filter is configured with: the topic and consumer group it serves and its own parameters
 * from {@code broker.yaml}. Immutable.
 */
public record FilterConfig(String topic, String group, Map<String, String> parameters) {
    public FilterConfig {
        requireNonNull(topic, "topic is null");
        requireNonNull(group, "group is null");
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
    }
}
