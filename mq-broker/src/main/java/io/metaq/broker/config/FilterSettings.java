package io.metaq.broker.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One entry of {@code broker.yaml}'s {@code filters.<topic>.<group>} section, as written: the filter
 * provider's name, its parameters (strings) and what a record gets when the filter throws.
 * Checked by {@link BrokerConfig#resolve} into a {@link FilterSpec}.
 */
public record FilterSettings(@JsonProperty("provider") String provider,
        @JsonProperty("params") Map<String, String> params,
        @JsonProperty("onError") String onError) {
}
