package io.metaq.it;

import io.metaq.broker.Broker;
import io.metaq.broker.config.BrokerConfigLoader;
import io.metaq.broker.config.ResolvedConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Our broker in the test JVM (its class path holds none of the old client's jars: that client runs in a
 * child JVM), against a real ZooKeeper that outlives broker restarts. Broker id 0, 127.0.0.1, an
 * ephemeral port that is kept across restarts, topics auto-created with 4 partitions.
 */
final class InProcessBroker implements BrokerUnderTest {
    private final TestingZooKeeper zooKeeper;
    private final Path configFile;
    private final String baseYaml;
    private final String extra;
    private final String storeProvider;
    private final Path dataDir;
    private Broker broker;
    private int port;

    private InProcessBroker(String storeProvider, Path dataDir, String extraYaml) throws Exception {
        Files.createDirectories(dataDir);
        this.zooKeeper = new TestingZooKeeper(dataDir.resolve("zookeeper-server"));
        this.configFile = dataDir.resolve("broker.yaml");
        this.baseYaml = """
                broker: {id: 0, host: 127.0.0.1, port: %d, dataDir: %s}
                zookeeper: {connect: "%s", root: /meta, sessionTimeoutMs: 10000, connectionTimeoutMs: 10000}
                store: {provider: %s}
                limits: {maxMessageSize: 2m}
                topicDefaults: {partitions: 4}
                """;
        this.extra = extraYaml;
        this.storeProvider = storeProvider;
        this.dataDir = dataDir.resolve("data");
        startBroker();
    }

    /** A broker with the given store provider ({@code file} or {@code mmap}). */
    static InProcessBroker start(String storeProvider, Path dataDir) throws Exception {
        return new InProcessBroker(storeProvider, dataDir, "");
    }

    /** A broker with more configuration appended (e.g. a {@code topics:} section). */
    static InProcessBroker start(String storeProvider, Path dataDir, String extraYaml) throws Exception {
        return new InProcessBroker(storeProvider, dataDir, extraYaml);
    }

    private void startBroker() throws Exception {
        String yaml = String.format(baseYaml, port, dataDir, zooKeeper.connectString(), storeProvider) + extra;
        Files.writeString(configFile, yaml, StandardCharsets.UTF_8);
        ResolvedConfig config = BrokerConfigLoader.load(configFile);
        broker = Broker.start(config, yaml.getBytes(StandardCharsets.UTF_8));
        port = broker.address().getPort();
    }

    @Override
    public String zkConnect() {
        return zooKeeper.connectString();
    }

    /** The running broker, for tests that look inside. */
    Broker broker() {
        return broker;
    }

    @Override
    public void restart() {
        broker.close();
        try {
            startBroker();
        } catch (Exception e) {
            throw new IllegalStateException("broker restart failed", e);
        }
    }

    @Override
    public void close() {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            try {
                zooKeeper.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
