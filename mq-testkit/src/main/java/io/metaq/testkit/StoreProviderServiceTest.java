package io.metaq.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.spi.ProviderRegistry;
import io.metaq.spi.store.StoreProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The provider is declared in {@code META-INF/services/io.metaq.spi.store.StoreProvider} of its
 * module: deleting that file fails this test (DESIGN.md §3).
 */
public abstract class StoreProviderServiceTest {

    /** The name the module's provider is registered under. */
    protected abstract String providerName();

    @Test
    public void serviceLoader_findsProviderUnderItsName() {
        List<String> names = ServiceLoader.load(StoreProvider.class, getClass().getClassLoader()).stream()
                .map(p -> p.get().name())
                .toList();

        assertThat(names).contains(providerName());
    }

    @Test
    public void providerRegistry_returnsProviderByName() {
        ProviderRegistry<StoreProvider> registry = ProviderRegistry.load(StoreProvider.class, getClass().getClassLoader());

        assertThat(registry.names()).contains(providerName());
        assertThat(registry.get(providerName()).name()).isEqualTo(providerName());
        assertThat(registry.failures()).isEmpty();
    }
}
