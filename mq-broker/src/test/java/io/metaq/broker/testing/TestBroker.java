package io.metaq.broker.testing;

import io.metaq.broker.Broker;
import io.metaq.broker.config.BrokerConfigLoader;
import io.metaq.broker.config.ResolvedConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * A broker (id 0, file store, 127.0.0.1, ephemeral port, topics auto-created with 4 partitions) and a
 * real ZooKeeper (Curator's {@link TestingServer} on 127.0.0.1) in the test JVM; the minimal bits of
 * mq-it's InProcessBroker and TestingZooKeeper. Shared with other modules' tests through mq-broker's
 * test-jar.
 */
public final class TestBroker implements AutoCloseable {
    private final TestingServer zooKeeper;
    private final Broker broker;
    private Path configFile;

    private TestBroker(Path dir, String extraYaml) throws Exception {
        Files.createDirectories(dir);
        InstanceSpec spec = new InstanceSpec(dir.resolve("zookeeper").toFile(), -1, -1, -1, true, -1, -1, 60,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1");
        zooKeeper = new TestingServer(spec, true);
        try {
            String yaml = String.format("""
                    broker: {id: 0, host: 127.0.0.1, port: 0, dataDir: %s}
                    zookeeper: {connect: "%s", root: /meta, sessionTimeoutMs: 10000, connectionTimeoutMs: 10000}
                    store: {provider: file}
                    limits: {maxMessageSize: 2m}
                    topicDefaults: {partitions: 4}
                    """, dir.resolve("data"), zkConnect()) + extraYaml;
            Path config = dir.resolve("broker.yaml");
            Files.writeString(config, yaml, StandardCharsets.UTF_8);
            ResolvedConfig resolved = BrokerConfigLoader.load(config);
            configFile = config;
            broker = Broker.start(resolved, yaml.getBytes(StandardCharsets.UTF_8), config);
        } catch (Exception | Error e) {
            zooKeeper.close();
            throw e;
        }
    }

    /** A started ZooKeeper test server listening on 127.0.0.1 only (Curator's default binds every interface). */
    public static TestingServer loopbackZooKeeper() throws Exception {
        InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, -1, -1,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1");
        return new TestingServer(spec, true);
    }

    /** Starts ZooKeeper and the broker, with more broker configuration appended (e.g. a {@code topics:} section). */
    public static TestBroker start(Path dir, String extraYaml) throws Exception {
        return new TestBroker(dir, extraYaml);
    }

    /** The broker.yaml the broker was started from (re-read by a reload). */
    public Path configFile() {
        return configFile;
    }

    public String zkConnect() {
        return "127.0.0.1:" + zooKeeper.getPort();
    }

    @Override
    public void close() throws IOException {
        try {
            broker.close();
        } finally {
            zooKeeper.close();
        }
    }
}
