package io.metaq.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PluginDescriptorTest {
    @TempDir
    Path dir;

    private static Map<String, String> valid() {
        Map<String, String> values = new HashMap<>();
        values.put("name", "acme-geo");
        values.put("version", "1.2.0");
        values.put("api.version", "1");
        return values;
    }

    @Test
    void read_validFile_returnsStrippedValues() {
        TestingPluginJars.writeDescriptor(dir, "# acme", "name = acme-geo  ", "version=1.2.0-rc1\t", "api.version=1.3");

        assertThat(PluginDescriptor.read(dir)).isEqualTo(new PluginDescriptor("acme-geo", "1.2.0-rc1", "1.3", dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.0", "1.12", "01"})
    void of_apiVersionWithMajorOne_isAccepted(String apiVersion) {
        Map<String, String> values = valid();
        values.put("api.version", apiVersion);

        assertThat(PluginDescriptor.of(dir, values).apiVersion()).isEqualTo(apiVersion);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "2", "0.9", "2.0", "10"})
    void of_otherApiMajor_failsSayingBothVersions(String apiVersion) {
        Map<String, String> values = valid();
        values.put("api.version", apiVersion);

        assertThatThrownBy(() -> PluginDescriptor.of(dir, values))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith(dir.toString())
                .hasMessageContaining("api.version " + apiVersion + " ")
                .hasMessageContaining("API 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.x", "v1", "1.0.0", "1.", ".1", "one", "1 .0", "9999999999"})
    void of_malformedApiVersion_failsNamingValue(String apiVersion) {
        Map<String, String> values = valid();
        values.put("api.version", apiVersion);

        assertThatThrownBy(() -> PluginDescriptor.of(dir, values))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith(dir.toString())
                .hasMessageContaining("'" + apiVersion + "'")
                .hasMessageContaining("<major> or <major>.<minor>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Acme", "-geo", ".geo", "geo tag", "géo", "geo/x"})
    void of_invalidName_failsNamingIt(String name) {
        Map<String, String> values = valid();
        values.put("name", name);

        assertThatThrownBy(() -> PluginDescriptor.of(dir, values))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith(dir.toString())
                .hasMessageContaining("name '" + name + "' must match");
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "version", "api.version"})
    void of_blankValue_failsNamingKey(String key) {
        Map<String, String> values = valid();
        values.put(key, "  ");

        assertThatThrownBy(() -> PluginDescriptor.of(dir, values))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith(dir.toString())
                .hasMessageContaining("key '" + key + "' is blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "version", "api.version"})
    void of_missingKey_failsNamingKey(String key) {
        Map<String, String> values = valid();
        values.remove(key);

        assertThatThrownBy(() -> PluginDescriptor.of(dir, values))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith(dir.toString())
                .hasMessageContaining("missing key '" + key + "'");
    }

    @Test
    void of_unknownKey_failsNamingKeyAndDirectory() {
        Map<String, String> values = valid();
        values.put("Name", "acme-geo");

        assertThatThrownBy(() -> PluginDescriptor.of(dir, values))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith(dir.toString())
                .hasMessageContaining("unknown key 'Name'");
    }

    @Test
    void read_duplicateKey_failsNamingKey() {
        TestingPluginJars.writeDescriptor(dir, "name=acme-geo", "version=1.2.0", "api.version=1", "name=other");

        assertThatThrownBy(() -> PluginDescriptor.read(dir))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith(dir.toString())
                .hasMessageContaining("key 'name' is given twice");
    }

    @Test
    void read_malformedEscape_failsNamingDirectory() {
        TestingPluginJars.writeDescriptor(dir, "name=acme\\uZZZZ", "version=1.2.0", "api.version=1");

        assertThatThrownBy(() -> PluginDescriptor.read(dir))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith(dir.toString())
                .hasMessageContaining("cannot read plugin.properties");
    }
}
