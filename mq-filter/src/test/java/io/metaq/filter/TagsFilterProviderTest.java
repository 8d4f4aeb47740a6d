package io.metaq.filter;

import static io.metaq.filter.Filters.accepts;
import static io.metaq.filter.Filters.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaq.api.ConfigException;
import io.metaq.spi.filter.MessageFilter;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class TagsFilterProviderTest {
    private final TagsFilterProvider provider = new TagsFilterProvider();

    private MessageFilter filter(String... kv) {
        return Filters.create(provider, kv);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertBad(String key, String... kv) {
        return assertThatThrownBy(() -> provider.create(config(kv)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageContaining("'" + key + "'")
                .hasMessageContaining("tags filter of topic 'orders', group 'billing'");
    }

    @Test
    void name() {
        assertThat(provider.name()).isEqualTo("tags");
    }

    @Test
    void anyOf() {
        MessageFilter f = filter("anyOf", "vip, gold");
        assertThat(accepts(f, "vip")).isTrue();
        assertThat(accepts(f, "a, gold ,b")).isTrue();
        assertThat(accepts(f, "silver")).isFalse();
        assertThat(accepts(f, "vip=1")).as("a pair is not a tag").isFalse();
        assertThat(accepts(f, "VIP")).isFalse();
        assertThat(accepts(f, "vipgold")).isFalse();
        assertThat(accepts(f, "")).isFalse();
        assertThat(accepts(f, null)).isFalse();
    }

    @Test
    void allOf() {
        MessageFilter f = filter("allOf", "vip,gold");
        assertThat(accepts(f, "gold,x,vip")).isTrue();
        assertThat(accepts(f, "vip")).isFalse();
        assertThat(accepts(f, "vip,region=gold")).isFalse();
    }

    @Test
    void where() {
        MessageFilter f = filter("where", "region=eu, tier = 1");
        assertThat(accepts(f, "tier=1,region=eu")).isTrue();
        assertThat(accepts(f, " region = eu , tier=1, vip")).isTrue();
        assertThat(accepts(f, "region=eu")).isFalse();
        assertThat(accepts(f, "region=us,tier=1")).isFalse();
        assertThat(accepts(f, "region=eu,tier=10")).isFalse();
        assertThat(accepts(f, "region,tier")).isFalse();
        assertThat(accepts(f, "region=eu,region=us,tier=1")).as("first wins").isTrue();
        assertThat(accepts(f, "region=us,region=eu,tier=1")).as("first wins").isFalse();
    }

    @Test
    void whereValuesMayContainEqualsOrBeEmpty() {
        assertThat(accepts(filter("where", "q=a=b"), "q=a=b")).isTrue();
        assertThat(accepts(filter("where", "q=a=b"), "q=a")).isFalse();
        MessageFilter empty = filter("where", "note=");
        assertThat(accepts(empty, "note=")).isTrue();
        assertThat(accepts(empty, "note= ")).isTrue();
        assertThat(accepts(empty, "note=x")).isFalse();
        assertThat(accepts(empty, "note")).isFalse();
    }

    @Test
    void conditionsCombineWithAnd() {
        MessageFilter f = filter("anyOf", "a,b", "allOf", "x", "where", "k=v");
        assertThat(accepts(f, "b,x,k=v")).isTrue();
        assertThat(accepts(f, "x,k=v")).isFalse();
        assertThat(accepts(f, "a,k=v")).isFalse();
        assertThat(accepts(f, "a,x,k=w")).isFalse();
    }

    @Test
    void validation() {
        assertBad("anyOf").hasMessageContaining("at least one of anyOf, allOf, where");
        assertBad("anyOf", "anyOf", "").hasMessageContaining("empty item");
        assertBad("anyOf", "anyOf", "a,").hasMessageContaining("empty item");
        assertBad("allOf", "allOf", " , ").hasMessageContaining("empty item");
        assertBad("anyOf", "anyOf", "a=b").hasMessageContaining("not a tag");
        assertBad("allOf", "allOf", "x,a=b").hasMessageContaining("not a tag");
        assertBad("where", "where", "region").hasMessageContaining("not key=value");
        assertBad("where", "where", "=eu").hasMessageContaining("empty key");
        assertBad("where", "where", "a=1,a=2").hasMessageContaining("twice");
        assertBad("oneOf", "oneOf", "a").hasMessageContaining("unknown parameter")
                .hasMessageContaining("anyOf, allOf, where");
    }
}
