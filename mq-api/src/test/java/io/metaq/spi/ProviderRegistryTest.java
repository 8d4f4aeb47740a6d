package io.metaq.spi;

import static io.metaq.spi.TestingPluginJars.FILTER_SERVICES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaq.spi.filter.FilterConfig;
import io.metaq.spi.filter.FilterContext;
import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.store.StoreProvider;
import io.metaq.testlib.TestingAcceptAllFilterProvider;
import io.metaq.testlib.TestingRejectAllFilterProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderRegistryTest {
    private static final ClassLoader HOST = ProviderRegistry.class.getClassLoader();
    private static final FilterConfig CONFIG = new FilterConfig("orders", "billing", Map.of());
    private static final FilterContext CONTEXT = new FilterContext("orders", "billing", 0);

    @Test
    void get_providerOnTestClasspath_isFoundByName() {
        ProviderRegistry<FilterProvider> registry = ProviderRegistry.load(FilterProvider.class, HOST);

        assertThat(registry.names()).containsExactly("testing-accept-all", "testing-reject-all");
        assertThat(registry.get("testing-accept-all")).isInstanceOf(TestingAcceptAllFilterProvider.class);
        assertThat(registry.get("testing-reject-all")).isInstanceOf(TestingRejectAllFilterProvider.class);
        assertThat(registry.get("testing-accept-all").create(CONFIG).accept(CONTEXT, new TestingMessageView(null)))
                .isTrue();
        assertThat(registry.find("testing-reject-all")).isPresent();
        assertThat(registry.failures()).isEmpty();
        assertThat(registry.type()).isEqualTo(FilterProvider.class);
    }

    @Test
    void get_unknownName_failsListingAvailableNames() {
        ProviderRegistry<FilterProvider> registry = ProviderRegistry.load(FilterProvider.class, HOST);

        assertThatThrownBy(() -> registry.get("sql93"))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessage("no filter provider 'sql93'; available: [testing-accept-all, testing-reject-all]");
        assertThat(registry.find("sql93")).isEmpty();
    }

    @Test
    void get_noProviderOfThatKind_failsListingNone() {
        ProviderRegistry<StoreProvider> registry = ProviderRegistry.load(StoreProvider.class, HOST);

        assertThatThrownBy(() -> registry.get("file"))
                .isInstanceOf(ProviderNotFoundException.class)
                .hasMessage("no store provider 'file'; available: []");
    }

    @Test
    void load_sameLoaderTwice_isNotADuplicate() {
        ProviderRegistry<FilterProvider> registry = ProviderRegistry.load(FilterProvider.class, HOST, HOST);

        assertThat(registry.names()).containsExactly("testing-accept-all", "testing-reject-all");
    }

    @Test
    void load_servicesFileNamingMissingClass_reportsItAndLoadsTheOthers(@TempDir Path tmp) throws Exception {
        String real = TestingPluginJars.filterProviderClassName("real");
        Path jar = TestingPluginJars.writeJar(tmp.resolve("mixed.jar"),
                TestingPluginJars.compile(Map.of(real, TestingPluginJars.filterProviderSource(real, "real"))),
                Map.of(FILTER_SERVICES, TestingPluginJars.services("com.acme.MissingFilterProvider", real)));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, HOST)) {
            ProviderRegistry<FilterProvider> registry = ProviderRegistry.load(FilterProvider.class, loader);

            assertThat(registry.names()).containsExactly("real", "testing-accept-all", "testing-reject-all");
            assertThat(registry.failures()).containsOnlyKeys("com.acme.MissingFilterProvider");
            assertThatThrownBy(() -> registry.get("missing"))
                    .isInstanceOf(ProviderNotFoundException.class)
                    .hasMessageContaining("available: [real, testing-accept-all, testing-reject-all]")
                    .hasMessageContaining("failed to load")
                    .hasMessageContaining("com.acme.MissingFilterProvider");
        }
    }
}
