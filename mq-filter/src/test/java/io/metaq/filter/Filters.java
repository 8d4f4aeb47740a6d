package io.metaq.filter;

import io.metaq.spi.filter.FilterConfig;
import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.filter.MessageFilter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test helpers: a filter from a provider and alternating name/value parameters. */
final class Filters {
    private Filters() {
    }

    static FilterConfig config(String... kv) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            params.put(kv[i], kv[i + 1]);
        }
        return new FilterConfig("orders", "billing", params);
    }

    static MessageFilter create(FilterProvider provider, String... kv) {
        return provider.create(config(kv));
    }

    static boolean accepts(MessageFilter filter, String attribute) {
        return filter.accept(TestMessage.CONTEXT, TestMessage.of(attribute));
    }
}
