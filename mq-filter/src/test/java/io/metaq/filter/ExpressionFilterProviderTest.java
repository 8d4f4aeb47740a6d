package io.metaq.filter;

import static io.metaq.filter.Filters.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaq.api.ConfigException;
import io.metaq.spi.filter.MessageFilter;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class ExpressionFilterProviderTest {
    private final ExpressionFilterProvider provider = new ExpressionFilterProvider();

    private MessageFilter filter(String expr) {
        return Filters.create(provider, "expr", expr);
    }

    private static boolean eval(MessageFilter f, long id, String attribute, int size) {
        return f.accept(TestMessage.CONTEXT, new TestMessage(id, attribute, size));
    }

    private boolean eval(String expr, long id, String attribute, int size) {
        return eval(filter(expr), id, attribute, size);
    }

    private boolean eval(String expr, String attribute) {
        return eval(expr, 1, attribute, 10);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertBadExpr(String expr) {
        return assertBad("expr", "expr", expr);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertBad(String key, String... kv) {
        return assertThatThrownBy(() -> provider.create(config(kv)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageContaining("invalid configuration '" + key + "'")
                .hasMessageContaining("expression filter of topic 'orders', group 'billing'");
    }

    @Test
    void name() {
        assertThat(provider.name()).isEqualTo("expression");
    }

    @Test
    void theIssueExample() {
        MessageFilter f = filter("size > 512 && props[\"region\"] == \"eu\" && \"vip\" in tags");
        assertThat(eval(f, 1, "vip, region=eu", 513)).isTrue();
        assertThat(eval(f, 1, "vip, region=eu", 512)).isFalse();
        assertThat(eval(f, 1, "region=eu", 1000)).isFalse();
        assertThat(eval(f, 1, "vip,region=us", 1000)).isFalse();
    }

    @Test
    void attributeAndHasAttribute() {
        assertThat(eval("attribute == \"a,b\"", "a,b")).isTrue();
        assertThat(eval("attribute == \"\"", null)).isTrue();
        assertThat(eval("has_attribute", null)).isFalse();
        assertThat(eval("has_attribute", "")).isTrue();
        assertThat(eval("has_attribute && attribute == \"\"", "")).isTrue();
        assertThat(eval("attribute.startsWith(\"order.\")", "order.paid")).isTrue();
        assertThat(eval("attribute.endsWith(\".paid\")", "order.paid")).isTrue();
        assertThat(eval("attribute.contains(\"der\")", "order.paid")).isTrue();
        assertThat(eval("attribute.matches(\"^order\\\\.(paid|created)$\")", "order.paid")).isTrue();
        assertThat(eval("attribute.matches(\"^order\\\\.(paid|created)$\")", "order.shipped")).isFalse();
        assertThat(eval("size(attribute) == 10", "order.paid")).isTrue();
    }

    @Test
    void tagsList() {
        assertThat(eval("\"vip\" in tags", "x, vip ,k=v")).isTrue();
        assertThat(eval("\"k\" in tags", "x,k=v")).isFalse();
        assertThat(eval("size(tags) == 2", "x, vip ,k=v")).isTrue();
        assertThat(eval("tags == [\"x\", \"vip\"]", "x, vip ,k=v")).isTrue();
        assertThat(eval("tags.exists(t, t.startsWith(\"v\"))", "x,vip")).isTrue();
        assertThat(eval("tags.all(t, size(t) == 1)", "x,vip")).isFalse();
        assertThat(eval("size(tags) == 0", null)).isTrue();
        assertThat(eval("tags.filter(t, t != \"x\").size() == 1", "x,vip,x")).isTrue();
    }

    @Test
    void propsMap() {
        assertThat(eval("props[\"region\"] == \"eu\"", "region = eu")).isTrue();
        assertThat(eval("\"region\" in props", "region=eu")).isTrue();
        assertThat(eval("\"region\" in props", "region")).isFalse();
        assertThat(eval("has(props.region) && props.region == \"eu\"", "region=eu")).isTrue();
        assertThat(eval("has(props.region)", "x")).isFalse();
        assertThat(eval("props[?\"region\"].orValue(\"none\") == \"none\"", "x")).isTrue();
        assertThat(eval("props[?\"region\"].orValue(\"none\") == \"eu\"", "region=eu")).isTrue();
        assertThat(eval("props[\"q\"] == \"a=b\"", "q=a=b")).isTrue();
        assertThat(eval("size(props) == 0", null)).isTrue();
        assertThat(eval("props.tier.lowerAscii() == \"gold\"", "tier=GOLD")).isTrue();
        assertThat(eval("int(props.n) > 5", "n=7")).isTrue();
    }

    @Test
    void sizeAndId() {
        assertThat(eval("size == 0", 1, null, 0)).isTrue();
        assertThat(eval("size >= 1024", 1, null, 1024)).isTrue();
        assertThat(eval("size >= 1024", 1, null, 1023)).isFalse();
        assertThat(eval("id == 123456789012345", 123456789012345L, null, 0)).isTrue();
        assertThat(eval("id % 2 == 0", 42, null, 0)).isTrue();
        assertThat(eval("id % 2 == 0", 43, null, 0)).isFalse();
        assertThat(eval("size(tags) == 0 && size > 3", 1, null, 4)).as("size() function next to size variable")
                .isTrue();
    }

    @Test
    void allVariablesTogether() {
        MessageFilter f = filter("has_attribute && attribute.startsWith(\"vip\") && \"vip\" in tags"
                + " && props.region in [\"eu\", \"uk\"] && size < 100 && id > 10");
        assertThat(eval(f, 11, "vip,region=uk", 99)).isTrue();
        assertThat(eval(f, 10, "vip,region=uk", 99)).isFalse();
        assertThat(eval(f, 11, "vip,region=us", 99)).isFalse();
        assertThat(eval(f, 11, "vip,region=uk", 100)).isFalse();
        assertThat(eval(f, 11, null, 1)).isFalse();
    }

    @Test
    void evaluationErrorsThrowFilterEvaluationException() {
        MessageFilter f = filter("props[\"region\"] == \"eu\"");
        assertThatThrownBy(() -> eval(f, 7, "x", 1)).isInstanceOf(FilterEvaluationException.class)
                .hasMessageContaining("message 7").hasMessageContaining("region");
        MessageFilter g = filter("int(props.n) > 5");
        assertThatThrownBy(() -> eval(g, 7, "n=abc", 1)).isInstanceOf(FilterEvaluationException.class);
        MessageFilter h = filter("size / (id - id) > 0");
        assertThatThrownBy(() -> eval(h, 7, null, 1)).isInstanceOf(FilterEvaluationException.class);
    }

    @Test
    void comprehensionsAreBounded() {
        // 200 x 200 = 40,000 iterations, more than the per-evaluation limit
        String tags = String.join(",", java.util.Collections.nCopies(200, "t"));
        MessageFilter f = filter("tags.exists(a, tags.exists(b, a + b == \"nope\"))");
        assertThatThrownBy(() -> eval(f, 1, tags, 1)).isInstanceOf(FilterEvaluationException.class)
                .hasMessageContaining("" + ExpressionFilterProvider.MAX_COMPREHENSION_ITERATIONS);
        assertThat(eval(f, 1, "a,b", 1)).isFalse();
    }

    @Test
    void compileErrorsNameTheParameterWithCelsMessage() {
        assertBadExpr("size >").hasMessageContaining("invalid configuration 'expr'")
                .hasMessageContaining("CEL: ERROR: <input>:1:7: mismatched input");
        assertBadExpr("sizee > 1").hasMessageContaining("undeclared reference to 'sizee'");
        assertBadExpr("size").hasMessageContaining("bool");
        assertBadExpr("attribute + 1 == \"x\"").hasMessageContaining("no matching overload");
        assertBadExpr("size > \"1\"").hasMessageContaining("no matching overload");
        assertBadExpr("\"x\".replace(\"x\", \"yy\") == \"yy\"").hasMessageContaining("replace");
        assertBadExpr("lists.range(1000000000).size() > 0");
        assertBadExpr("  ").hasMessageContaining("must not be empty");
        assertBad("expr").hasMessageContaining("required");
        assertBad("expression", "expression", "true").hasMessageContaining("unknown parameter");
        assertBadExpr("size > 1 || ".repeat(5000) + "true").hasMessageContaining("CEL: ");
    }

    @Test
    void hugeRegexProgramsAreRefused() {
        MessageFilter f = filter("attribute.matches(\"((a{100}){100}){100}\")");
        assertThatThrownBy(() -> eval(f, 1, "a", 1)).isInstanceOf(FilterEvaluationException.class)
                .hasMessageContaining("program size");
        assertThat(eval("tags.exists_one(t, t == \"a\")", "a,b,c")).isTrue();
    }

    @Test
    void constantExpressions() {
        assertThat(eval("true", null)).isTrue();
        assertThat(eval("false", "x")).isFalse();
    }
}
