package io.metaq.filter;

import static io.metaq.filter.Filters.accepts;
import static io.metaq.filter.Filters.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaq.api.ConfigException;
import io.metaq.spi.filter.MessageFilter;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class AttributeFilterProviderTest {
    private final AttributeFilterProvider provider = new AttributeFilterProvider();

    private MessageFilter filter(String... kv) {
        return Filters.create(provider, kv);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertBad(String key, String... kv) {
        return assertThatThrownBy(() -> provider.create(config(kv)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageContaining("'" + key + "'")
                .hasMessageContaining("attribute filter of topic 'orders', group 'billing'");
    }

    @Test
    void name() {
        assertThat(provider.name()).isEqualTo("attribute");
    }

    @Test
    void exactIsTheDefault() {
        MessageFilter f = filter("value", "vip");
        assertThat(accepts(f, "vip")).isTrue();
        assertThat(accepts(f, "VIP")).isFalse();
        assertThat(accepts(f, "vip ")).isFalse();
        assertThat(accepts(f, "vipx")).isFalse();
        assertThat(accepts(f, "")).isFalse();
        assertThat(accepts(f, null)).isFalse();
    }

    @Test
    void exactIgnoringCase() {
        MessageFilter f = filter("match", "exact", "value", "Vip", "ignoreCase", "true");
        assertThat(accepts(f, "vIP")).isTrue();
        assertThat(accepts(f, "vipp")).isFalse();
    }

    @Test
    void prefix() {
        MessageFilter f = filter("match", "prefix", "value", "order.");
        assertThat(accepts(f, "order.created")).isTrue();
        assertThat(accepts(f, "order.")).isTrue();
        assertThat(accepts(f, "order")).isFalse();
        assertThat(accepts(f, "ORDER.created")).isFalse();
        assertThat(accepts(f, "x.order.created")).isFalse();
    }

    @Test
    void prefixIgnoringCase() {
        MessageFilter f = filter("match", "PREFIX", "value", "order.", "ignoreCase", "TRUE");
        assertThat(accepts(f, "ORDER.created")).isTrue();
        assertThat(accepts(f, "ord")).isFalse();
    }

    @Test
    void regexMatchesTheWholeAttribute() {
        MessageFilter f = filter("match", "regex", "value", "order\\.(created|paid)");
        assertThat(accepts(f, "order.created")).isTrue();
        assertThat(accepts(f, "order.paid")).isTrue();
        assertThat(accepts(f, "order.paid.late")).isFalse();
        assertThat(accepts(f, "xorder.paid")).isFalse();
        assertThat(accepts(f, "ORDER.PAID")).isFalse();
    }

    @Test
    void regexIgnoringCase() {
        MessageFilter f = filter("match", "regex", "value", "order\\.\\w+", "ignoreCase", "true");
        assertThat(accepts(f, "ORDER.Paid")).isTrue();
    }

    @Test
    void catastrophicRegexGivesUpInsteadOfHanging() {
        // (.*a){20} backtracks exponentially on a run of a's that ends in something else
        MessageFilter f = filter("match", "regex", "value", "(.*a){20}");
        String attack = "a".repeat(40) + "!";
        long start = System.nanoTime();
        assertThatThrownBy(() -> accepts(f, attack)).isInstanceOf(FilterEvaluationException.class)
                .hasMessageContaining("gave up");
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
        // a long ordinary attribute stays within budget
        MessageFilter g = filter("match", "regex", "value", "[a-z,]+z");
        assertThat(accepts(g, "abc,".repeat(100_000) + "z")).isTrue();
    }

    @Test
    void deepRegexRecursionIsAnEvaluationErrorNotAStackOverflowError() {
        // java.util.regex recurses once per repetition of a group: a long attribute exhausts the stack
        MessageFilter f = filter("match", "regex", "value", "[a-z]+(,[a-z]+)*");
        assertThat(accepts(f, "abc,def")).isTrue();
        assertThatThrownBy(() -> accepts(f, "abc,".repeat(200_000) + "z"))
                .isInstanceOf(FilterEvaluationException.class).hasMessageContaining("stack");
    }

    @Test
    void in() {
        MessageFilter f = filter("match", "in", "values", "red, green ,blue");
        assertThat(accepts(f, "red")).isTrue();
        assertThat(accepts(f, "green")).isTrue();
        assertThat(accepts(f, "blue")).isTrue();
        assertThat(accepts(f, "Red")).isFalse();
        assertThat(accepts(f, " green ")).isFalse();
        assertThat(accepts(f, "red,green")).isFalse();
        assertThat(accepts(f, null)).isFalse();
    }

    @Test
    void inIgnoringCase() {
        MessageFilter f = filter("match", "in", "values", "red,green", "ignoreCase", "true");
        assertThat(accepts(f, "RED")).isTrue();
        assertThat(accepts(f, "Green")).isTrue();
        assertThat(accepts(f, "blue")).isFalse();
    }

    @Test
    void missingAttribute() {
        assertThat(accepts(filter("value", "x", "missing", "reject"), null)).isFalse();
        assertThat(accepts(filter("value", "x", "missing", "accept"), null)).isTrue();
        assertThat(accepts(filter("value", "x", "missing", "accept"), "y")).isFalse();
        assertThat(accepts(filter("match", "regex", "value", ".*", "missing", "accept"), null)).isTrue();
        assertThat(accepts(filter("match", "regex", "value", ".*"), null)).isFalse();
        assertThat(accepts(filter("match", "regex", "value", ".*"), "")).isTrue();
    }

    @Test
    void validation() {
        assertBad("value", "match", "exact").hasMessageContaining("required");
        assertBad("value").hasMessageContaining("required");
        assertBad("value", "value", "").hasMessageContaining("must not be empty");
        assertBad("value", "match", "prefix", "value", "  ").hasMessageContaining("must not be empty");
        assertBad("match", "match", "glob", "value", "x").hasMessageContaining("exact, prefix, regex, in")
                .hasMessageContaining("'glob'");
        assertBad("value", "match", "regex", "value", "(unclosed").hasMessageContaining("regular expression");
        assertBad("values", "match", "in").hasMessageContaining("required");
        assertBad("values", "match", "in", "values", "a,,b").hasMessageContaining("empty item");
        assertBad("values", "match", "in", "values", "").hasMessageContaining("empty item");
        assertBad("value", "match", "in", "values", "a", "value", "b").hasMessageContaining("not allowed");
        assertBad("values", "match", "exact", "value", "a", "values", "b").hasMessageContaining("not allowed");
        assertBad("ignoreCase", "value", "a", "ignoreCase", "yes").hasMessageContaining("true or false");
        assertBad("missing", "value", "a", "missing", "drop").hasMessageContaining("reject, accept");
        assertBad("Value", "Value", "a").hasMessageContaining("unknown parameter")
                .hasMessageContaining("match, value, values, ignoreCase, missing");
    }
}
