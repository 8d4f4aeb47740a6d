package io.metaq.it;

import io.metaq.broker.Broker;
import io.metaq.broker.config.BrokerConfigLoader;
import io.metaq.broker.config.ResolvedConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Several of our brokers in the test JVM (ids 0, 1, ...) on one shared real ZooKeeper (root {@code /meta}),
 * each on 127.0.0.1 with an ephemeral port (kept across its restarts) and its own data directory. A broker
 * can be stopped (cleanly: it unregisters from ZooKeeper) and started again on the same data and port while
 * the others and ZooKeeper keep running. {@link #close()} stops every broker, then ZooKeeper.
 */
final class BrokerCluster implements AutoCloseable {
    private static final String BASE_YAML = """
            broker: {id: %d, host: 127.0.0.1, port: %d, dataDir: %s}
            zookeeper: {connect: "%s", root: /meta, sessionTimeoutMs: 10000, connectionTimeoutMs: 10000}
            store: {provider: file}
            limits: {maxMessageSize: 2m}
            topicDefaults: {partitions: 4}
            """;

    private final Path dir;
    private final TestingZooKeeper zooKeeper;
    private final Map<Integer, Node> nodes = new TreeMap<>();

    private static final class Node {
        final int id;
        final String extraYaml;
        final Path home;
        Broker broker;
        int port;

        Node(int id, String extraYaml, Path home) {
            this.id = id;
            this.extraYaml = extraYaml;
            this.home = home;
        }
    }

    private BrokerCluster(Path dir) throws Exception {
        this.dir = dir;
        Files.createDirectories(dir);
        this.zooKeeper = new TestingZooKeeper(dir.resolve("zookeeper-server"));
    }

    /** ZooKeeper only; add brokers with {@link #start(int, String)}. */
    static BrokerCluster withZooKeeper(Path dir) throws Exception {
        return new BrokerCluster(dir);
    }

    /** ZooKeeper and the brokers {@code 0 .. brokers-1}, all with the same extra configuration. */
    static BrokerCluster start(Path dir, int brokers, String extraYaml) throws Exception {
        BrokerCluster c = new BrokerCluster(dir);
        try {
            for (int id = 0; id < brokers; id++) {
                c.start(id, extraYaml);
            }
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    /**
     * Starts broker {@code id} for the first time with extra YAML appended (e.g. a {@code topics:} section);
     * returns once it is registered in ZooKeeper.
     */
    synchronized Broker start(int id, String extraYaml) throws Exception {
        if (nodes.containsKey(id)) {
            throw new IllegalStateException("broker " + id + " was started before; use restart/startAgain");
        }
        Node n = new Node(id, extraYaml, dir.resolve("broker-" + id));
        Files.createDirectories(n.home);
        nodes.put(id, n);
        launch(n);
        return n.broker;
    }

    /** Starts a stopped broker again with its first configuration, data directory and port. */
    synchronized Broker startAgain(int id) throws Exception {
        Node n = node(id);
        if (n.broker != null) {
            throw new IllegalStateException("broker " + id + " is running");
        }
        launch(n);
        return n.broker;
    }

    /** Stops a broker cleanly (it leaves ZooKeeper); idempotent. */
    synchronized void stop(int id) {
        Node n = node(id);
        if (n.broker != null) {
            n.broker.close();
            n.broker = null;
        }
    }

    synchronized void restart(int id) throws Exception {
        stop(id);
        startAgain(id);
    }

    synchronized boolean isRunning(int id) {
        Node n = nodes.get(id);
        return n != null && n.broker != null;
    }

    synchronized Broker broker(int id) {
        return node(id).broker;
    }

    /** The port broker {@code id} listens (or listened) on. */
    synchronized int port(int id) {
        return node(id).port;
    }

    /** {@code meta://127.0.0.1:<port>} of broker {@code id}. */
    String url(int id) {
        return "meta://127.0.0.1:" + port(id);
    }

    String zkConnect() {
        return zooKeeper.connectString();
    }

    ZooKeeperView view() {
        return zooKeeper.view();
    }

    private Node node(int id) {
        Node n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("no broker " + id);
        }
        return n;
    }

    private void launch(Node n) throws Exception {
        String yaml = String.format(BASE_YAML, n.id, n.port, n.home.resolve("data"), zooKeeper.connectString())
                + n.extraYaml;
        Path file = n.home.resolve("broker.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        ResolvedConfig config = BrokerConfigLoader.load(file);
        n.broker = Broker.start(config, yaml.getBytes(StandardCharsets.UTF_8));
        n.port = n.broker.address().getPort();
    }

    @Override
    public synchronized void close() throws Exception {
        try {
            for (Node n : nodes.values()) {
                if (n.broker != null) {
                    try {
                        n.broker.close();
                    } catch (RuntimeException e) {
                        // keep stopping the others
                    }
                    n.broker = null;
                }
            }
        } finally {
            zooKeeper.close();
        }
    }
}
