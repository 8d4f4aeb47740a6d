package io.metaq.client;

import static java.util.Objects.requireNonNull;

import io.metaq.client.internal.BrokerConnections;
import io.metaq.client.internal.ClientContext;
import io.metaq.client.internal.ClusterView;
import io.metaq.client.internal.DefaultConsumer;
import io.metaq.client.internal.DefaultProducer;
import io.metaq.client.internal.ZkLayout;
import io.metaq.spi.ProviderRegistry;
import io.metaq.spi.transport.ClientTransport;
import io.metaq.spi.transport.TransportConfig;
import io.metaq.spi.transport.TransportProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of the client: one ZooKeeper session and one connection per broker, shared by the
 * producers and consumers it makes. Brokers, topics and partitions are discovered from ZooKeeper in
 * the MetaQ 1.4.6.2 layout and followed live. Thread-safe; close it when done (closing closes its
 * producers and consumers).
 *
 * <pre>{@code
 * try (MessagingClient client = MessagingClient.builder().zkConnect("127.0.0.1:2181").build();
 *      Producer producer = client.createProducer(ProducerConfig.defaults())) {
 *     SendResult r = producer.send(new Message("orders", bytes));
 * }
 * }</pre>
 */
public final class MessagingClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MessagingClient.class);

    private final CuratorFramework zk;
    private final ClusterView cluster;
    private final ClientTransport transport;
    private final BrokerConnections connections;
    private final ScheduledExecutorService scheduler;
    private final ClientContext context;
    private final List<AutoCloseable> children = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private MessagingClient(Builder b) {
        TransportProvider provider = ProviderRegistry.load(TransportProvider.class, MessagingClient.class.getClassLoader())
                .get(b.transport);
        AtomicInteger threads = new AtomicInteger();
        scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "metaq-client-timer-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        zk = CuratorFrameworkFactory.builder()
                .connectString(b.zkConnect)
                .sessionTimeoutMs((int) b.sessionTimeout.toMillis())
                .connectionTimeoutMs((int) b.connectTimeout.toMillis())
                .retryPolicy(new ExponentialBackoffRetry(200, 10, 5_000))
                .build();
        ClientTransport t = null;
        ClusterView view = null;
        try {
            zk.start();
            if (!zk.blockUntilConnected((int) b.connectTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ClientException("cannot connect to ZooKeeper at " + b.zkConnect + " within "
                        + b.connectTimeout.toMillis() + " ms");
            }
            ZkLayout layout = new ZkLayout(b.zkRoot);
            view = ClusterView.start(zk, layout, b.connectTimeout.toMillis());
            TransportConfig tc = TransportConfig.defaults();
            t = provider.createClient(new TransportConfig(tc.host(), 0, b.maxFrameBytes, tc.maxLineLength(),
                    tc.maxConnections(), 0, b.ioThreads, Map.of()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(view, t);
            throw new ClientException("interrupted while connecting to ZooKeeper at " + b.zkConnect, e);
        } catch (RuntimeException e) {
            closeQuietly(view, t);
            throw e;
        }
        cluster = view;
        transport = t;
        connections = new BrokerConnections(transport);
        context = new ClientContext(zk, new ZkLayout(b.zkRoot), cluster, connections, scheduler,
                b.requestTimeout.toMillis());
    }

    private void closeQuietly(ClusterView view, ClientTransport t) {
        if (view != null) {
            view.close();
        }
        if (t != null) {
            t.close();
        }
        zk.close();
        scheduler.shutdownNow();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A producer using this client's connections. */
    public Producer createProducer(ProducerConfig config) {
        ensureOpen();
        DefaultProducer p = new DefaultProducer(context, requireNonNull(config, "config is null"), children::remove);
        children.add(p);
        return p;
    }

    /** A consumer group member; subscribe, then start it. */
    public Consumer createConsumer(ConsumerConfig config) {
        ensureOpen();
        DefaultConsumer c = new DefaultConsumer(context, requireNonNull(config, "config is null"), children::remove);
        children.add(c);
        return c;
    }

    /** Operations for tools: offsets, stats, topic administration, consumer groups. */
    public AdminClient admin() {
        ensureOpen();
        return new AdminClient(context);
    }

    /** The partitions producers can send to for a topic, as currently published in ZooKeeper. */
    public List<Partition> partitionsFor(String topic) {
        return cluster.publishedPartitions(topic);
    }

    private void ensureOpen() {
        if (closed) {
            throw new ClientException("client is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable c : List.copyOf(children)) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", c, e);
            }
        }
        connections.close();
        transport.close();
        cluster.close();
        zk.close();
        scheduler.shutdownNow();
    }

    /** Builds a {@link MessagingClient}; everything has a default. */
    public static final class Builder {
        private String zkConnect = "127.0.0.1:2181";
        private String zkRoot = "/meta";
        private Duration sessionTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(15);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private String transport = "netty";
        private int ioThreads = 0;
        private int maxFrameBytes = 8 << 20;

        private Builder() {
        }

        /** ZooKeeper connect string; default {@code 127.0.0.1:2181}. */
        public Builder zkConnect(String v) {
            zkConnect = requireNonNull(v, "zkConnect is null");
            return this;
        }

        /** The MetaQ root node; default {@code /meta}. */
        public Builder zkRoot(String v) {
            zkRoot = requireNonNull(v, "zkRoot is null");
            return this;
        }

        /** Default 30 s. */
        public Builder sessionTimeout(Duration v) {
            sessionTimeout = requireNonNull(v);
            return this;
        }

        /** How long {@code build()} waits for ZooKeeper; default 15 s. */
        public Builder connectTimeout(Duration v) {
            connectTimeout = requireNonNull(v);
            return this;
        }

        /** Default for requests other than sends (offsets, fetch answers); default 10 s. */
        public Builder requestTimeout(Duration v) {
            requestTimeout = requireNonNull(v);
            return this;
        }

        /** The transport provider's name; default {@code netty}. */
        public Builder transport(String v) {
            transport = requireNonNull(v);
            return this;
        }

        /** I/O threads; 0 lets the transport choose. */
        public Builder ioThreads(int v) {
            ioThreads = v;
            return this;
        }

        /** The largest response frame accepted; default 8 MiB. */
        public Builder maxFrameBytes(int v) {
            maxFrameBytes = v;
            return this;
        }

        /**
         * Connects to ZooKeeper and reads the cluster.
         *
         * @throws ClientException when ZooKeeper cannot be reached in the connect timeout
         */
        public MessagingClient build() {
            return new MessagingClient(this);
        }
    }
}
