package io.metaq.testlib;

import io.metaq.spi.filter.FilterConfig;
import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.filter.MessageFilter;

/** A filter provider on the test class path (listed in src/test/resources/META-INF/services). */
public final class TestingAcceptAllFilterProvider implements FilterProvider {
    @Override
    public String name() {
        return "testing-accept-all";
    }

    @Override
    public MessageFilter create(FilterConfig config) {
        return (context, message) -> true;
    }
}
