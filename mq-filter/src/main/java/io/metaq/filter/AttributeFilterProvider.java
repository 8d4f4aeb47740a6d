package io.metaq.filter;

import io.metaq.spi.filter.FilterConfig;
import io.metaq.spi.filter.FilterContext;
import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.filter.MessageFilter;
import io.metaq.spi.filter.MessageView;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Filter provider {@code attribute}: matches the whole message attribute.
 *
 * <table>
 *   <caption>Parameters</caption>
 *   <tr><td>{@code match}</td><td>{@code exact} (default), {@code prefix}, {@code regex} or {@code in}</td></tr>
 *   <tr><td>{@code value}</td><td>the string (exact, prefix) or the {@code java.util.regex} pattern (regex,
 *       matched against the whole attribute); required for those modes, not allowed with {@code in}</td></tr>
 *   <tr><td>{@code values}</td><td>for {@code in}: the accepted attributes separated by {@code ','}, each
 *       trimmed; required for {@code in}, not allowed otherwise</td></tr>
 *   <tr><td>{@code ignoreCase}</td><td>{@code true} or {@code false} (default)</td></tr>
 *   <tr><td>{@code missing}</td><td>what a message without attribute gets: {@code reject} (default) or
 *       {@code accept}</td></tr>
 * </table>
 */
public final class AttributeFilterProvider implements FilterProvider {
    public static final String NAME = "attribute";

    static final String MATCH = "match";
    static final String VALUE = "value";
    static final String VALUES = "values";
    static final String IGNORE_CASE = "ignoreCase";
    static final String MISSING = "missing";

    /**
     * A regex match gives up (and the filter throws, so the broker's error policy applies) after this many
     * character reads per attribute character: a pattern that backtracks catastrophically cannot stall a
     * fetch thread. Ordinary patterns read each character a few times.
     */
    static final int REGEX_READS_PER_CHAR = 256;
    static final int REGEX_MIN_READS = 16_384;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MessageFilter create(FilterConfig config) {
        Params p = Params.of(NAME, config, List.of(MATCH, VALUE, VALUES, IGNORE_CASE, MISSING));
        String match = p.choice(MATCH, "exact", List.of("exact", "prefix", "regex", "in"));
        boolean ignoreCase = p.bool(IGNORE_CASE, false);
        boolean acceptMissing = p.choice(MISSING, "reject", List.of("reject", "accept")).equals("accept");
        Matcher matcher;
        if (match.equals("in")) {
            p.forbid(VALUE, "with match: in (use values)");
            p.required(VALUES, "with match: in");
            List<String> values = p.list(VALUES);
            Set<String> set = ignoreCase ? new TreeSet<>(String.CASE_INSENSITIVE_ORDER) : new HashSet<>();
            set.addAll(values);
            matcher = set::contains;
        } else {
            p.forbid(VALUES, "with match: " + match + " (use value)");
            String value = p.requiredNonBlank(VALUE, "with match: " + match);
            switch (match) {
                case "exact" -> matcher = ignoreCase ? value::equalsIgnoreCase : value::equals;
                case "prefix" -> matcher = ignoreCase
                        ? a -> a.regionMatches(true, 0, value, 0, value.length())
                        : a -> a.startsWith(value);
                default -> {
                    Pattern pattern;
                    try {
                        pattern = Pattern.compile(value,
                                ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
                    } catch (PatternSyntaxException e) {
                        throw p.error(VALUE, "not a valid regular expression: " + e.getMessage().replace('\n', ' '));
                    }
                    matcher = a -> regexMatches(pattern, a);
                }
            }
        }
        return new AttributeFilter(matcher, acceptMissing, describe(config));
    }

    /**
     * {@code matches()} on the whole attribute with two guards: a budget of character reads (catastrophic
     * backtracking) and the stack depth java.util.regex needs for a repeated group over a long attribute.
     * Both end in a {@link FilterEvaluationException} for this record, never in a stuck or dead fetch thread.
     */
    static boolean regexMatches(Pattern pattern, String attribute) {
        long budget = Math.max(REGEX_MIN_READS, (long) attribute.length() * REGEX_READS_PER_CHAR);
        try {
            return pattern.matcher(new BoundedCharSequence(attribute, budget)).matches();
        } catch (StackOverflowError e) {
            throw new FilterEvaluationException("regular expression ran out of stack on an attribute of "
                    + attribute.length() + " characters");
        }
    }

    private static String describe(FilterConfig config) {
        return NAME + config.parameters();
    }

    @FunctionalInterface
    interface Matcher {
        boolean matches(String attribute);
    }

    static final class AttributeFilter implements MessageFilter {
        private final Matcher matcher;
        private final boolean acceptMissing;
        private final String description;

        AttributeFilter(Matcher matcher, boolean acceptMissing, String description) {
            this.matcher = matcher;
            this.acceptMissing = acceptMissing;
            this.description = description;
        }

        @Override
        public boolean accept(FilterContext context, MessageView message) {
            String attribute = message.attribute();
            return attribute == null ? acceptMissing : matcher.matches(attribute);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /**
     * The attribute as the regex engine reads it, with a budget of character reads: catastrophic
     * backtracking ends in a {@link FilterEvaluationException} instead of a stuck fetch thread.
     */
    static final class BoundedCharSequence implements CharSequence {
        private final String s;
        private long budget;

        BoundedCharSequence(String s, long budget) {
            this.s = s;
            this.budget = budget;
        }

        @Override
        public char charAt(int index) {
            if (--budget < 0) {
                throw new FilterEvaluationException("regular expression gave up on an attribute of " + s.length()
                        + " characters (too much backtracking)");
            }
            return s.charAt(index);
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.subSequence(start, end);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
