package io.metaq.store.core;

import static java.util.Objects.requireNonNull;

import io.metaq.api.StoreClosedException;
import io.metaq.api.StoreException;
import io.metaq.api.TopicPartition;
import io.metaq.spi.store.FlushMode;
import io.metaq.spi.store.LogConfig;
import io.metaq.spi.store.MessageStore;
import io.metaq.spi.store.PartitionLog;
import io.metaq.spi.store.StoreConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MessageStore} of {@link SegmentedLog}s whose segment I/O comes from a provider's
 * {@link SegmentStorageFactory}. Owns the flush threads (shared by its partitions), one scheduler
 * thread (interval flushes, recovery-point checkpoints, retention) and an exclusive lock on the data
 * directory, so two brokers never write one directory.
 */
public final class LogStore implements MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(LogStore.class);
    private static final String LOCK_FILE = ".lock";
    private static final long FLUSH_TICK_MS = 10;

    private final String providerName;
    private final StoreConfig config;
    private final SegmentStorageFactory storages;
    private final Map<TopicPartition, SegmentedLog> logs = new ConcurrentHashMap<>();
    private final Set<TopicPartition> onDisk = ConcurrentHashMap.newKeySet();
    private final Map<TopicPartition, Long> checkpointed = new ConcurrentHashMap<>();
    /** Held while a checkpoint writes into a partition directory and while a partition is taken out for deletion. */
    private final Object checkpointLock = new Object();
    private final ExecutorService flushExecutor;
    private final ScheduledExecutorService scheduler;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private volatile boolean closed;

    public LogStore(String providerName, StoreConfig config, SegmentStorageFactory storages) {
        this.providerName = requireNonNull(providerName, "providerName is null");
        this.config = requireNonNull(config, "config is null");
        this.storages = requireNonNull(storages, "storages is null");
        Path dataDir = config.dataDir();
        try {
            Files.createDirectories(dataDir);
            lockChannel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = lockChannel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                lockChannel.close();
                throw new StoreException(dataDir + " is in use by another store");
            }
            lock = l;
            discoverPartitions(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot open store in " + dataDir + ": " + e, e);
        }
        flushExecutor = new ThreadPoolExecutor(config.flushThreads(), config.flushThreads(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("metaq-" + providerName + "-flush"));
        scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("metaq-" + providerName + "-scheduler"));
        scheduler.scheduleWithFixedDelay(guard(this::flushOnTimer), FLUSH_TICK_MS, FLUSH_TICK_MS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guard(this::checkpoint), config.checkpointIntervalMs(),
                config.checkpointIntervalMs(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guard(this::enforceRetention), config.retentionCheckIntervalMs(),
                config.retentionCheckIntervalMs(), TimeUnit.MILLISECONDS);
        LOG.info("opened {} store in {} ({} partitions on disk)", providerName, dataDir, onDisk.size());
    }

    private void discoverPartitions(Path dataDir) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataDir, Files::isDirectory)) {
            for (Path d : dirs) {
                try {
                    onDisk.add(TopicPartition.parse(d.getFileName().toString()));
                } catch (IllegalArgumentException e) {
                    LOG.debug("ignoring {}: not a partition directory", d);
                }
            }
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(null);
            return t;
        };
    }

    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("store background task failed", e);
            }
        };
    }

    @Override
    public String providerName() {
        return providerName;
    }

    @Override
    public PartitionLog openPartition(TopicPartition partition, LogConfig logConfig) {
        requireNonNull(partition, "partition is null");
        ensureOpen();
        LogConfig cfg = logConfig == null ? config.defaultLogConfig() : logConfig;
        return logs.computeIfAbsent(partition, tp -> {
            Path dir = config.dataDir().resolve(tp.toString());
            try {
                LogLoader.Loaded loaded = new LogLoader(tp, dir, cfg, config, storages).load();
                onDisk.add(tp);
                return new SegmentedLog(tp, dir, cfg, config.maxMessageSize(), config.clock(), storages,
                        loaded.segments(), loaded.lastAppendTime(), flushExecutor);
            } catch (IOException e) {
                throw new StoreException("cannot open partition " + tp + " in " + dir + ": " + e, e);
            }
        });
    }

    @Override
    public Optional<PartitionLog> partition(TopicPartition partition) {
        return Optional.ofNullable(logs.get(partition));
    }

    @Override
    public Set<TopicPartition> partitions() {
        Set<TopicPartition> all = new TreeSet<>(onDisk);
        all.addAll(logs.keySet());
        return all;
    }

    @Override
    public void deletePartition(TopicPartition partition) {
        ensureOpen();
        SegmentedLog log;
        synchronized (checkpointLock) {
            // After this no checkpoint writes a recovery point into the directory about to be deleted.
            log = logs.remove(partition);
        }
        if (log != null) {
            log.close(true);
        }
        onDisk.remove(partition);
        checkpointed.remove(partition);
        Path dir = config.dataDir().resolve(partition.toString());
        deleteDirectory(dir);
        LOG.info("deleted partition {}", partition);
    }

    private void deleteDirectory(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("could not delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    @Override
    public void enforceRetention() {
        long now = config.clock().getAsLong();
        for (SegmentedLog log : logs.values()) {
            RetentionPolicy.apply(log, now);
        }
    }

    private void flushOnTimer() {
        long now = config.clock().getAsLong();
        for (SegmentedLog log : logs.values()) {
            if (log.config().flushMode() == FlushMode.INTERVAL) {
                log.committer.flushIfOlderThan(log.config().flushIntervalMs(), now);
            }
        }
    }

    /** Writes each partition's durable offset as its recovery point when it has moved. */
    private void checkpoint() {
        for (SegmentedLog log : logs.values()) {
            long durable = log.durableOffset();
            Long last = checkpointed.get(log.topicPartition());
            if (last != null && last == durable) {
                continue;
            }
            synchronized (checkpointLock) {
                if (logs.get(log.topicPartition()) != log) {
                    continue; // deleted meanwhile
                }
                try {
                    RecoveryPoint.write(log.directory(), durable);
                    checkpointed.put(log.topicPartition(), durable);
                } catch (IOException e) {
                    LOG.warn("{}: recovery point checkpoint failed: {}", log.topicPartition(), e.toString());
                }
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreClosedException(providerName + " store in " + config.dataDir());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        scheduler.shutdownNow();
        for (SegmentedLog log : logs.values()) {
            log.close(false);
        }
        logs.clear();
        flushExecutor.shutdown();
        try {
            if (!flushExecutor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("flush threads did not stop in 30 s");
            }
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        storages.close();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("could not release lock on {}", config.dataDir(), e);
        }
        LOG.info("closed {} store in {}", providerName, config.dataDir());
    }
}
