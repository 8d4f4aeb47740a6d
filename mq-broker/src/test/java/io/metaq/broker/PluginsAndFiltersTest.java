package io.metaq.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaq.api.ConfigException;
import io.metaq.api.record.Record;
import io.metaq.api.record.RecordIterator;
import io.metaq.broker.config.BrokerConfigLoader;
import io.metaq.spi.PluginLoadException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins and server-side filters through a whole broker started from a configuration file (file
 * store, netty transport, a real ZooKeeper), driven over a socket: plugin loading, a plugin filter on
 * the fetch path, list-plugins, stats, reload.
 */
class PluginsAndFiltersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private TestingServer zk;
    private Broker broker;
    private TestingWireClient client;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zk = io.metaq.broker.testing.TestBroker.loopbackZooKeeper();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (client != null) {
            client.close();
        }
        if (broker != null) {
            broker.close();
        }
        zk.close();
    }

    private Path plugins() {
        return dir.resolve("plugins");
    }

    private Path configFile() {
        return dir.resolve("conf").resolve("broker.yaml");
    }

    private void writeConfig(String extraYaml) {
        TestPluginJars.write(configFile(), "broker: {id: 5, port: 0}\n"
                + "zookeeper: {connect: '" + zk.getConnectString() + "', sessionTimeoutMs: 10000, connectionTimeoutMs: 10000}\n"
                + "topics:\n  orders: {partitions: 1}\n" + extraYaml);
    }

    /** Starts from conf/broker.yaml: data and plugins resolve against {@code dir}, the install directory. */
    private void start(String extraYaml) throws Exception {
        writeConfig(extraYaml);
        broker = Broker.start(BrokerConfigLoader.load(configFile()), Files.readAllBytes(configFile()), configFile());
        client = new TestingWireClient(broker.address());
    }

    private static List<String> texts(TestingWireClient.Frame value) {
        assertThat(value.line()).as(value.line() + " " + value.text()).startsWith("value ");
        List<String> out = new ArrayList<>();
        new RecordIterator(ByteBuffer.wrap(value.body()), 0, 1 << 20)
                .forEachRemaining((Record r) -> out.add(new String(r.dataBytes(), UTF_8)));
        return out;
    }

    private static JsonNode json(TestingWireClient.Frame f) throws Exception {
        assertThat(f.code()).as(f.line() + " " + f.text()).isEqualTo(200);
        return JSON.readTree(f.body());
    }

    private long putAt(String text) throws Exception {
        TestingWireClient.Frame f = client.put("orders", 0, text);
        assertThat(f.code()).as(f.text()).isEqualTo(200);
        return Long.parseLong(f.text().split(" ")[2]);
    }

    @Test
    void pluginFilter_filtersTheGroup_andIsListed() throws Exception {
        TestPluginJars.prefixFilterPlugin(plugins(), "acme-geo", "acme-geo", "1.2.0", "geo");
        TestPluginJars.write(plugins().resolve("README.md"), "the distribution's README is not a plugin");
        start("filters:\n  orders:\n    g: {provider: geo, params: {prefix: eu-}}\n");
        putAt("eu-1");
        long us = putAt("us-1");
        long eu2 = putAt("eu-2");

        assertThat(texts(client.get("orders", 0, 0))).containsExactly("eu-1");
        TestingWireClient.Frame moved = client.get("orders", 0, us);
        assertThat(moved.code()).isEqualTo(301);
        assertThat(moved.text()).isEqualTo(Long.toString(eu2));
        assertThat(texts(client.get("orders", 0, eu2))).containsExactly("eu-2");

        JsonNode list = json(client.admin("{\"op\":\"list-plugins\"}"));
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).get("name").asText()).isEqualTo("acme-geo");
        assertThat(list.get(0).get("version").asText()).isEqualTo("1.2.0");
        assertThat(list.get(0).get("apiVersion").asText()).isEqualTo("1");
        assertThat(list.get(0).get("dir").asText()).isEqualTo(plugins().resolve("acme-geo").toString());
        assertThat(list.get(0).get("providers").toString()).isEqualTo("[\"geo\"]");

        String stats = client.raw("stats plugins 7\r\n").text();
        assertThat(stats).contains("plugin_acme-geo version=1.2.0,api=1,providers=geo,dir=" + plugins().resolve("acme-geo"))
                .contains("filter_providers geo;test-attribute;test-prefix;test-throwing");
        String filters = client.raw("stats filters 8\r\n").text();
        assertThat(filters).contains("filter_orders/g provider=geo,plugin=acme-geo,onError=reject,")
                .contains("errors=0");
    }

    @Test
    void reload_appliesTheFiltersSection_andSaysWhatNeedsARestart() throws Exception {
        TestPluginJars.prefixFilterPlugin(plugins(), "acme-geo", "acme-geo", "1.2.0", "geo");
        start("filters:\n  orders:\n    g: {provider: geo, params: {prefix: eu-}}\n");
        putAt("eu-1");
        long us = putAt("us-1");

        writeConfig("limits: {maxLongPollWaitMs: 1000}\nfilters:\n  orders:\n    g: {provider: geo, params: {prefix: us-}}\n");
        JsonNode ok = json(client.admin("{\"op\":\"reload\"}"));
        assertThat(ok.get("filters").get(0).get("params").get("prefix").asText()).isEqualTo("us-");
        assertThat(ok.get("filters").get(0).get("plugin").asText()).isEqualTo("acme-geo");
        assertThat(ok.get("restartRequired").toString()).isEqualTo("[\"limits\"]");
        TestingWireClient.Frame moved = client.get("orders", 0, 0);
        assertThat(moved.code()).isEqualTo(301);
        assertThat(moved.text()).isEqualTo(Long.toString(us));

        writeConfig("filters:\n  orders:\n    g: {provider: geo, params: {prefix: us-}, typo: 1}\n");
        TestingWireClient.Frame bad = client.admin("{\"op\":\"reload\"}");
        assertThat(bad.code()).isEqualTo(400);
        assertThat(bad.text()).contains("filters.orders.g.typo").contains("unchanged");
        assertThat(client.get("orders", 0, 0).text()).as("old filters stay").isEqualTo(Long.toString(us));

        writeConfig("");
        assertThat(broker.reloadFilters().filters()).isEmpty();
        assertThat(texts(client.get("orders", 0, 0))).containsExactly("eu-1", "us-1");
    }

    @Test
    void brokenPluginDirectory_stopsStartup_namingIt() throws Exception {
        Path geo = TestPluginJars.prefixFilterPlugin(plugins(), "geo", "geo", "1.0", "geo");
        Files.delete(geo.resolve("plugin.properties"));
        assertThatThrownBy(() -> start("")).isInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith(geo.toString()).hasMessageContaining("plugin.properties");
        assertThat(broker).isNull();
    }

    @Test
    void unreadablePluginJar_stopsStartup_namingTheDirectory() throws Exception {
        Path bad = plugins().resolve("bad");
        TestPluginJars.write(bad.resolve("plugin.properties"), "name=bad\nversion=1\napi.version=1\n");
        TestPluginJars.write(bad.resolve("bad.jar"), "this is not a zip file");
        assertThatThrownBy(() -> start("")).isInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith(bad.toString());
    }

    @Test
    void pluginWithoutProvider_stopsStartup_namingTheDirectory() throws Exception {
        Path empty = plugins().resolve("empty");
        TestPluginJars.write(empty.resolve("plugin.properties"), "name=empty\nversion=1\napi.version=1\n");
        TestPluginJars.writeJar(empty.resolve("empty.jar"), Map.of(), Map.of("README", "nothing"));
        assertThatThrownBy(() -> start("")).isInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith(empty.toString()).hasMessageContaining("provides no");
    }

    @Test
    void unknownFilterProvider_stopsStartup_listingTheAvailableOnes() throws Exception {
        TestPluginJars.prefixFilterPlugin(plugins(), "acme-geo", "acme-geo", "1.2.0", "geo");
        assertThatThrownBy(() -> start("filters: {orders: {g: {provider: gps}}}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("filters.orders.g.provider")
                .hasMessageContaining("no filter provider 'gps'; available: [geo, test-attribute, test-prefix, test-throwing]");
    }

    @Test
    void badFilterParameters_stopStartup_namingTopicGroupAndParameter() throws Exception {
        TestPluginJars.prefixFilterPlugin(plugins(), "acme-geo", "acme-geo", "1.2.0", "geo");
        assertThatThrownBy(() -> start("filters: {orders: {g: {provider: geo}}}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid configuration 'filters.orders.g.params.prefix': is required");
    }

    @Test
    void pluginsDirThatIsAFile_stopsStartup() throws Exception {
        TestPluginJars.write(dir.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> start("plugins: {dir: not-a-dir}\n")).isInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith(dir.resolve("not-a-dir").toString()).hasMessageContaining("is not a directory");
    }

    @Test
    void noPluginsDirectory_meansNoPlugins() throws Exception {
        start("");
        assertThat(json(client.admin("{\"op\":\"list-plugins\"}")).size()).isZero();
        assertThat(client.raw("stats plugins 3\r\n").text())
                .isEqualTo("STATS\r\nfilter_providers test-attribute;test-prefix;test-throwing\r\nEND\r\n");
    }
}
