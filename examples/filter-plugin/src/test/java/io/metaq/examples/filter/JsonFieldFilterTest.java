package io.metaq.examples.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaq.api.ConfigException;
import io.metaq.spi.filter.FilterConfig;
import io.metaq.spi.filter.FilterContext;
import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.filter.MessageFilter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonFieldFilterTest {
    private static final FilterContext CONTEXT = new FilterContext("orders", "eu-billing", 0);
    private static final String ORDER = """
            {"id": 7, "customer": {"name": "Ana", "country": "DE", "vip": true},
             "amount": 42, "tags": ["new", "gift"], "items": [{"sku": "A-1"}, {"sku": "B-2"}]}""";

    private static MessageFilter filter(String... keyValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put(keyValues[i], keyValues[i + 1]);
        }
        return new JsonFieldFilterProvider().create(new FilterConfig("orders", "eu-billing", params));
    }

    private static boolean accepts(MessageFilter filter, String json) {
        return filter.accept(CONTEXT, JsonMessage.of(json));
    }

    private static ConfigException configError(String... keyValues) {
        try {
            filter(keyValues);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("no ConfigException for " + List.of(keyValues));
    }

    @Test
    void provider_isFoundThroughServiceLoaderByName() {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(FilterProvider.class).forEach(p -> names.add(p.name()));
        assertThat(names).contains("json-field");
    }

    @Test
    void equals_topLevelString() {
        MessageFilter f = filter("field", "/status", "equals", "paid");
        assertThat(accepts(f, "{\"status\":\"paid\"}")).isTrue();
        assertThat(accepts(f, "{\"status\":\"open\"}")).isFalse();
        assertThat(accepts(f, "{\"status\":\"Paid\"}")).as("case-sensitive").isFalse();
        assertThat(accepts(f, "{\"status\":\" paid\"}")).as("exact").isFalse();
    }

    @Test
    void in_nestedPointer() {
        MessageFilter f = filter("field", "/customer/country", "in", "DE,FR");
        assertThat(accepts(f, ORDER)).isTrue();
        assertThat(accepts(f, ORDER.replace("\"DE\"", "\"FR\""))).isTrue();
        assertThat(accepts(f, ORDER.replace("\"DE\"", "\"US\""))).isFalse();
    }

    @Test
    void in_stripsBlanksAroundValues() {
        MessageFilter f = filter("field", "/customer/country", "in", " US , DE ");
        assertThat(accepts(f, ORDER)).isTrue();
    }

    @Test
    void dottedPath_isTheSameAsPointer() {
        MessageFilter f = filter("field", "customer.country", "equals", "DE");
        assertThat(accepts(f, ORDER)).isTrue();
        assertThat(accepts(f, ORDER.replace("\"DE\"", "\"US\""))).isFalse();
    }

    @Test
    void pointerEscapes_reachNamesWithSlashAndTilde() {
        assertThat(accepts(filter("field", "/a~1b", "equals", "1"), "{\"a/b\":1}")).isTrue();
        assertThat(accepts(filter("field", "/m~0n", "equals", "1"), "{\"m~n\":1}")).isTrue();
        assertThat(accepts(filter("field", "/", "equals", "x"), "{\"\":\"x\"}")).isTrue();
    }

    @Test
    void arrayIndex_selectsElement() {
        assertThat(accepts(filter("field", "/items/1/sku", "equals", "B-2"), ORDER)).isTrue();
        assertThat(accepts(filter("field", "/items/0/sku", "equals", "B-2"), ORDER)).isFalse();
        assertThat(accepts(filter("field", "items.0.sku", "equals", "A-1"), ORDER)).isTrue();
        assertThat(accepts(filter("field", "/0", "equals", "x"), "[\"x\",\"y\"]")).isTrue();
    }

    @Test
    void arrayIndex_outOfRangeOrNotAnIndex_isMissing() {
        assertThat(accepts(filter("field", "/items/2/sku", "equals", "B-2"), ORDER)).isFalse();
        assertThat(accepts(filter("field", "/items/2/sku", "equals", "B-2", "missing", "accept"), ORDER)).isTrue();
        assertThat(accepts(filter("field", "/items/sku", "equals", "B-2", "missing", "accept"), ORDER)).isTrue();
        assertThat(accepts(filter("field", "/items/01/sku", "equals", "B-2", "missing", "accept"), ORDER)).isTrue();
    }

    @Test
    void digitStep_onObject_isAMemberName() {
        assertThat(accepts(filter("field", "/byYear/2024", "equals", "9"), "{\"byYear\":{\"2024\":9}}")).isTrue();
    }

    @Test
    void arrayField_matchesWhenAnyScalarElementMatches() {
        MessageFilter f = filter("field", "/tags", "in", "gift,sale");
        assertThat(accepts(f, ORDER)).isTrue();
        assertThat(accepts(f, "{\"tags\":[\"new\"]}")).isFalse();
        assertThat(accepts(f, "{\"tags\":[{\"x\":\"gift\"}, [\"gift\"], null, \"sale\"]}")).isTrue();
    }

    @Test
    void arrayField_withoutScalars_isMissing() {
        assertThat(accepts(filter("field", "/tags", "equals", "x", "missing", "accept"), "{\"tags\":[]}")).isTrue();
        assertThat(accepts(filter("field", "/tags", "equals", "x", "missing", "accept"),
                "{\"tags\":[{\"x\":1},null]}")).isTrue();
        assertThat(accepts(filter("field", "/tags", "equals", "x", "missing", "accept"), "{\"tags\":[\"y\"]}"))
                .as("scalars present, none matches").isFalse();
    }

    @Test
    void numbersAndBooleans_compareByTheirJsonText() {
        assertThat(accepts(filter("field", "/amount", "equals", "42"), ORDER)).isTrue();
        assertThat(accepts(filter("field", "/amount", "equals", "42.0"), ORDER)).isFalse();
        assertThat(accepts(filter("field", "/price", "equals", "9.50"), "{\"price\":9.50}")).isTrue();
        assertThat(accepts(filter("field", "/customer/vip", "equals", "true"), ORDER)).isTrue();
        assertThat(accepts(filter("field", "/customer/vip", "equals", "false"), ORDER)).isFalse();
    }

    @Test
    void stringsAreDecoded() {
        MessageFilter f = filter("field", "/city", "equals", "München \"Nord\"");
        assertThat(accepts(f, "{\"city\":\"M\\u00fcnchen \\\"Nord\\\"\"}")).isTrue();
        assertThat(accepts(f, "{\"city\":\"München \\\"Nord\\\"\"}")).isTrue();
    }

    @Test
    void sameNameElsewhere_isNotTheField() {
        MessageFilter f = filter("field", "/country", "equals", "DE");
        assertThat(accepts(f, "{\"shipTo\":{\"country\":\"DE\"},\"country\":\"US\"}")).isFalse();
        assertThat(accepts(f, "{\"shipTo\":{\"country\":\"US\",\"x\":[{\"country\":\"US\"}]},\"country\":\"DE\"}"))
                .isTrue();
    }

    @Test
    void duplicateNames_firstWins() {
        MessageFilter f = filter("field", "/k", "equals", "1");
        assertThat(accepts(f, "{\"k\":1,\"k\":2}")).isTrue();
        assertThat(accepts(f, "{\"k\":2,\"k\":1}")).isFalse();
    }

    @Test
    void missingField_rejectsByDefault_acceptsWhenConfigured() {
        assertThat(accepts(filter("field", "/customer/region", "equals", "EU"), ORDER)).isFalse();
        assertThat(accepts(filter("field", "/customer/region", "equals", "EU", "missing", "reject"), ORDER)).isFalse();
        assertThat(accepts(filter("field", "/customer/region", "equals", "EU", "missing", "accept"), ORDER)).isTrue();
    }

    @Test
    void nullObjectOrScalarOnThePath_areMissing() {
        MessageFilter reject = filter("field", "/customer/country", "equals", "null");
        MessageFilter accept = filter("field", "/customer/country", "equals", "null", "missing", "accept");
        for (String json : List.of("{\"customer\":{\"country\":null}}", "{\"customer\":{\"country\":{\"code\":\"DE\"}}}",
                "{\"customer\":\"DE\"}", "{\"customer\":null}", "{\"customer\":[\"DE\"]}")) {
            assertThat(accepts(reject, json)).as(json).isFalse();
            assertThat(accepts(accept, json)).as(json).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "hello", "{", "{\"customer\":", "{\"customer\":{\"country\" \"DE\"}}",
        "[1,2", "\"DE\"", "42", "null", "{'customer':{'country':'DE'}}", "<order country=\"DE\"/>",
        "{\"customer\":{\"country\":\"DE"})
    void notJsonOrNotAnObject_isMissing_neverThrows(String payload) {
        assertThat(accepts(filter("field", "/customer/country", "equals", "DE"), payload)).isFalse();
        assertThat(accepts(filter("field", "/customer/country", "equals", "DE", "missing", "accept"), payload))
                .isTrue();
    }

    @Test
    void binaryPayload_isMissing() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (255 - i);
        }
        MessageFilter accept = filter("field", "/a", "equals", "x", "missing", "accept");
        MessageFilter reject = filter("field", "/a", "equals", "x");
        assertThat(accept.accept(CONTEXT, JsonMessage.of(bytes))).isTrue();
        assertThat(reject.accept(CONTEXT, JsonMessage.of(bytes))).isFalse();
    }

    @Test
    void tooDeeplyNested_isMissing() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThat(accepts(filter("field", "/a", "equals", "x", "missing", "accept"), "{\"b\":" + deep + "}")).isTrue();
        assertThat(accepts(filter("field", "/a", "equals", "x"), "{\"b\":" + deep + "}")).isFalse();
    }

    @Test
    void stopsAtTheField_restIsNotRead() {
        MessageFilter f = filter("field", "/customer/country", "equals", "DE");
        assertThat(accepts(f, "{\"customer\":{\"country\":\"DE\"}} trailing garbage")).isTrue();
        assertThat(accepts(f, "{\"customer\":{\"country\":\"DE\",")).as("truncated after the field").isTrue();
        assertThat(accepts(filter("field", "/tags", "equals", "a"), "{\"tags\":[\"a\", oops")).isTrue();
    }

    @Test
    void largePayload_fieldAfterManyBufferChunks() {
        StringBuilder json = new StringBuilder("{\"padding\":[");
        for (int i = 0; i < 20_000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"n\":").append(i).append(",\"country\":\"US\"}");
        }
        json.append("],\"customer\":{\"country\":\"FR\"}}");
        assertThat(json.length()).isGreaterThan(500_000);
        assertThat(accepts(filter("field", "/customer/country", "in", "DE,FR"), json.toString())).isTrue();
        assertThat(accepts(filter("field", "/customer/country", "in", "DE"), json.toString())).isFalse();
    }

    @Test
    void readsOnlyTheRemainingBytes_andLeavesTheBufferAsItWas() {
        byte[] framed = ("garbage{" + "{\"k\":\"v\"}" + "}garbage").getBytes(StandardCharsets.UTF_8);
        int start = "garbage{".length();
        int end = start + "{\"k\":\"v\"}".length();
        MessageFilter f = filter("field", "/k", "equals", "v");

        List<ByteBuffer> buffers = List.of(
                ByteBuffer.wrap(framed).position(start).limit(end).asReadOnlyBuffer(),
                ByteBuffer.wrap(framed).position(start).limit(end), // has an accessible array
                ByteBuffer.wrap(framed).position(start).limit(end).slice(), // array offset != 0
                ByteBuffer.allocateDirect(framed.length).put(framed).position(start).limit(end).asReadOnlyBuffer());
        for (ByteBuffer buffer : buffers) {
            int position = buffer.position();
            int limit = buffer.limit();
            assertThat(f.accept(CONTEXT, new JsonMessage(buffer))).as(buffer.toString()).isTrue();
            assertThat(buffer.position()).isEqualTo(position);
            assertThat(buffer.limit()).isEqualTo(limit);
        }
    }

    @Test
    void utf16Payload_isDetected() {
        byte[] utf16 = "{\"k\":\"v\"}".getBytes(StandardCharsets.UTF_16BE);
        assertThat(filter("field", "/k", "equals", "v").accept(CONTEXT, JsonMessage.of(utf16))).isTrue();
    }

    @Test
    void sharedFilter_isThreadSafe() throws Exception {
        MessageFilter f = filter("field", "/customer/country", "in", "DE,FR");
        String us = ORDER.replace("\"DE\"", "\"US\"");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tasks.add(() -> {
                    int accepted = 0;
                    for (int i = 0; i < 5_000; i++) {
                        if (f.accept(CONTEXT, JsonMessage.of(i % 2 == 0 ? ORDER : us))) {
                            accepted++;
                        }
                    }
                    return accepted;
                });
            }
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isEqualTo(2_500);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void toString_describesTheConfiguration() {
        assertThat(filter("field", "/customer/country", "in", "DE,FR")).hasToString(
                "json-field[orders/eu-billing: /customer/country in [DE, FR], missing=reject]");
    }

    // --- parameters -------------------------------------------------------------------------------

    @Test
    void missingFieldParameter_namesField() {
        ConfigException e = configError("equals", "DE");
        assertThat(e.key()).isEqualTo("field");
        assertThat(e).hasMessageContaining("'field'").hasMessageContaining("required");
    }

    @Test
    void badFieldParameter_namesField() {
        assertThat(configError("field", "/a~2", "equals", "x").key()).isEqualTo("field");
        assertThat(configError("field", "a..b", "equals", "x").key()).isEqualTo("field");
        assertThat(configError("field", " ", "equals", "x").key()).isEqualTo("field");
    }

    @Test
    void neitherEqualsNorIn_namesEquals() {
        ConfigException e = configError("field", "/a");
        assertThat(e.key()).isEqualTo("equals");
        assertThat(e).hasMessageContaining("'in'");
    }

    @Test
    void bothEqualsAndIn_namesIn() {
        ConfigException e = configError("field", "/a", "equals", "x", "in", "x,y");
        assertThat(e.key()).isEqualTo("in");
        assertThat(e).hasMessageContaining("not both");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "DE,,FR", "DE,", ",DE", " , "})
    void emptyValueInIn_namesIn(String in) {
        ConfigException e = configError("field", "/a", "in", in);
        assertThat(e.key()).isEqualTo("in");
        assertThat(e).hasMessageContaining("empty value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "drop", "Accept", "true"})
    void badMissingPolicy_namesMissing(String missing) {
        ConfigException e = configError("field", "/a", "equals", "x", "missing", missing);
        assertThat(e.key()).isEqualTo("missing");
        assertThat(e).hasMessageContaining("reject or accept");
    }

    @Test
    void unknownParameter_namesIt() {
        ConfigException e = configError("feild", "/a", "equals", "x");
        assertThat(e.key()).isEqualTo("feild");
        assertThat(e).hasMessageContaining("unknown parameter")
                .hasMessageContaining("orders")
                .hasMessageContaining("eu-billing")
                .hasMessageContaining("[field, equals, in, missing]");
    }

    @Test
    void equalsMayBeEmpty() {
        assertThat(accepts(filter("field", "/a", "equals", ""), "{\"a\":\"\"}")).isTrue();
    }

    @Test
    void noParameters_failWithConfigException() {
        assertThatThrownBy(() -> new JsonFieldFilterProvider().create(new FilterConfig("t", "g", Map.of())))
                .isInstanceOf(ConfigException.class);
    }
}
