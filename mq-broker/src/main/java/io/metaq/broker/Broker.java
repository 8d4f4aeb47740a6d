package io.metaq.broker;

import static java.util.Objects.requireNonNull;

import io.metaq.api.ConfigException;
import io.metaq.api.MqException;
import io.metaq.broker.config.BrokerConfig;
import io.metaq.broker.config.BrokerConfigLoader;
import io.metaq.broker.config.ResolvedConfig;
import io.metaq.broker.core.BrokerCore;
import io.metaq.broker.core.MessageIdGenerator;
import io.metaq.broker.core.TopicRegistry;
import io.metaq.broker.filter.FilterManager;
import io.metaq.broker.filter.PluginInfo;
import io.metaq.broker.zk.BrokerRegistration;
import io.metaq.broker.zk.EmbeddedZooKeeper;
import io.metaq.broker.zk.ZooKeeperClients;
import io.metaq.spi.Plugin;
import io.metaq.spi.PluginLoader;
import io.metaq.spi.Provider;
import io.metaq.spi.ProviderRegistry;
import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.store.MessageStore;
import io.metaq.spi.store.StoreConfig;
import io.metaq.spi.store.StoreProvider;
import io.metaq.spi.transport.ServerTransport;
import io.metaq.spi.transport.TransportConfig;
import io.metaq.spi.transport.TransportProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running broker assembled from the providers on the class path and in the plugins directory,
 * chosen by name in the configuration: the store, the transport, the server-side filters, ZooKeeper
 * (embedded or external) and the {@link BrokerCore}. {@link #start} returns once the broker serves and is registered;
 * {@link #close} unregisters, stops accepting, completes the puts in flight, flushes and closes the
 * store, in that order.
 */
public final class Broker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final ResolvedConfig config;
    private final Path configFile;
    private final Deque<AutoCloseable> closeOrder = new ArrayDeque<>();
    private FilterManager filters;
    private EmbeddedZooKeeper embeddedZk;
    private String zkConnect;
    private MessageStore store;
    private BrokerCore core;
    private ServerTransport transport;
    private BrokerRegistration registration;
    private String url;
    private volatile boolean closed;

    private Broker(ResolvedConfig config, Path configFile) {
        this.config = config;
        this.configFile = configFile;
    }

    /**
     * Starts a broker that cannot reload its filters (it has no configuration file to re-read).
     *
     * @param configBytes the configuration file as written (served by {@code stats config})
     * @throws MqException naming what failed; whatever had started is stopped again
     */
    public static Broker start(ResolvedConfig config, byte[] configBytes) {
        return start(config, configBytes, null);
    }

    /**
     * Starts a broker. A broken plugin directory fails with a
     * {@link io.metaq.spi.PluginLoadException} naming it; a filter that cannot be made (unknown
     * provider, bad parameters) with a {@link ConfigException} naming {@code filters.<topic>.<group>}.
     *
     * @param configBytes the configuration file as written (served by {@code stats config})
     * @param configFile  the file {@code config} was read from, re-read by {@link #reloadFilters}; may be null
     * @throws MqException naming what failed; whatever had started is stopped again
     */
    public static Broker start(ResolvedConfig config, byte[] configBytes, Path configFile) {
        requireNonNull(config, "config is null");
        Broker b = new Broker(config, configFile);
        try {
            b.doStart(configBytes);
            return b;
        } catch (RuntimeException | IOException | LinkageError e) {
            b.close();
            throw e instanceof MqException me ? me : new MqException("broker failed to start: " + e, e);
        }
    }

    private void doStart(byte[] configBytes) throws IOException {
        // Plugins and filters first: a broken plugin or filter stops the start before anything listens.
        PluginLoader plugins = new PluginLoader(Broker.class.getClassLoader());
        closeOrder.push(plugins); // closed last, after every filter
        List<Plugin> loaded = loadPlugins(plugins, config.pluginsDir());
        ProviderRegistry<StoreProvider> stores = plugins.registry(StoreProvider.class);
        ProviderRegistry<TransportProvider> transports = plugins.registry(TransportProvider.class);
        ProviderRegistry<FilterProvider> filterProviders = plugins.registry(FilterProvider.class);
        List<PluginInfo> infos = new ArrayList<>();
        for (Plugin p : loaded) {
            List<String> names = new ArrayList<>();
            for (ProviderRegistry<? extends Provider> r : List.of(filterProviders, stores, transports)) {
                for (String name : r.names()) {
                    if (r.get(name).getClass().getClassLoader() == p.classLoader()) {
                        names.add(name);
                    }
                }
            }
            infos.add(new PluginInfo(p.descriptor().name(), p.descriptor().version(), p.descriptor().apiVersion(),
                    p.descriptor().directory(), names));
        }
        filters = new FilterManager(filterProviders, infos, config.slowFilterMs());
        closeOrder.push(filters);
        filters.install(config.filters());
        if (configFile != null) {
            byte[] started = configBytes;
            filters.reloadSource(() -> readFilters(started));
        }

        Files.createDirectories(config.dataDir());
        StoreProvider storeProvider = stores.get(config.storeProvider());
        TransportProvider transportProvider = transports.get(config.transportProvider());

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
                () -> server[0] == null ? 0 : server[0].connectionCount(), filters);
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

    /**
     * Loads every plugin directory under {@code pluginsDir} in name order, as
     * {@link PluginLoader#loadAll} does, except that documentation files ({@code *.md}, {@code *.txt},
     * such as the distribution's {@code plugins/README.md}) and hidden entries are skipped silently;
     * other files are reported (a jar belongs in a directory of its own). A missing directory means no
     * plugins.
     *
     * @throws io.metaq.spi.PluginLoadException naming the directory that cannot be loaded
     */
    static List<Plugin> loadPlugins(PluginLoader loader, Path pluginsDir) throws IOException {
        if (!Files.exists(pluginsDir)) {
            LOG.debug("no plugin directory {}", pluginsDir);
            return List.of();
        }
        if (!Files.isDirectory(pluginsDir)) {
            throw new io.metaq.spi.PluginLoadException(pluginsDir, "is not a directory (plugins.dir)");
        }
        List<Path> entries;
        try (java.util.stream.Stream<Path> list = Files.list(pluginsDir)) {
            entries = list.sorted(java.util.Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new io.metaq.spi.PluginLoadException(pluginsDir, "cannot list plugin directories: " + e, e);
        }
        List<Plugin> loaded = new ArrayList<>();
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            if (Files.isDirectory(entry)) {
                loaded.add(loader.load(entry));
            } else if (!name.endsWith(".md") && !name.endsWith(".txt")) {
                LOG.warn("ignoring {}: each plugin goes in a directory of its own under {}", entry, pluginsDir);
            }
        }
        return loaded;
    }

    /**
     * Re-reads the configuration file for a reload: every section is checked as at start, the
     * {@code filters} are returned, and the sections that differ from the file the broker started
     * with are named (they need a restart).
     */
    private FilterManager.Reload readFilters(byte[] startedWith) {
        String text;
        try {
            text = Files.readString(configFile);
        } catch (IOException e) {
            throw new ConfigException(configFile.toString(), "cannot read: " + e);
        }
        ResolvedConfig fresh = BrokerConfigLoader.parse(text).resolve(BrokerConfigLoader.baseDir(configFile));
        List<String> changed;
        try {
            BrokerConfig before = BrokerConfigLoader.parse(new String(startedWith, StandardCharsets.UTF_8));
            changed = new ArrayList<>(BrokerConfigLoader.parse(text).changedSections(before));
        } catch (ConfigException e) {
            changed = new ArrayList<>(List.of("(unknown: the file the broker started with does not parse)"));
        }
        changed.remove("filters");
        return new FilterManager.Reload(fresh.filters(), changed);
    }

    /**
     * Re-reads the configuration file and puts its {@code filters} section in service (SIGHUP, the
     * admin {@code reload} operation); other changes need a restart.
     *
     * @throws ConfigException when the file is invalid or a filter cannot be made; the filters in
     *                         service then stay
     */
    public FilterManager.Outcome reloadFilters() {
        return filters.reload();
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
