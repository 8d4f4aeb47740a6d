package io.metaq.filter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one convention by which the built-in filters read a message attribute as tags and key/value
 * pairs, parsed in a single pass without regular expressions.
 *
 * <ul>
 *   <li>The attribute is a list of <em>entries</em> separated by {@code ','} ({@link #ENTRY_SEPARATOR}).
 *   <li>Leading and trailing whitespace (any character up to {@code U+0020}) is trimmed from every
 *       entry, key and value; whitespace inside is kept. Entries that are empty after trimming are
 *       skipped, so {@code "a,,b,"} holds the tags {@code a} and {@code b}.
 *   <li>An entry without {@code '='} is a <em>tag</em>. Tags keep their order and duplicates.
 *   <li>An entry with {@code '='} is a <em>key=value</em> pair, split at its <em>first</em> {@code '='}:
 *       {@code "k=a=b"} has key {@code k} and value {@code a=b}. The value may be empty ({@code "k="}).
 *       An entry with an empty key ({@code "=v"}) is malformed and skipped.
 *   <li>When a key occurs more than once, the <em>first</em> occurrence wins.
 *   <li>Everything is case-sensitive. A tag or a value cannot contain {@code ','}.
 *   <li>A message without an attribute (or with an empty one) has no tags and no pairs.
 * </ul>
 *
 * <p>Instances are immutable views made for one message; the lists and maps returned are unmodifiable.
 */
public final class Tags {
    /** Separates entries in the attribute, and items in list-valued filter parameters. */
    public static final char ENTRY_SEPARATOR = ',';
    /** Separates the key from the value in a key=value entry (the first one in the entry). */
    public static final char KEY_VALUE_SEPARATOR = '=';

    private static final Tags EMPTY = new Tags(List.of(), Map.of());

    private final List<String> tags;
    private final Map<String, String> props;

    private Tags(List<String> tags, Map<String, String> props) {
        this.tags = tags;
        this.props = props;
    }

    /** Parses an attribute; null or empty gives an instance without tags or pairs. */
    public static Tags parse(String attribute) {
        if (attribute == null || attribute.isEmpty()) {
            return EMPTY;
        }
        List<String> tags = null;
        Map<String, String> props = null;
        int len = attribute.length();
        int start = 0;
        while (start <= len) {
            int end = start;
            int eq = -1;
            while (end < len) {
                char c = attribute.charAt(end);
                if (c == ENTRY_SEPARATOR) {
                    break;
                }
                if (c == KEY_VALUE_SEPARATOR && eq < 0) {
                    eq = end;
                }
                end++;
            }
            int s = skipLeading(attribute, start, end);
            int e = skipTrailing(attribute, s, end);
            if (s < e) {
                if (eq < 0) {
                    if (tags == null) {
                        tags = new ArrayList<>(4);
                    }
                    tags.add(attribute.substring(s, e));
                } else {
                    int keyEnd = skipTrailing(attribute, s, eq);
                    if (keyEnd > s) {
                        int valueStart = skipLeading(attribute, eq + 1, e);
                        if (props == null) {
                            props = new HashMap<>(8);
                        }
                        props.putIfAbsent(attribute.substring(s, keyEnd), attribute.substring(valueStart, e));
                    }
                }
            }
            start = end + 1;
        }
        if (tags == null && props == null) {
            return EMPTY;
        }
        return new Tags(tags == null ? List.of() : Collections.unmodifiableList(tags),
                props == null ? Map.of() : Collections.unmodifiableMap(props));
    }

    private static int skipLeading(String s, int from, int to) {
        while (from < to && s.charAt(from) <= ' ') {
            from++;
        }
        return from;
    }

    private static int skipTrailing(String s, int from, int to) {
        while (to > from && s.charAt(to - 1) <= ' ') {
            to--;
        }
        return to;
    }

    /** The bare (tag) entries, in attribute order. */
    public List<String> tags() {
        return tags;
    }

    /** The key=value entries (first occurrence of a key wins). */
    public Map<String, String> props() {
        return props;
    }

    public boolean hasTag(String tag) {
        List<String> t = tags;
        for (int i = 0, n = t.size(); i < n; i++) {
            if (t.get(i).equals(tag)) {
                return true;
            }
        }
        return false;
    }

    /** The value of {@code key}, or null when the attribute has no such pair. */
    public String prop(String key) {
        return props.get(key);
    }

    public boolean isEmpty() {
        return tags.isEmpty() && props.isEmpty();
    }

    @Override
    public String toString() {
        return "Tags" + tags + props;
    }
}
