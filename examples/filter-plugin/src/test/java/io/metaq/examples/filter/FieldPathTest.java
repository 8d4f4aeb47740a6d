package io.metaq.examples.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaq.api.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldPathTest {
    @Test
    void pointer_splitsAtSlashes() {
        assertThat(FieldPath.parse("field", "/customer/country").names()).containsExactly("customer", "country");
        assertThat(FieldPath.parse("field", "/items/0/sku").names()).containsExactly("items", "0", "sku");
    }

    @Test
    void pointer_unescapesTildeSequences() {
        assertThat(FieldPath.parse("field", "/a~1b/m~0n/~01").names()).containsExactly("a/b", "m~n", "~1");
    }

    @Test
    void pointer_allowsEmptyNames() {
        assertThat(FieldPath.parse("field", "/").names()).containsExactly("");
        assertThat(FieldPath.parse("field", "/a//b").names()).containsExactly("a", "", "b");
    }

    @Test
    void dotted_splitsAtDots() {
        assertThat(FieldPath.parse("field", "customer.country").names()).containsExactly("customer", "country");
        assertThat(FieldPath.parse("field", "status").names()).containsExactly("status");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a~", "/a~2", "/~x/b"})
    void pointer_badEscape_namesParameter(String field) {
        assertThatThrownBy(() -> FieldPath.parse("field", field))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'field'")
                .hasMessageContaining("not a valid JSON pointer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a..b", ".a", "a.", "."})
    void dotted_emptyStep_namesParameter(String field) {
        assertThatThrownBy(() -> FieldPath.parse("field", field))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("field"))
                .hasMessageContaining("empty step");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void blank_isRequiredError(String field) {
        assertThatThrownBy(() -> FieldPath.parse("field", field))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("required");
    }

    @Test
    void arrayIndex_followsRfc6901() {
        assertThat(FieldPath.arrayIndex("0")).isZero();
        assertThat(FieldPath.arrayIndex("12")).isEqualTo(12);
        assertThat(FieldPath.arrayIndex("999999999")).isEqualTo(999_999_999);
        assertThat(FieldPath.arrayIndex("01")).isEqualTo(-1);
        assertThat(FieldPath.arrayIndex("-1")).isEqualTo(-1);
        assertThat(FieldPath.arrayIndex("1a")).isEqualTo(-1);
        assertThat(FieldPath.arrayIndex("")).isEqualTo(-1);
        assertThat(FieldPath.arrayIndex("9999999999")).isEqualTo(-1);
    }
}
