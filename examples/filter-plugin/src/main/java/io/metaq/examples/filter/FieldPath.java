package io.metaq.examples.filter;

import io.metaq.api.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the field is in the JSON document: the {@code field} parameter, parsed once when the filter is
 * made. Two spellings:
 * <ul>
 *   <li>a JSON pointer (RFC 6901), recognised by its leading {@code /}: {@code /customer/country},
 *       {@code /items/0/sku}; {@code ~1} stands for {@code /} and {@code ~0} for {@code ~} inside a
 *       name, so any member name can be reached;</li>
 *   <li>a dotted path: {@code customer.country}, {@code items.0.sku}; shorter, but names containing a
 *       dot cannot be written (use a pointer for those).</li>
 * </ul>
 * Either way a step made of digits ({@code 0}, {@code 12}; no leading zero) selects that element when
 * the value there is an array, and the member of that name when it is an object. Immutable.
 */
final class FieldPath {
    private final String spelling;
    private final String[] names;
    /** Per step: the array index it denotes, or -1 when it cannot be one. */
    private final int[] indexes;

    private FieldPath(String spelling, List<String> names) {
        this.spelling = spelling;
        this.names = names.toArray(new String[0]);
        this.indexes = new int[this.names.length];
        for (int i = 0; i < this.names.length; i++) {
            indexes[i] = arrayIndex(this.names[i]);
        }
    }

    /**
     * Parses the {@code field} parameter.
     *
     * @param parameter the parameter name, for the exception
     * @throws ConfigException naming {@code parameter} when the path is blank or malformed
     */
    static FieldPath parse(String parameter, String field) {
        if (field == null || field.isBlank()) {
            throw new ConfigException(parameter, "required: a JSON pointer such as /customer/country "
                    + "or a dotted path such as customer.country");
        }
        return field.startsWith("/") ? pointer(parameter, field) : dotted(parameter, field);
    }

    private static FieldPath pointer(String parameter, String field) {
        List<String> names = new ArrayList<>();
        int start = 1;
        while (true) {
            int slash = field.indexOf('/', start);
            String raw = slash < 0 ? field.substring(start) : field.substring(start, slash);
            names.add(unescape(parameter, field, raw));
            if (slash < 0) {
                return new FieldPath(field, names);
            }
            start = slash + 1;
        }
    }

    private static String unescape(String parameter, String field, String raw) {
        if (raw.indexOf('~') < 0) {
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '~') {
                sb.append(c);
                continue;
            }
            char next = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
            if (next == '0') {
                sb.append('~');
            } else if (next == '1') {
                sb.append('/');
            } else {
                throw new ConfigException(parameter, "'" + field + "' is not a valid JSON pointer: '~' must be "
                        + "followed by 0 (for ~) or 1 (for /)");
            }
            i++;
        }
        return sb.toString();
    }

    private static FieldPath dotted(String parameter, String field) {
        List<String> names = List.of(field.split("\\.", -1));
        for (String name : names) {
            if (name.isEmpty()) {
                throw new ConfigException(parameter, "'" + field + "' has an empty step; write a dotted path "
                        + "such as customer.country, or a JSON pointer such as /customer/country");
            }
        }
        return new FieldPath(field, names);
    }

    /** The RFC 6901 array index a step denotes: 0 or digits without a leading zero, within int; else -1. */
    static int arrayIndex(String step) {
        int n = step.length();
        if (n == 0 || n > 9 || (n > 1 && step.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < n; i++) {
            char c = step.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Steps in the path. */
    int depth() {
        return names.length;
    }

    /** The member name of step {@code i}. */
    String name(int i) {
        return names[i];
    }

    /** The array index of step {@code i}, or -1 when it is no index. */
    int index(int i) {
        return indexes[i];
    }

    List<String> names() {
        return List.of(names);
    }

    @Override
    public String toString() {
        return spelling;
    }
}
