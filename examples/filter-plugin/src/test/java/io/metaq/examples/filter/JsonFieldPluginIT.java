package io.metaq.examples.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.PackageVersion;
import io.metaq.api.ConfigException;
import io.metaq.spi.Plugin;
import io.metaq.spi.PluginLoader;
import io.metaq.spi.ProviderRegistry;
import io.metaq.spi.filter.FilterConfig;
import io.metaq.spi.filter.FilterContext;
import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.filter.MessageFilter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the built plugin directory the way the broker does, from a class path like the broker's: mq-api,
 * SLF4J and the broker's Jackson (a newer one than the plugin's), but not the plugin's classes (the pom
 * sets up failsafe so). Runs after {@code package}, which makes target/plugin/json-field.
 */
class JsonFieldPluginIT {
    private static final Path PLUGIN_DIR = Paths.get(System.getProperty("metaq.example.pluginDir",
            "target/plugin/json-field"));
    private static final Path PLUGIN_ZIP = Paths.get(System.getProperty("metaq.example.pluginZip",
            "target/metaq-filter-plugin-example-plugin.zip"));
    private static final String VERSION = System.getProperty("metaq.example.version", "");
    private static final String PLUGIN_JACKSON = System.getProperty("metaq.example.jacksonVersion", "2.22.3");
    private static final String HOST_JACKSON = System.getProperty("metaq.example.hostJacksonVersion", "2.23.0");
    private static final ClassLoader HOST = PluginLoader.class.getClassLoader();
    private static final FilterContext CONTEXT = new FilterContext("orders", "eu-billing", 0);

    @TempDir
    Path install;
    Path plugins;

    /** As the README says: copy target/plugin/json-field into the broker's plugins/. */
    @BeforeEach
    void copyPluginIntoPluginsDir() throws IOException {
        plugins = install.resolve("plugins");
        Path target = plugins.resolve(PLUGIN_DIR.getFileName());
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(PLUGIN_DIR)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    @Test
    void pluginDirectory_holdsDescriptorPluginJarAndJacksonOnly() throws IOException {
        Properties descriptor = new Properties();
        try (InputStream in = Files.newInputStream(PLUGIN_DIR.resolve("plugin.properties"))) {
            descriptor.load(in);
        }
        assertThat(descriptor.stringPropertyNames()).containsExactlyInAnyOrder("name", "version", "api.version");
        assertThat(descriptor.getProperty("name")).isEqualTo("json-field");
        assertThat(descriptor.getProperty("version")).isEqualTo(VERSION);
        assertThat(descriptor.getProperty("api.version")).isEqualTo(String.valueOf(PluginLoader.API_MAJOR));

        assertThat(fileNames(PLUGIN_DIR)).containsExactlyInAnyOrder(
                "plugin.properties",
                "metaq-filter-plugin-example-" + VERSION + ".jar",
                "jackson-databind-" + PLUGIN_JACKSON + ".jar",
                "jackson-core-" + PLUGIN_JACKSON + ".jar",
                "jackson-annotations-" + annotationsVersion(PLUGIN_JACKSON) + ".jar");
    }

    @Test
    void pluginZip_holdsTheSameDirectory() throws IOException {
        try (ZipFile zip = new ZipFile(PLUGIN_ZIP.toFile())) {
            List<String> entries = zip.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName)
                    .collect(Collectors.toList());
            assertThat(entries).containsExactlyInAnyOrderElementsOf(
                    fileNames(PLUGIN_DIR).stream().map(n -> "json-field/" + n).collect(Collectors.toList()));
        }
    }

    @Test
    void loadAll_findsJsonFieldThroughThePluginClassLoader() {
        try (PluginLoader loader = new PluginLoader(HOST)) {
            List<Plugin> loaded = loader.loadAll(plugins);

            assertThat(loaded).hasSize(1);
            Plugin plugin = loaded.get(0);
            assertThat(plugin.descriptor().name()).isEqualTo("json-field");
            assertThat(plugin.descriptor().version()).isEqualTo(VERSION);

            ProviderRegistry<FilterProvider> registry = ProviderRegistry.load(FilterProvider.class, plugin.classLoader());
            assertThat(registry.names()).containsExactly("json-field");
            FilterProvider provider = registry.get("json-field");
            assertThat(provider.getClass().getName()).isEqualTo("io.metaq.examples.filter.JsonFieldFilterProvider");
            assertThat(provider.getClass().getClassLoader()).isSameAs(plugin.classLoader());

            // The broker's own registry (host class path first, then the plugins) sees it too, once.
            assertThat(loader.registry(FilterProvider.class).get("json-field").getClass())
                    .isSameAs(provider.getClass());
        }
    }

    @Test
    void pluginClasses_areNotOnTheHostClassPath() {
        assertThatThrownBy(() -> Class.forName("io.metaq.examples.filter.JsonFieldFilterProvider", false, HOST))
                .isInstanceOf(ClassNotFoundException.class);
    }

    /** Plugin isolation: the plugin runs on its Jackson, the host on its own, in one JVM. */
    @Test
    void pluginUsesItsOwnJackson_hostKeepsTheBrokers_bothWork() throws Exception {
        // The host (this class path, like the broker's lib/) has the broker's Jackson.
        assertThat(PackageVersion.VERSION.toString()).isEqualTo(HOST_JACKSON);
        assertThat(PLUGIN_JACKSON).isNotEqualTo(HOST_JACKSON);

        try (PluginLoader loader = new PluginLoader(HOST)) {
            Plugin plugin = loader.loadAll(plugins).get(0);
            ClassLoader pluginLoader = plugin.classLoader();

            // The plugin sees its own Jackson, from its own jar, as a different class than the host's.
            Class<?> pluginPackageVersion = Class.forName(PackageVersion.class.getName(), true, pluginLoader);
            assertThat(pluginPackageVersion).isNotSameAs(PackageVersion.class);
            assertThat(pluginPackageVersion.getClassLoader()).isSameAs(pluginLoader);
            assertThat(pluginPackageVersion.getField("VERSION").get(null).toString()).isEqualTo(PLUGIN_JACKSON);
            assertThat(jarOf(pluginPackageVersion))
                    .isEqualTo(plugins.resolve("json-field").resolve("jackson-databind-" + PLUGIN_JACKSON + ".jar"));
            Class<?> pluginMapper = Class.forName(ObjectMapper.class.getName(), false, pluginLoader);
            assertThat(pluginMapper).isNotSameAs(ObjectMapper.class);
            // The SPI, in contrast, is shared with the host.
            assertThat(Class.forName(FilterProvider.class.getName(), false, pluginLoader)).isSameAs(FilterProvider.class);

            // Both work: the host writes JSON with its Jackson, the plugin's filter reads it with its own.
            ObjectMapper hostMapper = new ObjectMapper();
            MessageFilter filter = ProviderRegistry.load(FilterProvider.class, pluginLoader).get("json-field")
                    .create(new FilterConfig("orders", "eu-billing", Map.of("field", "/customer/country", "in", "DE,FR")));
            try (filter) {
                assertThat(filter.accept(CONTEXT, message(hostMapper, "DE"))).isTrue();
                assertThat(filter.accept(CONTEXT, message(hostMapper, "FR"))).isTrue();
                assertThat(filter.accept(CONTEXT, message(hostMapper, "US"))).isFalse();
                assertThat(filter.accept(CONTEXT, JsonMessage.of("not json"))).isFalse();
            }
            assertThat(hostMapper.readTree("{\"a\":[1,2]}").get("a").size()).isEqualTo(2);
        }
    }

    @Test
    void badParameters_failWithTheSharedConfigException() {
        try (PluginLoader loader = new PluginLoader(HOST)) {
            loader.loadAll(plugins);
            FilterProvider provider = loader.registry(FilterProvider.class).get("json-field");
            // ConfigException is the broker's class (io.metaq.api is shared), so the broker can catch it.
            assertThatThrownBy(() -> provider.create(new FilterConfig("orders", "eu-billing",
                    Map.of("field", "/customer/country", "in", "DE", "equals", "DE"))))
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("in"));
        }
    }

    private static JsonMessage message(ObjectMapper hostMapper, String country) throws IOException {
        Map<String, Object> order = Map.of("id", 7, "customer", Map.of("name", "Ana", "country", country));
        return JsonMessage.of(hostMapper.writeValueAsBytes(order));
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** jackson-annotations is versioned by minor only (2.22) since 2.20. */
    private static String annotationsVersion(String jacksonVersion) {
        String[] parts = jacksonVersion.split("\\.");
        return parts[0] + "." + parts[1];
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
