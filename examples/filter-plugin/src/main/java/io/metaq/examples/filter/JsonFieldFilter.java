package io.metaq.examples.filter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaq.api.ConfigException;
import io.metaq.spi.filter.FilterConfig;
import io.metaq.spi.filter.FilterContext;
import io.metaq.spi.filter.MessageFilter;
import io.metaq.spi.filter.MessageView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code json-field} filter: delivers a message when a field of its JSON payload has one of the
 * configured values. See {@link JsonFieldFilterProvider} for the parameters.
 *
 * <p>The payload is read with Jackson's streaming parser, which stops as soon as the field's value is
 * known: members after it, and members of objects off the path, are skipped without being decoded.
 * So a document is only checked for well-formedness up to the field (trailing garbage after a match
 * is not noticed), and with duplicate member names the first one wins.
 *
 * <p>Values are compared as text: a string by its decoded value, a number by its JSON spelling
 * ({@code 42} matches "42" but not "42.0"), a boolean as {@code true}/{@code false}. When the field is
 * an array, the message matches when any of its scalar elements does. "Missing" (the {@code missing}
 * policy applies) means: the payload is empty or not JSON, the path does not exist in it, or the field
 * is {@code null}, an object, or an array without any scalar element.
 *
 * <p>Immutable, so thread-safe: fetch threads call {@link #accept} concurrently, each with its own
 * parser from the shared (thread-safe) {@link ObjectMapper}.
 */
final class JsonFieldFilter implements MessageFilter {
    static final String FIELD = "field";
    static final String EQUALS = "equals";
    static final String IN = "in";
    static final String MISSING = "missing";
    static final List<String> PARAMETERS = List.of(FIELD, EQUALS, IN, MISSING);

    /** What a payload says about the field. */
    enum Outcome { MATCH, NO_MATCH, MISSING }

    private final ObjectMapper mapper;
    private final FieldPath path;
    private final Set<String> values;
    private final boolean acceptMissing;
    private final String description;

    private JsonFieldFilter(ObjectMapper mapper, FieldPath path, Set<String> values, boolean acceptMissing,
            String description) {
        this.mapper = mapper;
        this.path = path;
        this.values = values;
        this.acceptMissing = acceptMissing;
        this.description = description;
    }

    /**
     * Validates the parameters and makes the filter.
     *
     * @throws ConfigException naming the parameter at fault
     */
    static JsonFieldFilter create(ObjectMapper mapper, FilterConfig config) {
        Map<String, String> parameters = config.parameters();
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        PARAMETERS.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new ConfigException(unknown.iterator().next(), "unknown parameter of the "
                    + JsonFieldFilterProvider.NAME + " filter (for topic " + config.topic() + ", group "
                    + config.group() + "); its parameters are " + PARAMETERS);
        }
        FieldPath path = FieldPath.parse(FIELD, parameters.get(FIELD));

        String equals = parameters.get(EQUALS);
        String in = parameters.get(IN);
        Set<String> values;
        if (equals != null && in != null) {
            throw new ConfigException(IN, "give either '" + EQUALS + "' (one value) or '" + IN
                    + "' (comma-separated values), not both");
        } else if (equals != null) {
            values = Set.of(equals);
        } else if (in != null) {
            values = parseIn(in);
        } else {
            throw new ConfigException(EQUALS, "required: give '" + EQUALS + "' (one value) or '" + IN
                    + "' (comma-separated values)");
        }

        String missing = parameters.getOrDefault(MISSING, "reject");
        boolean acceptMissing;
        if (missing.equals("reject")) {
            acceptMissing = false;
        } else if (missing.equals("accept")) {
            acceptMissing = true;
        } else {
            throw new ConfigException(MISSING, "'" + missing + "' must be reject or accept");
        }

        String description = JsonFieldFilterProvider.NAME + "[" + config.topic() + "/" + config.group() + ": "
                + path + (equals != null ? " equals " + equals : " in " + values) + ", missing=" + missing + "]";
        return new JsonFieldFilter(mapper, path, values, acceptMissing, description);
    }

    /** {@code "DE, FR"} -> [DE, FR]: split at commas, each value stripped of surrounding blanks. */
    private static Set<String> parseIn(String in) {
        Set<String> values = new LinkedHashSet<>();
        for (String value : in.split(",", -1)) {
            String v = value.strip();
            if (v.isEmpty()) {
                throw new ConfigException(IN, "'" + in + "' has an empty value; give comma-separated values "
                        + "such as DE,FR");
            }
            values.add(v);
        }
        return Collections.unmodifiableSet(values);
    }

    @Override
    public boolean accept(FilterContext context, MessageView message) {
        Outcome outcome = evaluate(message.data());
        return outcome == Outcome.MATCH || (outcome == Outcome.MISSING && acceptMissing);
    }

    /**
     * Reads the payload (the buffer's remaining bytes) up to the field. Does not change the buffer.
     *
     * <p>Jackson 2 cannot parse a {@code ByteBuffer} in place. A buffer with an accessible array (not the
     * broker's: its views are read-only) is parsed in place. Otherwise the parser pulls the bytes through
     * a stream into its own recycled input buffer, a chunk (8000 bytes) at a time: that copies only what
     * it reads before it stops, not the whole message, and allocates no per-message byte array.
     */
    Outcome evaluate(ByteBuffer data) {
        if (!data.hasRemaining()) {
            return Outcome.MISSING;
        }
        try (JsonParser parser = data.hasArray()
                ? mapper.createParser(data.array(), data.arrayOffset() + data.position(), data.remaining())
                : mapper.createParser(new ByteBufferInputStream(data))) {
            if (parser.nextToken() == null) {
                return Outcome.MISSING;
            }
            return find(parser, 0);
        } catch (IOException e) {
            // Not JSON (or too deep/long for Jackson's read constraints): ordinary bad input, not an error.
            return Outcome.MISSING;
        }
    }

    /** The parser is on the first token of the value at the first {@code step} steps of the path. */
    private Outcome find(JsonParser parser, int step) throws IOException {
        if (step == path.depth()) {
            return compare(parser);
        }
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            String name = path.name(step);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = name.equals(parser.currentName());
                parser.nextToken();
                if (wanted) {
                    return find(parser, step + 1);
                }
                parser.skipChildren();
            }
            return Outcome.MISSING;
        }
        if (token == JsonToken.START_ARRAY) {
            int index = path.index(step);
            if (index < 0) {
                return Outcome.MISSING;
            }
            for (int i = 0; (token = parser.nextToken()) != JsonToken.END_ARRAY && token != null; i++) {
                if (i == index) {
                    return find(parser, step + 1);
                }
                parser.skipChildren();
            }
            return Outcome.MISSING;
        }
        return Outcome.MISSING; // a scalar where the path goes on
    }

    /** The parser is on the field's value. */
    private Outcome compare(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (isComparable(token)) {
            return values.contains(parser.getText()) ? Outcome.MATCH : Outcome.NO_MATCH;
        }
        if (token != JsonToken.START_ARRAY) {
            return Outcome.MISSING; // null or an object
        }
        boolean anyScalar = false;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            if (isComparable(token)) {
                if (values.contains(parser.getText())) {
                    return Outcome.MATCH;
                }
                anyScalar = true;
            } else {
                parser.skipChildren();
            }
        }
        return anyScalar ? Outcome.NO_MATCH : Outcome.MISSING;
    }

    private static boolean isComparable(JsonToken token) {
        return token != null && token.isScalarValue() && token != JsonToken.VALUE_NULL;
    }

    FieldPath path() {
        return path;
    }

    /** The values a field may have to match, in configuration order. */
    List<String> values() {
        return new ArrayList<>(values);
    }

    boolean acceptsMissing() {
        return acceptMissing;
    }

    @Override
    public String toString() {
        return description;
    }
}
