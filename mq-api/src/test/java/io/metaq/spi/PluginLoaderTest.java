package io.metaq.spi;

import static io.metaq.spi.TestingPluginJars.FILTER_SERVICES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.metaq.spi.filter.FilterConfig;
import io.metaq.spi.filter.FilterContext;
import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.filter.MessageFilter;
import io.metaq.spi.store.StoreProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLoaderTest {
    private static final ClassLoader HOST = PluginLoader.class.getClassLoader();
    private static final FilterContext CONTEXT = new FilterContext("orders", "billing", 0);

    @TempDir
    Path plugins;

    @Test
    void load_validPlugin_findsProviderAndReadsDescriptor() {
        Path dir = TestingPluginJars.filterPlugin(plugins, "acme-geo", "geo");
        TestingPluginJars.writeDescriptor(dir, "name=acme-geo", "version=1.2.0", "api.version=1.0");
        try (PluginLoader loader = new PluginLoader(HOST)) {
            Plugin plugin = loader.load(dir);

            assertThat(plugin.descriptor()).isEqualTo(new PluginDescriptor("acme-geo", "1.2.0", "1.0", dir));
            assertThat(plugin.classLoader().directory()).isEqualTo(dir);
            List<FilterProvider> providers = plugin.providers(FilterProvider.class);
            assertThat(providers).extracting(Provider::name).containsExactly("geo");
            assertThat(providers.get(0).getClass().getClassLoader()).isSameAs(plugin.classLoader());
            MessageFilter filter = providers.get(0).create(new FilterConfig("orders", "billing",
                    Map.of("attribute", "eu")));
            assertThat(filter.accept(CONTEXT, new TestingMessageView("eu"))).isTrue();
            assertThat(filter.accept(CONTEXT, new TestingMessageView("us"))).isFalse();
            assertThat(plugin.providers(StoreProvider.class)).isEmpty();
            assertThat(loader.plugins()).containsExactly(plugin);
        }
    }

    @Test
    void load_missingServicesFile_failsNamingDirectory() {
        Path dir = TestingPluginJars.filterPlugin(plugins, "geo", "geo");
        String className = TestingPluginJars.filterProviderClassName("geo");
        TestingPluginJars.writeJar(dir.resolve("geo-filter.jar"), TestingPluginJars.compile(
                Map.of(className, TestingPluginJars.filterProviderSource(className, "geo"))), Map.of());

        try (PluginLoader loader = new PluginLoader(HOST)) {
            assertThatThrownBy(() -> loader.load(dir))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageStartingWith(dir.toString())
                    .hasMessageContaining("provides no")
                    .hasMessageContaining("META-INF/services/")
                    .hasMessageContaining("missing");
            assertThat(loader.plugins()).isEmpty();
        }
    }

    @Test
    void load_servicesFileWithOnlyComments_failsNamingDirectory() {
        Path dir = TestingPluginJars.filterPlugin(plugins, "geo", "geo");
        TestingPluginJars.writeJar(dir.resolve("geo-filter.jar"), Map.of(),
                Map.of(FILTER_SERVICES, "# nothing here yet\n\n"));

        try (PluginLoader loader = new PluginLoader(HOST)) {
            assertThatThrownBy(() -> loader.load(dir))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageStartingWith(dir.toString())
                    .hasMessageContaining("provides no");
        }
    }

    @Test
    void load_wrongApiMajor_failsNamingDirectory() {
        Path dir = TestingPluginJars.filterPlugin(plugins, "geo", "geo");
        TestingPluginJars.writeDescriptor(dir, "name=geo", "version=1.0.0", "api.version=2.1");

        try (PluginLoader loader = new PluginLoader(HOST)) {
            assertThatThrownBy(() -> loader.load(dir))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageStartingWith(dir.toString())
                    .hasMessageContaining("api.version 2.1")
                    .hasMessageContaining("API " + PluginLoader.API_MAJOR);
        }
    }

    @Test
    void load_unknownKey_failsNamingKeyAndDirectory() {
        Path dir = TestingPluginJars.filterPlugin(plugins, "geo", "geo");
        TestingPluginJars.writeDescriptor(dir, "name=geo", "version=1.0.0", "api.version=1", "api.verison=1");

        try (PluginLoader loader = new PluginLoader(HOST)) {
            assertThatThrownBy(() -> loader.load(dir))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageStartingWith(dir.toString())
                    .hasMessageContaining("unknown key 'api.verison'");
        }
    }

    @Test
    void load_missingKey_failsNamingKeyAndDirectory() {
        Path dir = TestingPluginJars.filterPlugin(plugins, "geo", "geo");
        TestingPluginJars.writeDescriptor(dir, "name=geo", "version=1.0.0");

        try (PluginLoader loader = new PluginLoader(HOST)) {
            assertThatThrownBy(() -> loader.load(dir))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageStartingWith(dir.toString())
                    .hasMessageContaining("missing key 'api.version'");
        }
    }

    @Test
    void load_noDescriptor_failsNamingDirectory() throws IOException {
        Path dir = TestingPluginJars.filterPlugin(plugins, "geo", "geo");
        Files.delete(dir.resolve(PluginDescriptor.FILE_NAME));

        try (PluginLoader loader = new PluginLoader(HOST)) {
            assertThatThrownBy(() -> loader.load(dir))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageStartingWith(dir.toString())
                    .hasMessageContaining("no plugin.properties");
        }
    }

    @Test
    void load_noJar_failsNamingDirectory() throws IOException {
        Path dir = TestingPluginJars.filterPlugin(plugins, "geo", "geo");
        Files.move(dir.resolve("geo-filter.jar"), dir.resolve("geo-filter.jar.disabled"));

        try (PluginLoader loader = new PluginLoader(HOST)) {
            assertThatThrownBy(() -> loader.load(dir))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageStartingWith(dir.toString())
                    .hasMessageContaining("no *.jar");
        }
    }

    @Test
    void load_providerClassMissingFromJar_providersFailsNamingDirectoryAndClass() {
        Path dir = TestingPluginJars.filterPlugin(plugins, "geo", "geo");
        TestingPluginJars.writeJar(dir.resolve("geo-filter.jar"), Map.of(),
                Map.of(FILTER_SERVICES, TestingPluginJars.services("com.acme.GoneFilterProvider")));

        try (PluginLoader loader = new PluginLoader(HOST)) {
            Plugin plugin = loader.load(dir);
            assertThatThrownBy(() -> plugin.providers(FilterProvider.class))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageStartingWith(dir.toString())
                    .hasMessageContaining("com.acme.GoneFilterProvider");
        }
    }

    @Test
    void loadAll_missingDirectory_returnsEmptyList() {
        try (PluginLoader loader = new PluginLoader(HOST)) {
            assertThat(loader.loadAll(plugins.resolve("does-not-exist"))).isEmpty();
            assertThat(loader.plugins()).isEmpty();
        }
    }

    @Test
    void loadAll_severalDirectories_loadsEachInNameOrderIgnoringFiles() throws IOException {
        TestingPluginJars.filterPlugin(plugins, "zeta", "zeta-filter");
        TestingPluginJars.filterPlugin(plugins, "alpha", "alpha-filter");
        Files.writeString(plugins.resolve("README.txt"), "one directory per plugin");

        try (PluginLoader loader = new PluginLoader(HOST)) {
            List<Plugin> loaded = loader.loadAll(plugins);

            assertThat(loaded).extracting(p -> p.descriptor().name()).containsExactly("alpha", "zeta");
            assertThat(loader.plugins()).isEqualTo(loaded);
            assertThat(loaded.get(0).classLoader()).isNotSameAs(loaded.get(1).classLoader());
        }
    }

    @Test
    void loadAll_brokenDirectory_failsNamingItAndClosesThePluginsItLoaded(@TempDir Path elsewhere) {
        TestingPluginJars.filterPlugin(plugins, "alpha", "alpha-filter");
        Path broken = TestingPluginJars.filterPlugin(plugins, "beta", "beta-filter");
        TestingPluginJars.writeDescriptor(broken, "name=beta", "version=1.0.0", "api.version=0");
        Path gammaDir = TestingPluginJars.filterPlugin(elsewhere, "gamma", "gamma-filter");

        try (PluginLoader loader = new PluginLoader(HOST)) {
            Plugin gamma = loader.load(gammaDir);

            assertThatThrownBy(() -> loader.loadAll(plugins))
                    .isInstanceOfSatisfying(PluginLoadException.class,
                            e -> assertThat(e.directory()).isEqualTo(broken))
                    .hasMessageStartingWith(broken.toString());

            assertThat(loader.plugins()).as("a plugin loaded by an earlier call is kept").containsExactly(gamma);
            assertThat(gamma.isClosed()).isFalse();
            assertThat(openFilesUnder(gammaDir)).as("probe sanity: gamma's jar is open").isNotEmpty();
            assertThat(openFilesUnder(plugins.resolve("alpha"))).as("alpha's jar after the failure").isEmpty();
            assertThat(loader.load(plugins.resolve("alpha")).descriptor().name())
                    .as("alpha was forgotten, so loading it again is no duplicate").isEqualTo("alpha");
        }
    }

    @Test
    void close_closesThePluginJars() {
        Path dir = TestingPluginJars.filterPlugin(plugins, "geo", "geo");
        PluginLoader loader = new PluginLoader(HOST);
        loader.load(dir);
        assertThat(openFilesUnder(dir)).isNotEmpty();

        loader.close();

        assertThat(openFilesUnder(dir)).isEmpty();
    }

    /** Files under {@code dir} this process holds open, from /proc/self/fd (Linux; skipped elsewhere). */
    private static List<Path> openFilesUnder(Path dir) {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd");
        try (Stream<Path> entries = Files.list(fds)) {
            Path real = dir.toRealPath();
            return entries.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd);
                } catch (IOException e) {
                    return null; // closed while listing
                }
            }).filter(target -> target != null && target.startsWith(real)).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void loadAll_sameNameInTwoDirectories_failsNamingBoth() {
        Path first = TestingPluginJars.filterPlugin(plugins, "geo-1", "geo");
        Path second = TestingPluginJars.filterPlugin(plugins, "geo-2", "geo");
        TestingPluginJars.writeDescriptor(first, "name=geo", "version=1.0.0", "api.version=1");
        TestingPluginJars.writeDescriptor(second, "name=geo", "version=2.0.0", "api.version=1");

        try (PluginLoader loader = new PluginLoader(HOST)) {
            assertThatThrownBy(() -> loader.loadAll(plugins))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageStartingWith(second.toString())
                    .hasMessageContaining("'geo'")
                    .hasMessageContaining(first.toString());
            assertThat(loader.plugins()).isEmpty();
        }
    }

    @Test
    void registry_sameProviderNameInTwoPlugins_failsNamingBothJars() {
        TestingPluginJars.filterPlugin(plugins, "one", "geo");
        TestingPluginJars.filterPlugin(plugins, "two", "geo");

        try (PluginLoader loader = new PluginLoader(HOST)) {
            List<Plugin> loaded = loader.loadAll(plugins);

            assertThatThrownBy(() -> ProviderRegistry.load(FilterProvider.class,
                    loaded.get(0).classLoader(), loaded.get(1).classLoader()))
                    .isInstanceOf(DuplicateProviderException.class)
                    .hasMessageContaining("'geo'")
                    .hasMessageContaining(plugins.resolve("one/one-filter.jar").toString())
                    .hasMessageContaining(plugins.resolve("two/two-filter.jar").toString());
            assertThatThrownBy(() -> loader.registry(FilterProvider.class))
                    .isInstanceOf(DuplicateProviderException.class);
        }
    }

    @Test
    void registry_hostAndPlugins_findsBothButPluginLoaderSeesOnlyItsOwn() {
        TestingPluginJars.filterPlugin(plugins, "acme-geo", "geo");

        try (PluginLoader loader = new PluginLoader(HOST)) {
            Plugin plugin = loader.loadAll(plugins).get(0);

            assertThat(loader.registry(FilterProvider.class).names())
                    .containsExactly("geo", "testing-accept-all", "testing-reject-all");
            assertThat(ProviderRegistry.load(FilterProvider.class, plugin.classLoader()).names())
                    .containsExactly("geo");
            assertThat(plugin.providers(FilterProvider.class)).extracting(Provider::name).containsExactly("geo");
            assertThat(loader.registry(FilterProvider.class).get("geo").getClass().getClassLoader())
                    .isSameAs(plugin.classLoader());
        }
    }

    @Test
    void providers_whileInstantiating_contextClassLoaderIsThePluginsAndIsRestoredAfter() {
        String className = "plugin.tccl.ContextLoaderFilterProvider";
        String source = "package plugin.tccl;\n"
                + "import io.metaq.spi.filter.*;\n"
                + "public final class ContextLoaderFilterProvider implements FilterProvider {\n"
                + "    private final boolean own = Thread.currentThread().getContextClassLoader()\n"
                + "            == ContextLoaderFilterProvider.class.getClassLoader();\n"
                + "    @Override public String name() { return own ? \"tccl-plugin\" : \"tccl-other\"; }\n"
                + "    @Override public MessageFilter create(FilterConfig config) { return (c, m) -> true; }\n"
                + "}\n";
        Path dir = plugins.resolve("tccl");
        TestingPluginJars.writeDescriptor(dir, "name=tccl", "version=1", "api.version=1");
        TestingPluginJars.writeJar(dir.resolve("tccl.jar"), TestingPluginJars.compile(Map.of(className, source)),
                Map.of(FILTER_SERVICES, TestingPluginJars.services(className)));
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        try (PluginLoader loader = new PluginLoader(HOST)) {
            Plugin plugin = loader.load(dir);

            assertThat(plugin.providers(FilterProvider.class)).extracting(Provider::name)
                    .containsExactly("tccl-plugin");
            assertThat(loader.registry(FilterProvider.class).names()).contains("tccl-plugin")
                    .doesNotContain("tccl-other");
            assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
        }
    }

    @Test
    void close_closesEveryPluginAndIsIdempotent() {
        TestingPluginJars.filterPlugin(plugins, "alpha", "alpha-filter");
        TestingPluginJars.filterPlugin(plugins, "beta", "beta-filter");
        PluginLoader loader = new PluginLoader(HOST);
        List<Plugin> loaded = loader.loadAll(plugins);

        loader.close();
        loader.close();

        assertThat(loaded).allMatch(Plugin::isClosed);
        assertThat(loader.plugins()).isEmpty();
        assertThatThrownBy(() -> loaded.get(0).providers(FilterProvider.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("alpha");
        assertThatThrownBy(() -> loader.load(plugins.resolve("alpha")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void close_pluginClassLoaderIsCollected() throws InterruptedException {
        Path dir = TestingPluginJars.filterPlugin(plugins, "geo", "geo");
        PluginLoader loader = new PluginLoader(HOST);
        WeakReference<ClassLoader> pluginLoader = loadAndUse(loader, dir);

        loader.close(); // the closed loader stays reachable below: it must not pin its plugins
        for (int i = 0; i < 50 && pluginLoader.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }

        assertThat(pluginLoader.get()).as("plugin class loader after close and GC").isNull();
        assertThat(loader.plugins()).isEmpty();
    }

    /** Loads and exercises the plugin; returns only a weak reference so no strong one survives. */
    private static WeakReference<ClassLoader> loadAndUse(PluginLoader loader, Path dir) {
        Plugin plugin = loader.load(dir);
        MessageFilter filter = plugin.providers(FilterProvider.class).get(0)
                .create(new FilterConfig("orders", "billing", Map.of("attribute", "eu")));
        assertThat(filter.accept(CONTEXT, new TestingMessageView("eu"))).isTrue();
        return new WeakReference<>(plugin.classLoader());
    }
}
