package io.metaq.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaq.api.record.Record;
import io.metaq.api.record.RecordIterator;
import io.metaq.broker.config.BrokerConfigLoader;
import io.metaq.broker.config.ResolvedConfig;
import io.metaq.broker.config.TopicSettings;
import io.metaq.broker.config.TopicsFile;
import io.metaq.broker.core.TopicRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin extension (PROTOCOL-EXTENSIONS.md E5) end to end: a whole broker (file store, netty
 * transport) registered in a real ZooKeeper, driven over a socket.
 */
class AdminTopicsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUB_JSON_4 = "{\"broker\":\"5-m\",\"numParts\":4}";

    @TempDir
    Path dir;
    private TestingServer zk;
    private CuratorFramework observer;
    private Broker broker;
    private TestingWireClient client;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zk = io.metaq.broker.testing.TestBroker.loopbackZooKeeper();
        observer = CuratorFrameworkFactory.newClient(zk.getConnectString(), 10_000, 10_000, new RetryOneTime(100));
        observer.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (client != null) {
            client.close();
        }
        if (broker != null) {
            broker.close();
        }
        observer.close();
        zk.close();
    }

    private void start(String extraYaml) throws Exception {
        String yaml = "broker: {id: 5, port: 0, dataDir: " + dir.resolve("data") + "}\n"
                + "zookeeper: {connect: '" + zk.getConnectString() + "', sessionTimeoutMs: 10000, connectionTimeoutMs: 10000}\n"
                + "topics:\n  orders: {partitions: 2}\n" + extraYaml;
        ResolvedConfig config = BrokerConfigLoader.parse(yaml).resolve(dir);
        broker = Broker.start(config, yaml.getBytes(UTF_8));
        client = new TestingWireClient(broker.address());
    }

    private void restart() throws Exception {
        client.close();
        broker.close();
        broker = null;
        start("");
    }

    private static JsonNode json(TestingWireClient.Frame f) throws Exception {
        assertThat(f.code()).as(f.line() + " " + f.text()).isEqualTo(200);
        return JSON.readTree(f.body());
    }

    private static List<String> texts(TestingWireClient.Frame value) {
        assertThat(value.line()).startsWith("value ");
        List<String> out = new ArrayList<>();
        new RecordIterator(ByteBuffer.wrap(value.body()), 0, 1 << 20)
                .forEachRemaining((Record r) -> out.add(new String(r.dataBytes(), UTF_8)));
        return out;
    }

    private String zkData(String path) throws Exception {
        return new String(observer.getData().forPath(path), UTF_8);
    }

    private long zkOwner(String path) throws Exception {
        Stat s = observer.checkExists().forPath(path);
        assertThat(s).as(path).isNotNull();
        return s.getEphemeralOwner();
    }

    private boolean zkExists(String path) throws Exception {
        return observer.checkExists().forPath(path) != null;
    }

    private Path data() {
        return dir.resolve("data");
    }

    @Test
    void createTopic_registersLikeAConfiguredTopic_servesPutsAndGets_andIsPersisted() throws Exception {
        start("");
        JsonNode created = json(client.admin("{\"op\":\"create-topic\",\"topic\":\"t\",\"partitions\":4,"
                + "\"flush\":\"interval\",\"retention\":\"24h\"}"));
        assertThat(created.toString()).isEqualTo("{\"topic\":\"t\",\"partitions\":4,\"created\":true}");

        long session = zkOwner("/meta/brokers/ids/5/master");
        assertThat(zkData("/meta/brokers/topics/t/5-m")).isEqualTo("4");
        assertThat(zkData("/meta/brokers/topics-pub/t/5-m")).isEqualTo(PUB_JSON_4);
        assertThat(zkData("/meta/brokers/topics-sub/t/5-m")).isEqualTo(PUB_JSON_4);
        for (String p : new String[] {"topics", "topics-pub", "topics-sub"}) {
            assertThat(zkOwner("/meta/brokers/" + p + "/t/5-m")).as(p).isEqualTo(session);
        }
        assertThat(Stream.of(0, 1, 2, 3).map(i -> data().resolve("t-" + i))).allMatch(Files::isDirectory);

        TestingWireClient.Frame ack = client.put("t", 3, "hello");
        assertThat(ack.code()).isEqualTo(200);
        assertThat(ack.text()).endsWith(" 3 0");
        assertThat(texts(client.get("t", 3, 0))).containsExactly("hello");

        TopicRegistry.Topic t = broker.core().topics().get("t");
        assertThat(t.source()).isEqualTo(TopicRegistry.Source.ADMIN);
        assertThat(t.config().logConfig().retentionMs()).isEqualTo(24 * 3_600_000L);
        assertThat(TopicsFile.read(TopicsFile.in(data()))).isEqualTo(Map.of("t",
                new TopicSettings(4, "interval", null, null, null, "24h", null, null, null)));
    }

    @Test
    void createTopic_again_isIdempotent_butADifferentCountIsRefused() throws Exception {
        start("");
        json(client.admin("{\"op\":\"create-topic\",\"topic\":\"t\",\"partitions\":4}"));
        assertThat(json(client.admin("{\"op\":\"create-topic\",\"topic\":\"t\",\"partitions\":4}")).toString())
                .isEqualTo("{\"topic\":\"t\",\"partitions\":4,\"created\":false}");
        assertThat(json(client.admin("{\"op\":\"create-topic\",\"topic\":\"orders\",\"partitions\":2}"))
                .get("created").asBoolean()).isFalse();

        TestingWireClient.Frame other = client.admin("{\"op\":\"create-topic\",\"topic\":\"t\",\"partitions\":8}");
        assertThat(other.code()).isEqualTo(400);
        assertThat(other.text()).isEqualTo("topic t exists with 4 partitions; cannot change to 8");
        assertThat(broker.core().topics().get("t").partitions()).hasSize(4);
    }

    @Test
    void createTopic_badArguments_get400NamingTheField_andNothingIsCreated() throws Exception {
        start("");
        String[][] cases = {
            {"{\"op\":\"create-topic\",\"topic\":\"t\",\"partitions\":0}", "'partitions': must be between 1 and 1024"},
            {"{\"op\":\"create-topic\",\"topic\":\"t\",\"flush\":\"sometimes\"}", "'flush'"},
            {"{\"op\":\"create-topic\",\"topic\":\"t\",\"retention\":\"soon\"}", "'retention'"},
            {"{\"op\":\"create-topic\",\"topic\":\"t\",\"segmentBytes\":\"1q\"}", "'segmentBytes'"},
            {"{\"op\":\"create-topic\",\"topic\":\"t\",\"colour\":\"red\"}", "'colour'"},
            {"{\"op\":\"create-topic\",\"topic\":\"t\",\"partitions\":\"many\"}", "'partitions'"},
            {"{\"op\":\"create-topic\",\"topic\":\"a/b\"}", "has characters outside"},
            {"{\"op\":\"create-topic\",\"partitions\":1}", "missing \"topic\""},
        };
        for (String[] c : cases) {
            TestingWireClient.Frame f = client.admin(c[0]);
            assertThat(f.code()).as(c[0]).isEqualTo(400);
            assertThat(f.text()).as(c[0]).contains(c[1]);
        }
        assertThat(broker.core().topics().get("t")).isNull();
        assertThat(TopicsFile.in(data())).doesNotExist();
    }

    @Test
    void deleteTopic_unregistersFromZooKeeper_deletesTheDirectories_andForgetsIt() throws Exception {
        start("");
        json(client.admin("{\"op\":\"create-topic\",\"topic\":\"t\",\"partitions\":4}"));
        assertThat(client.put("t", 1, "doomed").code()).isEqualTo(200);

        assertThat(json(client.admin("{\"op\":\"delete-topic\",\"topic\":\"t\"}")).toString())
                .isEqualTo("{\"topic\":\"t\",\"deleted\":true}");

        for (String p : new String[] {"topics", "topics-pub", "topics-sub"}) {
            assertThat(zkExists("/meta/brokers/" + p + "/t/5-m")).as(p).isFalse();
        }
        assertThat(zkExists("/meta/brokers/topics/orders/5-m")).isTrue();
        for (int i = 0; i < 4; i++) {
            assertThat(data().resolve("t-" + i)).doesNotExist();
        }
        assertThat(TopicsFile.read(TopicsFile.in(data()))).isEmpty();
        assertThat(client.get("t", 1, 0).code()).isEqualTo(404);
        assertThat(client.admin("{\"op\":\"delete-topic\",\"topic\":\"t\"}").code()).isEqualTo(404);

        // Auto-creation is on (the default): the next put makes a fresh topic with the default settings.
        TestingWireClient.Frame again = client.put("t", 1, "reborn");
        assertThat(again.code()).isEqualTo(200);
        assertThat(again.text()).endsWith(" 1 0");
        assertThat(broker.core().topics().get("t").source()).isEqualTo(TopicRegistry.Source.AUTO);
        assertThat(texts(client.get("t", 1, 0))).containsExactly("reborn");
        assertThat(zkData("/meta/brokers/topics/t/5-m")).isEqualTo("4");
    }

    @Test
    void deleteTopic_withAutoCreateOff_laterPutsFailAsForAnyUnknownTopic() throws Exception {
        start("autoCreateTopics: false\n");
        json(client.admin("{\"op\":\"create-topic\",\"topic\":\"t\",\"partitions\":1}"));
        json(client.admin("{\"op\":\"delete-topic\",\"topic\":\"t\"}"));

        TestingWireClient.Frame put = client.put("t", 0, "x");
        assertThat(put.code()).isEqualTo(500);
        assertThat(put.text()).contains("does not exist and auto-creation is off");
        assertThat(data().resolve("t-0")).doesNotExist();
    }

    @Test
    void deleteTopic_declaredInBrokerYaml_isRefused() throws Exception {
        start("");
        TestingWireClient.Frame f = client.admin("{\"op\":\"delete-topic\",\"topic\":\"orders\"}");
        assertThat(f.code()).isEqualTo(400);
        assertThat(f.text()).isEqualTo("topic orders is declared in broker.yaml; remove it there and restart");
        assertThat(zkExists("/meta/brokers/topics/orders/5-m")).isTrue();
        assertThat(data().resolve("orders-0")).isDirectory();
    }

    @Test
    void deleteTopic_autoCreated_isAllowed() throws Exception {
        start("");
        assertThat(client.put("fresh", 0, "x").code()).isEqualTo(200);
        assertThat(zkExists("/meta/brokers/topics/fresh/5-m")).isTrue();
        json(client.admin("{\"op\":\"delete-topic\",\"topic\":\"fresh\"}"));
        assertThat(zkExists("/meta/brokers/topics/fresh/5-m")).isFalse();
        assertThat(data().resolve("fresh-0")).doesNotExist();
    }

    @Test
    void listTopics_namesEachTopicsSource() throws Exception {
        start("");
        json(client.admin("{\"op\":\"create-topic\",\"topic\":\"made\",\"partitions\":3}"));
        client.put("fresh", 0, "x");
        assertThat(json(client.admin("{\"op\":\"list-topics\"}")).toString()).isEqualTo("["
                + "{\"topic\":\"fresh\",\"partitions\":4,\"source\":\"auto\"},"
                + "{\"topic\":\"made\",\"partitions\":3,\"source\":\"admin\"},"
                + "{\"topic\":\"orders\",\"partitions\":2,\"source\":\"config\"}]");
    }

    @Test
    void restart_bringsBackAnAdminTopicWithItsData_andRegistersIt() throws Exception {
        start("");
        json(client.admin("{\"op\":\"create-topic\",\"topic\":\"kept\",\"partitions\":6,\"flush\":\"interval\"}"));
        assertThat(client.put("kept", 5, "survives").code()).isEqualTo(200);
        json(client.admin("{\"op\":\"create-topic\",\"topic\":\"gone\",\"partitions\":1}"));
        json(client.admin("{\"op\":\"delete-topic\",\"topic\":\"gone\"}"));

        restart();

        TopicRegistry.Topic kept = broker.core().topics().get("kept");
        assertThat(kept.source()).isEqualTo(TopicRegistry.Source.ADMIN);
        assertThat(kept.partitions()).hasSize(6);
        assertThat(kept.config().logConfig().flushMode().name()).isEqualTo("INTERVAL");
        assertThat(texts(client.get("kept", 5, 0))).containsExactly("survives");
        assertThat(zkData("/meta/brokers/topics-pub/kept/5-m")).isEqualTo("{\"broker\":\"5-m\",\"numParts\":6}");
        assertThat(broker.core().topics().get("gone")).isNull();
    }

    @Test
    void restart_topicInBothFiles_takesBrokerYaml() throws Exception {
        Files.createDirectories(data());
        TopicsFile.write(TopicsFile.in(data()), Map.of("orders",
                new TopicSettings(7, null, null, null, null, null, null, null, null)));
        start("");
        TopicRegistry.Topic orders = broker.core().topics().get("orders");
        assertThat(orders.partitions()).hasSize(2);
        assertThat(orders.source()).isEqualTo(TopicRegistry.Source.CONFIG);
        // The shadowed entry is kept as written.
        assertThat(TopicsFile.read(TopicsFile.in(data()))).containsKey("orders");
    }

    @Test
    void adminDisabled_answers403() throws Exception {
        start("admin: {enabled: false}\n");
        TestingWireClient.Frame f = client.admin("{\"op\":\"list-topics\"}");
        assertThat(f.code()).isEqualTo(403);
        assertThat(f.text()).isEqualTo("admin operations are disabled");
        assertThat(client.version().code()).isEqualTo(200);
    }

    @Test
    void malformedRequests_get400_andTheConnectionStaysUsable() throws Exception {
        start("");
        String[][] cases = {
            {"{\"op\":\"create-topic\",", "malformed JSON"},
            {"", "must be a JSON object"},
            {"[1,2]", "must be a JSON object"},
            {"{\"op\":\"list-topics\"} {}", "malformed JSON"},
            {"{\"op\":\"list-topics\",\"op\":\"list-topics\"}", "malformed JSON: Duplicate field 'op'"},
            {"{\"topic\":\"t\"}", "missing \"op\""},
            {"{\"op\":7}", "missing \"op\""},
            {"{\"op\":\"reload-config\"}", "unknown op 'reload-config'; known ops: create-topic, delete-topic, list-topics, reload, list-plugins"},
            {"{\"op\":\"list-topics\",\"verbose\":true}", "list-topics: unknown field \"verbose\""},
            {"{\"op\":\"delete-topic\"}", "delete-topic: missing \"topic\""},
        };
        for (String[] c : cases) {
            TestingWireClient.Frame f = client.admin(c[0]);
            assertThat(f.code()).as(c[0]).isEqualTo(400);
            assertThat(f.text()).as(c[0]).contains(c[1]);
        }
        assertThat(json(client.admin("{\"op\":\"list-topics\"}")).size()).isEqualTo(1);
        assertThat(client.version().code()).isEqualTo(200);
    }

    @Test
    void oversizeAdminBody_isAFrameError_400AndClose() throws Exception {
        start("");
        TestingWireClient.Frame f = client.raw("admin 65537 9\r\n");
        assertThat(f.code()).isEqualTo(400);
        assertThat(f.opaque()).isEqualTo(9);
        assertThat(f.text()).isEqualTo("bodyLen 65537 in admin is outside [0, 65536]");
        assertThat(client.closedByServer()).isTrue();
    }
}
