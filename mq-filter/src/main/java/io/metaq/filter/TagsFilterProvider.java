package io.metaq.filter;

import io.metaq.spi.filter.FilterConfig;
import io.metaq.spi.filter.FilterContext;
import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.filter.MessageFilter;
import io.metaq.spi.filter.MessageView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Filter provider {@code tags}: reads the attribute with the {@link Tags} convention (entries
 * separated by {@code ','}, each {@code tag} or {@code key=value}) and accepts a message when every
 * given condition holds.
 *
 * <table>
 *   <caption>Parameters (at least one; list items separated by {@code ','} and trimmed, as in the attribute)</caption>
 *   <tr><td>{@code anyOf}</td><td>tags; the message has at least one of them</td></tr>
 *   <tr><td>{@code allOf}</td><td>tags; the message has all of them</td></tr>
 *   <tr><td>{@code where}</td><td>{@code key=value} pairs; the message has each key with exactly that value
 *       (split at the first {@code '='}; {@code key=} asks for an empty value)</td></tr>
 * </table>
 *
 * A message without attribute has no tags and no pairs, so it is rejected.
 */
public final class TagsFilterProvider implements FilterProvider {
    public static final String NAME = "tags";

    static final String ANY_OF = "anyOf";
    static final String ALL_OF = "allOf";
    static final String WHERE = "where";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MessageFilter create(FilterConfig config) {
        Params p = Params.of(NAME, config, List.of(ANY_OF, ALL_OF, WHERE));
        if (!p.has(ANY_OF) && !p.has(ALL_OF) && !p.has(WHERE)) {
            throw p.error(ANY_OF, "the tags filter needs at least one of anyOf, allOf, where");
        }
        List<String> anyOf = tagList(p, ANY_OF);
        List<String> allOf = tagList(p, ALL_OF);
        Map<String, String> where = new LinkedHashMap<>();
        for (String item : p.list(WHERE)) {
            int eq = item.indexOf(Tags.KEY_VALUE_SEPARATOR);
            if (eq < 0) {
                throw p.error(WHERE, "'" + item + "' is not key=value (bare tags go in anyOf or allOf)");
            }
            String key = item.substring(0, eq).trim();
            String value = item.substring(eq + 1).trim();
            if (key.isEmpty()) {
                throw p.error(WHERE, "'" + item + "' has an empty key");
            }
            String previous = where.putIfAbsent(key, value);
            if (previous != null && !previous.equals(value)) {
                throw p.error(WHERE, "key '" + key + "' is given twice with different values");
            }
        }
        return new TagsFilter(anyOf.isEmpty() ? null : Set.copyOf(anyOf), allOf.toArray(String[]::new),
                where.keySet().toArray(String[]::new), where.values().toArray(String[]::new), describe(config));
    }

    private static List<String> tagList(Params p, String name) {
        List<String> tags = p.list(name);
        for (String tag : tags) {
            if (tag.indexOf(Tags.KEY_VALUE_SEPARATOR) >= 0) {
                throw p.error(name, "'" + tag + "' is a key=value pair, not a tag (pairs go in where)");
            }
        }
        return tags;
    }

    private static String describe(FilterConfig config) {
        return NAME + config.parameters();
    }

    static final class TagsFilter implements MessageFilter {
        /** null when anyOf is not given. */
        private final Set<String> anyOf;
        private final String[] allOf;
        private final String[] whereKeys;
        private final String[] whereValues;
        private final String description;

        TagsFilter(Set<String> anyOf, String[] allOf, String[] whereKeys, String[] whereValues, String description) {
            this.anyOf = anyOf;
            this.allOf = allOf;
            this.whereKeys = whereKeys;
            this.whereValues = whereValues;
            this.description = description;
        }

        @Override
        public boolean accept(FilterContext context, MessageView message) {
            String attribute = message.attribute();
            if (attribute == null) {
                return false;
            }
            Tags tags = Tags.parse(attribute);
            return matches(tags);
        }

        boolean matches(Tags tags) {
            if (anyOf != null && !hasAny(tags.tags())) {
                return false;
            }
            for (String tag : allOf) {
                if (!tags.hasTag(tag)) {
                    return false;
                }
            }
            for (int i = 0; i < whereKeys.length; i++) {
                if (!whereValues[i].equals(tags.prop(whereKeys[i]))) {
                    return false;
                }
            }
            return true;
        }

        private boolean hasAny(List<String> messageTags) {
            for (int i = 0, n = messageTags.size(); i < n; i++) {
                if (anyOf.contains(messageTags.get(i))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
