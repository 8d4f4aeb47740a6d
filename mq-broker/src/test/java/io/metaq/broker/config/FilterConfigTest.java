package io.metaq.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaq.api.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code filters}, {@code plugins} and filter limits of broker.yaml. */
class FilterConfigTest {
    private static final Path BASE = Path.of("/opt/metaq");

    private static ResolvedConfig resolve(String yaml) {
        return BrokerConfigLoader.parse(yaml).resolve(BASE);
    }

    private static void fails(String yaml, String key, String detail) {
        assertThatThrownBy(() -> resolve(yaml)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key))
                .hasMessageContaining(detail);
    }

    @Test
    void defaults_noFilters_pluginsUnderTheInstallDirectory() {
        ResolvedConfig c = resolve("");
        assertThat(c.filters()).isEmpty();
        assertThat(c.pluginsDir()).isEqualTo(BASE.resolve("plugins"));
        assertThat(c.maxFilterScanBytes()).isEqualTo(16 << 20);
        assertThat(c.slowFilterMs()).isEqualTo(10);
    }

    @Test
    void filtersSection_isReadPerTopicAndGroup() {
        ResolvedConfig c = resolve("""
                plugins: {dir: ext/plugins}
                limits: {maxFilterScanBytes: 64m, slowFilterMs: 25}
                filters:
                  orders:
                    billing:
                      provider: attribute
                      params: {match: prefix, value: "eu-", limit: 10, exact: true}
                      onError: accept
                    audit: {provider: tags}
                  clicks:
                    web: {provider: expression, params: {expr: "a == 1"}}
                """);
        assertThat(c.pluginsDir()).isEqualTo(BASE.resolve("ext/plugins"));
        assertThat(c.maxFilterScanBytes()).isEqualTo(64 << 20);
        assertThat(c.slowFilterMs()).isEqualTo(25);
        assertThat(c.filters()).containsExactly(
                new FilterSpec("orders", "billing", "attribute",
                        Map.of("match", "prefix", "value", "eu-", "limit", "10", "exact", "true"),
                        FilterSpec.OnError.ACCEPT),
                new FilterSpec("orders", "audit", "tags", Map.of(), FilterSpec.OnError.REJECT),
                new FilterSpec("clicks", "web", "expression", Map.of("expr", "a == 1"), FilterSpec.OnError.REJECT));
        assertThat(c.filters().get(0).key()).isEqualTo("filters.orders.billing");
    }

    @Test
    void absolutePluginsDir_isKept() {
        assertThat(resolve("plugins: {dir: /srv/metaq-plugins}").pluginsDir()).isEqualTo(Path.of("/srv/metaq-plugins"));
    }

    @Test
    void badFilterSettings_failNamingTheKey() {
        fails("filters: {orders: {billing: {provider: a, bogus: 1}}}", "filters.orders.billing.bogus",
                "Unrecognized field");
        fails("filters: {orders: {billing: {params: {a: b}}}}", "filters.orders.billing.provider", "is required");
        fails("filters: {orders: {billing: {provider: a, onError: drop}}}", "filters.orders.billing.onError",
                "must be accept or reject, was 'drop'");
        fails("filters: {'a/b': {billing: {provider: a}}}", "filters.a/b", "characters outside");
        fails("filters: {orders: {'bad group': {provider: a}}}", "filters.orders.bad group", "without spaces");
        fails("filters: {orders: {billing: {provider: a, params: {value: {nested: 1}}}}}",
                "filters.orders.billing.params.value", "");
        fails("filters: {orders: {billing: {provider: a, params: {value: }}}}", "filters.orders.billing.params.value",
                "has no value");
        fails("filters: {orders: }", "filters.orders", "must map consumer groups");
        fails("filters: {orders: {billing: }}", "filters.orders.billing.provider", "is required");
        fails("plugins: {dir: x, extra: 1}", "plugins.extra", "Unrecognized field");
        fails("plugins: {dir: ''}", "plugins.dir", "is empty");
        fails("limits: {maxFilterScanBytes: 10}", "limits.maxFilterScanBytes", "between 1k and 1g");
        fails("limits: {slowFilterMs: 0}", "limits.slowFilterMs", "must be positive");
    }

    @Test
    void changedSections_namesWhatDiffers() {
        BrokerConfig a = BrokerConfigLoader.parse("broker: {id: 1}\nfilters: {t: {g: {provider: x}}}\n");
        BrokerConfig b = BrokerConfigLoader.parse("broker: {id: 2}\nlimits: {maxMessageSize: 2m}\n");
        assertThat(b.changedSections(a)).isEqualTo(List.of("broker", "limits", "filters"));
        assertThat(a.changedSections(a)).isEmpty();
    }
}
