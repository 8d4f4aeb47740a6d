package io.metaq.broker.zk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one master broker in ZooKeeper in the MetaQ 1.4.6.2 layout (PROTOCOL.md §5.1), so that the
 * original clients find it: {@code <root>/brokers/ids/<id>} (persistent, URL), {@code .../<id>/master}
 * (ephemeral, URL), {@code .../<id>/master_config_checksum} (ephemeral, decimal) and, per topic,
 * {@code topics}, {@code topics-pub} and {@code topics-sub} nodes named {@code <id>-m}. Parents are persistent.
 *
 * <p>Created and {@link #register() registered} by the broker's lifecycle thread; {@code register()} returns
 * once the broker nodes exist. After every reconnection (including one with a new session after expiry) a background thread
 * re-creates whatever is missing or left by an earlier session. A live broker with a different URL owning
 * the id is never displaced.
 *
 * <p>All methods are thread-safe and block on ZooKeeper round trips: do not call them from an event loop.
 * {@link #close()} removes the ephemeral nodes and empties the id node; it closes the Curator client only if
 * this object created it.
 */
public final class BrokerRegistration implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRegistration.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BROKER_ID = 1023;

    private final CuratorFramework client;
    private final boolean ownsClient;
    private final MetaZkPaths paths;
    private final int brokerId;
    private final String brokerUrl;
    private final long configChecksum;
    private final ZkNodes nodes;
    private final ExecutorService reRegistrar;
    private final ConnectionStateListener stateListener = this::stateChanged;

    private final Object lock = new Object();
    /** Registered topics in registration order; guarded by {@link #lock}. */
    private final Map<String, TopicRegistration> topics = new LinkedHashMap<>();
    /** Topic nodes whose deletion failed; retried on reconnection. Guarded by {@link #lock}. */
    private final Set<String> pendingDeletes = new LinkedHashSet<>();
    private boolean registered;
    private boolean closed;

    private record TopicRegistration(int numPartitions, boolean acceptPublish, boolean acceptSubscribe) {
    }

    private BrokerRegistration(CuratorFramework client, boolean ownsClient, String zkRoot, int brokerId,
            String brokerUrl, long configChecksum) {
        this.client = requireNonNull(client, "client is null");
        this.ownsClient = ownsClient;
        this.paths = new MetaZkPaths(requireNonNull(zkRoot, "zkRoot is null"));
        if (brokerId < 0 || brokerId > MAX_BROKER_ID) {
            throw new IllegalArgumentException("broker id must be in 0.." + MAX_BROKER_ID + ": " + brokerId);
        }
        this.brokerId = brokerId;
        this.brokerUrl = requireNonNull(brokerUrl, "brokerUrl is null");
        if (!brokerUrl.startsWith("meta://") || brokerUrl.length() == "meta://".length()) {
            throw new IllegalArgumentException("broker URL must look like meta://host:port: " + brokerUrl);
        }
        this.configChecksum = configChecksum;
        this.nodes = new ZkNodes(client);
        this.reRegistrar = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metaq-zk-registration-" + brokerId);
            t.setDaemon(true);
            t.setContextClassLoader(null);
            return t;
        });
    }

    /**
     * Prepares the registration of a broker through a client the caller owns and keeps open until after
     * {@link #close()}. Nothing is written until {@link #register()}.
     *
     * @param client a started Curator client
     * @param zkRoot the path prefix, normally {@link MetaZkPaths#DEFAULT_ROOT}
     * @param brokerId 0..1023
     * @param brokerUrl {@code meta://host:port}
     * @param configChecksum written in decimal to {@code master_config_checksum}
     */
    public BrokerRegistration(CuratorFramework client, String zkRoot, int brokerId, String brokerUrl,
            long configChecksum) {
        this(client, false, zkRoot, brokerId, brokerUrl, configChecksum);
    }

    /**
     * Creates a client with {@link ZooKeeperClients#create} and registers the broker through it; the client is
     * closed by {@link #close()}, or right away if registration fails.
     *
     * @throws RegistrationException as {@link #register()}
     */
    public static BrokerRegistration register(String connectString, int sessionTimeoutMs, int connectionTimeoutMs,
            String zkRoot, int brokerId, String brokerUrl, long configChecksum) {
        CuratorFramework client = ZooKeeperClients.create(connectString, sessionTimeoutMs, connectionTimeoutMs);
        BrokerRegistration registration;
        try {
            registration = new BrokerRegistration(client, true, zkRoot, brokerId, brokerUrl, configChecksum);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        registration.register();
        return registration;
    }

    /**
     * Waits for the connection (up to the client's connection timeout), then writes the broker nodes: the
     * ephemeral {@code master} first, then the persistent id node and {@code master_config_checksum}. Call once.
     * On failure, whatever this call created is removed and the registration is closed.
     *
     * @throws RegistrationException if ZooKeeper is unreachable or the id belongs to another live broker
     * @throws IllegalStateException if already registered or closed
     */
    public void register() {
        synchronized (lock) {
            checkOpen();
            if (registered) {
                throw new IllegalStateException("broker " + brokerId + " is already registered");
            }
            registered = true;
        }
        try {
            awaitConnected();
            client.getConnectionStateListenable().addListener(stateListener);
            synchronized (lock) {
                registerBroker();
            }
            LOG.info("Registered broker {} as {} under {}", brokerId, brokerUrl, paths.brokerId(brokerId));
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
    }

    public int brokerId() {
        return brokerId;
    }

    public String brokerUrl() {
        return brokerUrl;
    }

    public MetaZkPaths paths() {
        return paths;
    }

    /** The client in use (for tests). */
    CuratorFramework client() {
        return client;
    }

    /** The topics currently registered, in registration order. */
    public Set<String> registeredTopics() {
        synchronized (lock) {
            return Collections.unmodifiableSet(new LinkedHashSet<>(topics.keySet()));
        }
    }

    /**
     * Publishes a topic: {@code topics/<topic>/<id>-m = <numPartitions>} always, and the JSON
     * {@code {"broker":"<id>-m","numParts":<n>}} under {@code topics-pub} / {@code topics-sub} when the topic
     * accepts puts / gets. Registering a topic again updates its nodes to the new arguments.
     *
     * @throws RegistrationException if a ZooKeeper operation fails; the topic stays registered and is
     *     re-created after the next reconnection
     */
    public void registerTopic(String topic, int numPartitions, boolean acceptPublish, boolean acceptSubscribe) {
        checkTopic(topic);
        if (numPartitions <= 0) {
            throw new IllegalArgumentException("numPartitions must be positive for topic " + topic + ": "
                    + numPartitions);
        }
        TopicRegistration registration = new TopicRegistration(numPartitions, acceptPublish, acceptSubscribe);
        synchronized (lock) {
            checkRegistered();
            topics.put(topic, registration);
            writeTopic(topic, registration);
        }
        LOG.info("Registered topic {} of broker {}: {} partitions, publish {}, subscribe {}", topic, brokerId,
                numPartitions, acceptPublish, acceptSubscribe);
    }

    /**
     * Removes this broker's nodes of a topic (the topic's persistent parents stay, as in the original).
     * Unknown topics are ignored.
     */
    public void unregisterTopic(String topic) {
        checkTopic(topic);
        synchronized (lock) {
            checkRegistered();
            if (topics.remove(topic) == null) {
                return;
            }
            for (String path : topicPaths(topic)) {
                deleteOrRemember(path);
            }
        }
        LOG.info("Unregistered topic {} of broker {}", topic, brokerId);
    }

    /**
     * Removes the ephemeral nodes and empties {@code <root>/brokers/ids/<id>} (if it still holds our URL), then
     * closes the client if this object created it. When ZooKeeper is unreachable the ephemeral nodes go away
     * with the session instead. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        client.getConnectionStateListenable().removeListener(stateListener);
        stopReRegistrar();
        synchronized (lock) {
            try {
                if (!registered) {
                    LOG.debug("Registration of broker {} closed before register()", brokerId);
                } else if (client.getZookeeperClient().isConnected()) {
                    unregisterEverything();
                    LOG.info("Unregistered broker {} from ZooKeeper", brokerId);
                } else {
                    LOG.warn("ZooKeeper not connected while unregistering broker {}: its ephemeral nodes go "
                            + "when the session expires and {} keeps its URL", brokerId, paths.brokerId(brokerId));
                }
            } catch (RuntimeException e) {
                LOG.warn("Failed to unregister broker {} from ZooKeeper: {}", brokerId, e.toString());
            } finally {
                if (ownsClient) {
                    client.close();
                }
            }
        }
    }

    private void registerBroker() {
        // The master node decides who owns the id, so it comes first: nothing else is written if it is taken.
        byte[] url = brokerUrl.getBytes(UTF_8);
        nodes.ensureEphemeral(paths.master(brokerId), url, current -> {
            throw new RegistrationException("broker id " + brokerId + " already registered by "
                    + new String(current, UTF_8) + " (" + paths.master(brokerId) + "); if that broker is gone, "
                    + "its node disappears when its ZooKeeper session expires");
        });
        nodes.ensurePersistent(paths.brokerId(brokerId), url);
        nodes.ensureEphemeral(paths.masterConfigChecksum(brokerId),
                Long.toString(configChecksum).getBytes(UTF_8), null);
    }

    private void writeTopic(String topic, TopicRegistration t) {
        byte[] json = topicJson(t.numPartitions());
        nodes.ensureEphemeral(paths.topicMaster(topic, brokerId),
                Integer.toString(t.numPartitions()).getBytes(UTF_8), null);
        writeOptional(paths.topicPubMaster(topic, brokerId), json, t.acceptPublish());
        writeOptional(paths.topicSubMaster(topic, brokerId), json, t.acceptSubscribe());
    }

    private void writeOptional(String path, byte[] data, boolean wanted) {
        pendingDeletes.remove(path);
        if (wanted) {
            nodes.ensureEphemeral(path, data, null);
        } else {
            deleteOrRemember(path);
        }
    }

    private void deleteOrRemember(String path) {
        try {
            nodes.deleteIfOwned(path);
            pendingDeletes.remove(path);
        } catch (RuntimeException e) {
            pendingDeletes.add(path);
            throw e;
        }
    }

    /** {@code {"broker":"<id>-m","numParts":<n>}}, key order and compact form as Jackson 1.x wrote it. */
    private byte[] topicJson(int numPartitions) {
        try {
            return JSON.writeValueAsBytes(JSON.createObjectNode()
                    .put("broker", brokerId + "-m")
                    .put("numParts", numPartitions));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write topic JSON", e);
        }
    }

    private List<String> topicPaths(String topic) {
        return List.of(paths.topicMaster(topic, brokerId), paths.topicPubMaster(topic, brokerId),
                paths.topicSubMaster(topic, brokerId));
    }

    private void unregisterEverything() {
        for (String topic : topics.keySet()) {
            for (String path : topicPaths(topic)) {
                nodes.deleteIfOwned(path);
            }
        }
        for (String path : pendingDeletes) {
            nodes.deleteIfOwned(path);
        }
        nodes.deleteIfOwned(paths.masterConfigChecksum(brokerId));
        // As the original does on shutdown: the id node stays, with empty data, unless another broker owns it now.
        nodes.emptyIfHolds(paths.brokerId(brokerId), brokerUrl.getBytes(UTF_8));
        nodes.deleteIfOwned(paths.master(brokerId));
    }

    private void stateChanged(CuratorFramework c, ConnectionState state) {
        if (state != ConnectionState.RECONNECTED) {
            if (state == ConnectionState.LOST || state == ConnectionState.SUSPENDED) {
                LOG.warn("ZooKeeper connection {} for broker {}", state, brokerId);
            }
            return;
        }
        try {
            // Off Curator's event thread: re-registration makes several blocking round trips.
            reRegistrar.execute(this::reRegister);
        } catch (RejectedExecutionException e) {
            LOG.debug("Registration of broker {} closed; not re-registering", brokerId);
        }
    }

    private void reRegister() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                registerBroker();
                for (Map.Entry<String, TopicRegistration> e : topics.entrySet()) {
                    writeTopic(e.getKey(), e.getValue());
                }
                for (String path : new ArrayList<>(pendingDeletes)) {
                    deleteOrRemember(path);
                }
                LOG.info("Re-registered broker {} and {} topics after reconnecting to ZooKeeper (session 0x{})",
                        brokerId, topics.size(), Long.toHexString(nodes.sessionId()));
            } catch (RuntimeException e) {
                // The next RECONNECTED tries again; a conflict needs an operator, so say so loudly.
                LOG.error("Failed to re-register broker {} in ZooKeeper: {}", brokerId, e.getMessage(), e);
            }
        }
    }

    private void awaitConnected() {
        int timeoutMs = client.getZookeeperClient().getConnectionTimeoutMs();
        try {
            if (!client.blockUntilConnected(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new RegistrationException("cannot connect to ZooKeeper at "
                        + client.getZookeeperClient().getCurrentConnectionString() + " within " + timeoutMs + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistrationException("interrupted while connecting to ZooKeeper", e);
        }
    }

    /** Undoes a failed start: deletes only nodes of our session and never touches the persistent id node. */
    private void abort() {
        client.getConnectionStateListenable().removeListener(stateListener);
        stopReRegistrar();
        synchronized (lock) {
            closed = true;
            try {
                if (client.getZookeeperClient().isConnected()) {
                    nodes.deleteIfOwned(paths.masterConfigChecksum(brokerId));
                    nodes.deleteIfOwned(paths.master(brokerId));
                }
            } catch (RuntimeException e) {
                LOG.debug("Ignoring cleanup failure after failed registration of broker {}", brokerId, e);
            } finally {
                if (ownsClient) {
                    client.close();
                }
            }
        }
    }

    private void stopReRegistrar() {
        reRegistrar.shutdownNow();
        try {
            if (!reRegistrar.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Re-registration thread of broker {} did not stop within 5 s", brokerId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkRegistered() {
        checkOpen();
        if (!registered) {
            throw new IllegalStateException("broker " + brokerId + " is not registered yet; call register()");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("registration of broker " + brokerId + " is closed");
        }
    }

    private static void checkTopic(String topic) {
        requireNonNull(topic, "topic is null");
        if (topic.isEmpty() || topic.contains("/") || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException("invalid topic name for ZooKeeper: '" + topic + "'");
        }
    }

    @Override
    public String toString() {
        return "BrokerRegistration[" + brokerId + " " + brokerUrl + " " + paths.root() + "]";
    }
}
