package io.metaq.filter;

import io.metaq.api.ConfigException;
import io.metaq.spi.filter.FilterConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict reading of a filter's parameters: unknown names, missing required values and bad values
 * fail with a {@link ConfigException} whose key is the parameter name and whose message names the
 * filter, the topic and the group.
 */
final class Params {
    private final String filter;
    private final FilterConfig config;
    private final Map<String, String> values;

    private Params(String filter, FilterConfig config) {
        this.filter = filter;
        this.config = config;
        this.values = config.parameters();
    }

    /** Checks that every parameter name is one of {@code known}. */
    static Params of(String filter, FilterConfig config, List<String> known) {
        Params p = new Params(filter, config);
        Set<String> knownSet = Set.copyOf(known);
        for (String name : p.values.keySet()) {
            if (!knownSet.contains(name)) {
                throw p.error(name, "unknown parameter; the " + filter + " filter takes " + String.join(", ", known));
            }
        }
        return p;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value, or null when absent. */
    String get(String name) {
        return values.get(name);
    }

    String required(String name, String why) {
        String v = values.get(name);
        if (v == null) {
            throw error(name, "required " + why);
        }
        return v;
    }

    /** A non-empty value; absent or blank fails. */
    String requiredNonBlank(String name, String why) {
        String v = required(name, why);
        if (v.isBlank()) {
            throw error(name, "must not be empty");
        }
        return v;
    }

    boolean bool(String name, boolean defaultValue) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        String t = v.trim();
        if (t.equalsIgnoreCase("true")) {
            return true;
        }
        if (t.equalsIgnoreCase("false")) {
            return false;
        }
        throw error(name, "must be true or false, was '" + v + "'");
    }

    /** One of {@code choices} (case-insensitive, answered lower case). */
    String choice(String name, String defaultValue, List<String> choices) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        String t = v.trim().toLowerCase(java.util.Locale.ROOT);
        if (!choices.contains(t)) {
            throw error(name, "must be one of " + String.join(", ", choices) + ", was '" + v + "'");
        }
        return t;
    }

    /** Fails when the parameter is present: it does not apply to the chosen mode. */
    void forbid(String name, String why) {
        if (values.containsKey(name)) {
            throw error(name, "not allowed " + why);
        }
    }

    /**
     * Splits a list-valued parameter at {@link Tags#ENTRY_SEPARATOR}, trimming items; an empty item
     * or an empty list fails.
     */
    List<String> list(String name) {
        String v = values.get(name);
        if (v == null) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = v.indexOf(Tags.ENTRY_SEPARATOR, start);
            String item = (end < 0 ? v.substring(start) : v.substring(start, end)).trim();
            if (item.isEmpty()) {
                throw error(name, "empty item in '" + v + "' (items are separated by '" + Tags.ENTRY_SEPARATOR + "')");
            }
            items.add(item);
            if (end < 0) {
                return Collections.unmodifiableList(items);
            }
            start = end + 1;
        }
    }

    ConfigException error(String name, String detail) {
        return new ConfigException(name, detail + " (" + filter + " filter of topic '" + config.topic() + "', group '"
                + config.group() + "')");
    }
}
