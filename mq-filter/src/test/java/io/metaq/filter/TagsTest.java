package io.metaq.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TagsTest {
    @Test
    void nullAndEmptyHaveNothing() {
        for (String a : new String[] {null, "", " ", ",", " , ,, ", "=", "=x", " = y ,"}) {
            Tags t = Tags.parse(a);
            assertThat(t.tags()).as("'%s'", a).isEmpty();
            assertThat(t.props()).as("'%s'", a).isEmpty();
            assertThat(t.isEmpty()).isTrue();
        }
    }

    @Test
    void singleTag() {
        assertThat(Tags.parse("vip").tags()).containsExactly("vip");
        assertThat(Tags.parse("vip").props()).isEmpty();
    }

    @Test
    void tagsAndPairsMixedWithWhitespaceTrimmed() {
        Tags t = Tags.parse("  vip ,region = eu,\tgold\t, tier=1 ");
        assertThat(t.tags()).containsExactly("vip", "gold");
        assertThat(t.props()).containsExactlyInAnyOrderEntriesOf(Map.of("region", "eu", "tier", "1"));
        assertThat(t.hasTag("vip")).isTrue();
        assertThat(t.hasTag("eu")).isFalse();
        assertThat(t.prop("region")).isEqualTo("eu");
        assertThat(t.prop("nope")).isNull();
    }

    @Test
    void innerWhitespaceIsKept() {
        Tags t = Tags.parse("big sale, city = New York");
        assertThat(t.tags()).containsExactly("big sale");
        assertThat(t.prop("city")).isEqualTo("New York");
    }

    @Test
    void emptyEntriesAreSkipped() {
        assertThat(Tags.parse(",a,,b,").tags()).containsExactly("a", "b");
        assertThat(Tags.parse(",,,").tags()).isEmpty();
    }

    @Test
    void splitAtFirstEquals() {
        Tags t = Tags.parse("expr=a=b==c, url=http://x?y=z");
        assertThat(t.prop("expr")).isEqualTo("a=b==c");
        assertThat(t.prop("url")).isEqualTo("http://x?y=z");
    }

    @Test
    void emptyValueIsAValue() {
        Tags t = Tags.parse("k=, j = ");
        assertThat(t.props()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "", "j", ""));
        assertThat(t.tags()).isEmpty();
    }

    @Test
    void emptyKeyIsSkipped() {
        Tags t = Tags.parse("=v, a, =");
        assertThat(t.tags()).containsExactly("a");
        assertThat(t.props()).isEmpty();
    }

    @Test
    void firstOccurrenceOfAKeyWins() {
        assertThat(Tags.parse("k=1,k=2").prop("k")).isEqualTo("1");
    }

    @Test
    void duplicateTagsAreKeptInOrder() {
        assertThat(Tags.parse("a,b,a").tags()).containsExactly("a", "b", "a");
    }

    @Test
    void caseSensitive() {
        Tags t = Tags.parse("VIP,Region=EU");
        assertThat(t.hasTag("vip")).isFalse();
        assertThat(t.prop("region")).isNull();
        assertThat(t.prop("Region")).isEqualTo("EU");
    }

    @Test
    void semicolonIsNotASeparator() {
        assertThat(Tags.parse("a;b").tags()).containsExactly("a;b");
    }

    @Test
    void resultIsUnmodifiable() {
        Tags t = Tags.parse("a,k=v");
        assertThatThrownBy(() -> t.tags().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> t.props().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Property(tries = 2000)
    void neverThrowsAndEntriesAreClean(@ForAll String attribute) {
        Tags t = Tags.parse(attribute);
        for (String tag : t.tags()) {
            assertThat(tag).isNotEmpty().doesNotContain(",", "=").isEqualTo(tag.trim());
        }
        t.props().forEach((k, v) -> {
            assertThat(k).isNotEmpty().doesNotContain(",", "=").isEqualTo(k.trim());
            assertThat(v).doesNotContain(",").isEqualTo(v.trim());
        });
    }

    @Property(tries = 500)
    void joinedEntriesParseBack(@ForAll("tagLists") java.util.List<String> tags) {
        assertThat(Tags.parse(String.join(" , ", tags)).tags()).containsExactlyElementsOf(tags);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<java.util.List<String>> tagLists() {
        return net.jqwik.api.Arbitraries.strings().alpha().numeric().withChars(' ', '-', '.').ofMinLength(1)
                .ofMaxLength(12).filter(s -> !s.isBlank()).map(String::trim).list().ofMaxSize(8);
    }
}
