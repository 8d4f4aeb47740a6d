package io.metaq.broker;

import static java.util.Objects.requireNonNull;

import io.metaq.api.MqException;
import io.metaq.broker.config.ResolvedConfig;
import io.metaq.broker.core.BrokerCore;
import io.metaq.broker.core.MessageIdGenerator;
import io.metaq.broker.core.TopicRegistry;
import io.metaq.broker.zk.BrokerRegistration;
import io.metaq.broker.zk.EmbeddedZooKeeper;
import io.metaq.broker.zk.ZooKeeperClients;
import io.metaq.spi.ProviderRegistry;
import io.metaq.spi.store.MessageStore;
import io.metaq.spi.store.StoreConfig;
import io.metaq.spi.store.StoreProvider;
import io.metaq.spi.transport.ServerTransport;
import io.metaq.spi.transport.TransportConfig;
import io.metaq.spi.transport.TransportProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.zip.CRC32;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running broker assembled from the providers on the class path, chosen by name in the
 * configuration: the store, the transport, ZooKeeper (embedded or external) and the
 * {@link BrokerCore}. {@link #start} returns once the broker serves and is registered;
 * {@link #close} unregisters, stops accepting, completes the puts in flight, flushes and closes the
 * store, in that order.
 */
public final class Broker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final ResolvedConfig config;
    private final Deque<AutoCloseable> closeOrder = new ArrayDeque<>();
    private EmbeddedZooKeeper embeddedZk;
    private String zkConnect;
    private MessageStore store;
    private BrokerCore core;
    private ServerTransport transport;
    private BrokerRegistration registration;
    private String url;
    private volatile boolean closed;

    private Broker(ResolvedConfig config) {
        this.config = config;
    }

    /**
     * Starts a broker.
     *
     * @param configBytes the configuration file as written (served by {@code stats config})
     * @throws MqException naming what failed; whatever had started is stopped again
     */
    public static Broker start(ResolvedConfig config, byte[] configBytes) {
        requireNonNull(config, "config is null");
        Broker b = new Broker(config);
        try {
            b.doStart(configBytes);
            return b;
        } catch (RuntimeException | IOException | LinkageError e) {
            b.close();
            throw e instanceof MqException me ? me : new MqException("broker failed to start: " + e, e);
        }
    }

    private void doStart(byte[] configBytes) throws IOException {
        Files.createDirectories(config.dataDir());
        ClassLoader loader = Broker.class.getClassLoader();
        StoreProvider storeProvider = ProviderRegistry.load(StoreProvider.class, loader).get(config.storeProvider());
        TransportProvider transportProvider = ProviderRegistry.load(TransportProvider.class, loader)
                .get(config.transportProvider());

        if (config.embeddedZooKeeper()) {
            embeddedZk = EmbeddedZooKeeper.start(config.dataDir().resolve("zookeeper"), "127.0.0.1",
                    config.zkEmbeddedPort());
            closeOrder.push(embeddedZk);
            zkConnect = embeddedZk.connectString();
        } else {
            zkConnect = config.zkConnect();
        }

        store = storeProvider.create(StoreConfig.builder(config.dataDir())
                .maxMessageSize(config.maxMessageSize())
                .flushThreads(config.flushThreads())
                .options(config.storeOptions())
                .defaultLogConfig(config.topicDefaults().logConfig())
                .timeOfId(MessageIdGenerator::timeOf)
                .build());
        closeOrder.push(store);

        CRC32 crc = new CRC32();
        crc.update(configBytes);
        long checksum = crc.getValue();
        MessageIdGenerator ids = new MessageIdGenerator(config.brokerId(), System::currentTimeMillis,
                config.dataDir().resolve("message-id.highwater"));
        String provisionalUrl = "meta://" + config.advertisedHost() + ":" + config.port();
        ServerTransport[] server = new ServerTransport[1];
        core = new BrokerCore(config, store, ids, configBytes, checksum, provisionalUrl,
                () -> server[0] == null ? 0 : server[0].connectionCount());
        closeOrder.push(core);

        transport = transportProvider.createServer(new TransportConfig(config.host(), config.port(),
                config.maxMessageSize(), config.maxLineLength(), config.maxConnections(), config.idleTimeoutMs(),
                config.ioThreads(), config.transportOptions()), core.handler());
        server[0] = transport;
        transport.start();
        closeOrder.push(transport);
        InetSocketAddress bound = transport.localAddress();
        url = "meta://" + config.advertisedHost() + ":" + bound.getPort();

        CuratorFramework zk = ZooKeeperClients.create(zkConnect, config.zkSessionTimeoutMs(),
                config.zkConnectionTimeoutMs());
        closeOrder.push(zk::close);
        registration = new BrokerRegistration(zk, config.zkRoot(), config.brokerId(), url, checksum);
        registration.register();
        closeOrder.push(registration);
        // Removal first: a topic deleted while the existing ones are being registered is unregistered too.
        core.topics().addRemovalListener(t -> registration.unregisterTopic(t.name()));
        core.topics().addListener(this::registerTopic);
        LOG.info("broker {} serving {} with store '{}' and transport '{}', ZooKeeper {}", config.brokerId(), url,
                config.storeProvider(), config.transportProvider(), zkConnect);
    }

    private void registerTopic(TopicRegistry.Topic topic) {
        registration.registerTopic(topic.name(), topic.partitions().length, topic.config().acceptPublish(),
                topic.config().acceptSubscribe());
    }

    /** {@code meta://host:port} as registered in ZooKeeper. */
    public String url() {
        return url;
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return transport.localAddress();
    }

    /** The ZooKeeper connect string in use (the embedded server's when embedded). */
    public String zkConnect() {
        return zkConnect;
    }

    public BrokerCore core() {
        return core;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Reverse start order: registration, transport, core (drains writers), ZooKeeper client, store, embedded ZK.
        while (!closeOrder.isEmpty()) {
            AutoCloseable c = closeOrder.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}", c, e);
            }
        }
        LOG.info("broker {} stopped", config.brokerId());
    }
}
