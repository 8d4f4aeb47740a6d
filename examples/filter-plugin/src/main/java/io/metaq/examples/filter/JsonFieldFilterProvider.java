package io.metaq.examples.filter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.metaq.spi.filter.FilterConfig;
import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.filter.MessageFilter;

/**
 * The {@code json-field} filter provider: a consumer group receives only the messages whose JSON
 * payload has a field with one of the given values. Parameters (in {@code broker.yaml},
 * {@code filters.<topic>.<group>.params}):
 * <dl>
 *   <dt>{@code field} (required)</dt>
 *   <dd>where the field is: a JSON pointer ({@code /customer/country}, {@code /items/0/sku}) or a dotted
 *       path ({@code customer.country}); see {@link FieldPath}</dd>
 *   <dt>{@code equals}</dt>
 *   <dd>the one value to match, compared exactly (case-sensitive, no trimming)</dd>
 *   <dt>{@code in}</dt>
 *   <dd>comma-separated values, any of which matches ({@code "DE,FR"}; blanks around each are
 *       dropped); give {@code equals} or {@code in}, not both</dd>
 *   <dt>{@code missing} ({@code reject} by default, or {@code accept})</dt>
 *   <dd>what to do with a message that has no such field or is not JSON</dd>
 * </dl>
 * Any other parameter is an error, so that a typo fails at start-up.
 *
 * <p>Found by the broker through {@code META-INF/services/io.metaq.spi.filter.FilterProvider} in this
 * plugin's jar, with this plugin's class loader: the Jackson used here is the plugin's own, whatever
 * version the broker has.
 */
public final class JsonFieldFilterProvider implements FilterProvider {
    /** The name {@code broker.yaml} uses: {@code provider: json-field}. */
    public static final String NAME = "json-field";

    /** Thread-safe once built; only its parser factory is used. */
    private final ObjectMapper mapper = JsonMapper.builder().build();

    public JsonFieldFilterProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @throws io.metaq.api.ConfigException naming the parameter at fault
     */
    @Override
    public MessageFilter create(FilterConfig config) {
        return JsonFieldFilter.create(mapper, config);
    }
}
