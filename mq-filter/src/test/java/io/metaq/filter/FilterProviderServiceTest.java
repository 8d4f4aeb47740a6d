package io.metaq.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.spi.ProviderRegistry;
import io.metaq.spi.filter.FilterProvider;
import org.junit.jupiter.api.Test;

/** The three providers are registered in META-INF/services and found by name. */
class FilterProviderServiceTest {
    @Test
    void foundThroughServiceLoaderByName() {
        ProviderRegistry<FilterProvider> registry =
                ProviderRegistry.load(FilterProvider.class, getClass().getClassLoader());
        assertThat(registry.failures()).isEmpty();
        assertThat(registry.names()).contains("attribute", "tags", "expression");
        assertThat(registry.get("attribute")).isInstanceOf(AttributeFilterProvider.class);
        assertThat(registry.get("tags")).isInstanceOf(TagsFilterProvider.class);
        assertThat(registry.get("expression")).isInstanceOf(ExpressionFilterProvider.class);
        assertThat(Filters.accepts(registry.get("expression").create(Filters.config("expr", "\"a\" in tags")), "a"))
                .isTrue();
    }
}
