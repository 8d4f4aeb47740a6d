package io.metaq.testlib;

import io.metaq.spi.filter.FilterConfig;
import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.filter.MessageFilter;

/** A second filter provider on the test class path, so name lists have more than one entry. */
public final class TestingRejectAllFilterProvider implements FilterProvider {
    @Override
    public String name() {
        return "testing-reject-all";
    }

    @Override
    public MessageFilter create(FilterConfig config) {
        return (context, message) -> false;
    }
}
