package io.metaq.spi;

import static io.metaq.spi.TestingPluginJars.FILTER_SERVICES;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaq.spi.filter.FilterConfig;
import io.metaq.spi.filter.FilterContext;
import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.filter.MessageFilter;
import io.metaq.testlib.Greeting;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PluginClassLoaderTest {
    private static final ClassLoader HOST = PluginClassLoader.class.getClassLoader();
    private static final FilterContext CONTEXT = new FilterContext("orders", "billing", 0);

    private static final String GREETING_PROVIDER = "plugin.greeting.GreetingFilterProvider";
    private static final String GREETING_PROVIDER_SOURCE = "package plugin.greeting;\n"
            + "import io.metaq.spi.filter.*;\n"
            + "import io.metaq.testlib.Greeting;\n"
            + "public final class GreetingFilterProvider implements FilterProvider {\n"
            + "    @Override public String name() { return \"greeting\"; }\n"
            + "    @Override public MessageFilter create(FilterConfig config) {\n"
            + "        String greeting = new Greeting().text();\n"
            + "        return (context, message) -> greeting.equals(message.attribute());\n"
            + "    }\n"
            + "}\n";
    /** The plugin's own, different version of the host's io.metaq.testlib.Greeting. */
    private static final String PLUGIN_GREETING_SOURCE = "package io.metaq.testlib;\n"
            + "public final class Greeting {\n"
            + "    public String text() { return \"plugin\"; }\n"
            + "}\n";

    @TempDir
    Path plugins;

    @Test
    void pluginBundlingItsOwnLibrary_seesItsCopyWhileHostSeesHost() throws Exception {
        Map<String, byte[]> classes = TestingPluginJars.compile(Map.of(
                GREETING_PROVIDER, GREETING_PROVIDER_SOURCE, Greeting.class.getName(), PLUGIN_GREETING_SOURCE));
        Path dir = plugins.resolve("greeting");
        TestingPluginJars.writeDescriptor(dir, "name=greeting", "version=1.0.0", "api.version=1");
        TestingPluginJars.writeJar(dir.resolve("greeting-filter.jar"), TestingPluginJars.only(classes, "plugin."),
                Map.of(FILTER_SERVICES, TestingPluginJars.services(GREETING_PROVIDER)));
        TestingPluginJars.writeJar(dir.resolve("greeting-lib-2.0.jar"),
                TestingPluginJars.only(classes, "io.metaq.testlib."), Map.of());

        try (PluginLoader loader = new PluginLoader(HOST)) {
            Plugin plugin = loader.load(dir);
            MessageFilter filter = plugin.providers(FilterProvider.class).get(0)
                    .create(new FilterConfig("orders", "billing", Map.of()));

            assertThat(filter.accept(CONTEXT, new TestingMessageView("plugin"))).isTrue();
            assertThat(filter.accept(CONTEXT, new TestingMessageView("host"))).isFalse();
            assertThat(new Greeting().text()).isEqualTo("host");
            Class<?> pluginGreeting = plugin.classLoader().loadClass(Greeting.class.getName());
            assertThat(pluginGreeting).isNotSameAs(Greeting.class);
            assertThat(pluginGreeting.getClassLoader()).isSameAs(plugin.classLoader());
            assertThat(pluginGreeting.getProtectionDomain().getCodeSource().getLocation().getPath())
                    .endsWith("greeting-lib-2.0.jar");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"org.junit.jupiter.api.Test", "org.assertj.core.api.Assertions",
            "io.metaq.testlib.TestingAcceptAllFilterProvider"})
    void loadClass_hostOnlyClass_throwsClassNotFound(String className) throws Exception {
        assertThat(Class.forName(className, false, HOST)).as("visible to the host").isNotNull();
        Path dir = TestingPluginJars.filterPlugin(plugins, "geo", "geo");

        try (PluginClassLoader loader = PluginClassLoader.create(dir, HOST)) {
            assertThatThrownBy(() -> loader.loadClass(className)).isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> Class.forName(className, false, loader))
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"io.metaq.spi.Provider", "io.metaq.spi.filter.FilterProvider",
            "io.metaq.api.MqException", "io.metaq.api.record.Record", "org.slf4j.LoggerFactory"})
    void loadClass_sharedApi_comesFromHost(String className) throws Exception {
        Path dir = TestingPluginJars.filterPlugin(plugins, "geo", "geo");

        try (PluginClassLoader loader = PluginClassLoader.create(dir, HOST)) {
            assertThat(loader.loadClass(className)).isSameAs(Class.forName(className, false, HOST));
        }
    }

    @Test
    void loadClass_platformModuleClass_isVisible() throws Exception {
        Path dir = TestingPluginJars.filterPlugin(plugins, "geo", "geo");

        try (PluginClassLoader loader = PluginClassLoader.create(dir, HOST)) {
            assertThat(loader.loadClass("java.sql.Connection").getClassLoader())
                    .isSameAs(ClassLoader.getPlatformClassLoader());
            assertThat(loader.getParent()).isSameAs(ClassLoader.getPlatformClassLoader());
        }
    }

    @Test
    void getResource_sharedPrefixesFromHostOnly_servicesFromPluginOnly() throws Exception {
        Path dir = TestingPluginJars.filterPlugin(plugins, "geo", "geo");
        TestingPluginJars.writeJar(dir.resolve("bundled-api.jar"), Map.of(),
                Map.of("io/metaq/spi/bundled.txt", "a copy of mq-api must not shadow the host's"));

        try (PluginClassLoader loader = PluginClassLoader.create(dir, HOST)) {
            assertThat(loader.getResource("io/metaq/spi/Provider.class"))
                    .isEqualTo(HOST.getResource("io/metaq/spi/Provider.class")).isNotNull();
            assertThat(loader.getResource("io/metaq/spi/bundled.txt")).isNull();
            assertThat(Collections.list(HOST.getResources(FILTER_SERVICES))).as("host has its own").isNotEmpty();
            List<URL> services = Collections.list(loader.getResources(FILTER_SERVICES));
            assertThat(services).hasSize(1);
            assertThat(services.get(0).toString()).contains(dir.resolve("geo-filter.jar").toString());
        }
    }

    @Test
    void create_severalJars_searchesThemInNameOrderAndIgnoresOtherFiles() throws IOException {
        Path dir = plugins.resolve("order");
        TestingPluginJars.writeJar(dir.resolve("b.jar"), Map.of(), Map.of("which.txt", "b"));
        TestingPluginJars.writeJar(dir.resolve("a.jar"), Map.of(), Map.of("which.txt", "a"));
        TestingPluginJars.writeJar(dir.resolve("lib/c.jar"), Map.of(), Map.of("which.txt", "c"));
        Files.writeString(dir.resolve("notes.txt"), "not a jar");

        try (PluginClassLoader loader = PluginClassLoader.create(dir, HOST)) {
            assertThat(loader.getURLs()).extracting(u -> u.getPath().substring(u.getPath().lastIndexOf('/') + 1))
                    .containsExactly("a.jar", "b.jar");
            try (InputStream in = loader.getResourceAsStream("which.txt")) {
                assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("a");
            }
            assertThat(loader.directory()).isEqualTo(dir);
            assertThat(loader.isRegisteredAsParallelCapable()).isTrue();
        }
    }

    @Test
    void create_noJar_failsNamingDirectory() throws IOException {
        Path dir = Files.createDirectories(plugins.resolve("empty"));
        Files.writeString(dir.resolve("geo.jar.txt"), "not a jar");

        assertThatThrownBy(() -> PluginClassLoader.create(dir, HOST))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith(dir.toString())
                .hasMessageContaining("no *.jar");
    }
}
