package io.metaq.broker.core;

import static java.util.Objects.requireNonNull;

import io.metaq.broker.config.ResolvedConfig;
import io.metaq.broker.filter.FilterManager;
import io.metaq.spi.store.MessageStore;
import io.metaq.spi.store.PartitionLog;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol-independent heart of a broker: topics over a store, the partition writers, the fetch
 * service with long polling, ids and stats, and the {@link BrokerRequestHandler} a transport feeds.
 * Owns its threads; the store is owned by the caller.
 */
public final class BrokerCore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerCore.class);

    private final TopicRegistry topics;
    private final ExecutorService writers;
    private final ExecutorService fetchers;
    private final ScheduledExecutorService timer;
    private final ExecutorService admin;
    private final BrokerRequestHandler handler;
    private final BrokerStats stats = new BrokerStats();
    private final FilterManager filters;

    /** A core without server-side filters or plugins. */
    public BrokerCore(ResolvedConfig config, MessageStore store, MessageIdGenerator ids, byte[] configBytes,
            long configChecksum, String brokerUrl, IntSupplier connections) {
        this(config, store, ids, configBytes, configChecksum, brokerUrl, connections, FilterManager.none());
    }

    /**
     * @param brokerUrl   {@code meta://host:port}, for error messages
     * @param connections the transport's live connection count, for stats
     * @param filters     the server-side filters (owned by the caller, which closes them after this core)
     */
    public BrokerCore(ResolvedConfig config, MessageStore store, MessageIdGenerator ids, byte[] configBytes,
            long configChecksum, String brokerUrl, IntSupplier connections, FilterManager filters) {
        requireNonNull(config, "config is null");
        this.filters = requireNonNull(filters, "filters is null");
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.writers = Executors.newFixedThreadPool(threads, named("metaq-writer"));
        this.fetchers = Executors.newFixedThreadPool(threads, named("metaq-fetch"));
        this.timer = Executors.newSingleThreadScheduledExecutor(named("metaq-longpoll-timer"));
        this.admin = Executors.newSingleThreadExecutor(named("metaq-admin"));
        this.topics = new TopicRegistry(config, store);
        LongPollRegistry longPolls = new LongPollRegistry(timer, config.maxLongPolls(), config.maxLongPollsPerConnection());
        topics.addListener(t -> {
            for (PartitionLog log : t.partitions()) {
                log.addAppendListener(longPolls::wake);
            }
        });
        // Stored records were checked when written (and maxMessageSize may have shrunk since): no payload cap.
        FetchService fetch = new FetchService(topics, fetchers, longPolls, config.maxTransferSize(),
                config.maxLongPollWaitMs(), stats, filters, config.maxFilterScanBytes(), Integer.MAX_VALUE);
        StatsReport report = new StatsReport(config.brokerId(), config.port(), topics, stats, configBytes,
                configChecksum, connections, filters);
        this.handler = new BrokerRequestHandler(topics, ids, writers, fetch, longPolls, report, stats,
                config.maxMessageSize(), brokerUrl, new AdminHandler(topics, admin, config.adminEnabled(), filters));
        topics.addRemovalListener(t -> {
            handler.forget(t);
            for (PartitionLog log : t.partitions()) {
                // Parked fetches look again now and find the topic gone (404) instead of waiting out their time.
                longPolls.wake(log.topicPartition(), Long.MAX_VALUE);
            }
        });
        try {
            topics.openAll();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(null);
            return t;
        };
    }

    public BrokerRequestHandler handler() {
        return handler;
    }

    public TopicRegistry topics() {
        return topics;
    }

    public BrokerStats stats() {
        return stats;
    }

    /** The server-side filters and the plugins they may come from. */
    public FilterManager filters() {
        return filters;
    }

    /** Finishes the puts already handed to writers (their appends are issued), then stops the threads. */
    @Override
    public void close() {
        admin.shutdown(); // an operation under way completes: it may be between its file and ZooKeeper writes
        try {
            if (!admin.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("admin operation did not finish in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writers.shutdown();
        try {
            if (!writers.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("writers did not finish in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fetchers.shutdownNow();
        timer.shutdownNow();
    }
}
