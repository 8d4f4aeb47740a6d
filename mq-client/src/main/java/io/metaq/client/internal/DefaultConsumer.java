package io.metaq.client.internal;

import io.metaq.client.ClientException;
import io.metaq.client.ConsumeMode;
import io.metaq.client.Consumer;
import io.metaq.client.ConsumerConfig;
import io.metaq.client.DeadLetterHandler;
import io.metaq.client.FetchResult;
import io.metaq.client.MessageListener;
import io.metaq.client.Partition;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer group member. One rebalance thread owns the assignment: on any change of the group's
 * members, of the brokers' partitions or of the ZooKeeper connection it recomputes this member's
 * partitions (range assignment when clustering, all of them when broadcasting), stops and commits
 * the partitions it loses (then releases their owner nodes), claims and starts the ones it gains,
 * and tries again shortly when another member has not yet released one. Each partition is read by a
 * {@link PartitionWorker}.
 */
public final class DefaultConsumer implements Consumer {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultConsumer.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final long REBALANCE_DELAY_MS = 50;
    private static final long CONFLICT_RETRY_MS = 300;
    private static final long STOP_WAIT_MS = 10_000;

    private final ClientContext client;
    private final ConsumerConfig config;
    private final java.util.function.Consumer<DefaultConsumer> onClose;
    private final String consumerId;
    private final Map<String, MessageListener> subscriptions = new LinkedHashMap<>();
    private final Map<Key, PartitionWorker> workers = new ConcurrentHashMap<>();
    private final Map<Key, OffsetStore.Committed> committed = new ConcurrentHashMap<>();
    private final AtomicBoolean rebalancePending = new AtomicBoolean();
    private final ScheduledExecutorService rebalancer;
    private final Runnable clusterListener = this::requestRebalance;
    private ConsumerContext ctx;
    private GroupMembership membership;
    private ExecutorService ownExecutor;
    private DeadLetterTopic deadLetterTopic;
    private ScheduledFuture<?> commitTask;
    private volatile boolean started;
    private volatile boolean closed;

    private record Key(String topic, Partition partition) {
    }

    public DefaultConsumer(ClientContext client, ConsumerConfig config, java.util.function.Consumer<DefaultConsumer> onClose) {
        this.client = client;
        this.config = config;
        this.onClose = onClose;
        this.consumerId = config.group() + "_" + (config.consumerId() != null ? config.consumerId() : generatedId());
        this.rebalancer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metaq-rebalance-" + config.group());
            t.setDaemon(true);
            return t;
        });
    }

    private static String generatedId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostAddress();
        } catch (Exception e) {
            host = "127.0.0.1";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-" + System.currentTimeMillis() + "-"
                + COUNTER.incrementAndGet();
    }

    /** This member's id in the group ({@code <group>_<id>}). */
    public String consumerId() {
        return consumerId;
    }

    @Override
    public synchronized Consumer subscribe(String topic, MessageListener listener) {
        if (started) {
            throw new IllegalStateException("subscribe before start()");
        }
        io.metaq.api.TopicNames.validate(topic);
        subscriptions.put(topic, java.util.Objects.requireNonNull(listener, "listener is null"));
        return this;
    }

    @Override
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "consumer is closed" : "already started");
        }
        if (subscriptions.isEmpty()) {
            throw new IllegalStateException("subscribe to at least one topic before start()");
        }
        started = true;
        OffsetStore offsets = config.localOffsetDir() != null
                ? new FileOffsetStore(config.localOffsetDir(), config.group())
                : new ZkOffsetStore(client.zk(), client.layout(), config.group());
        java.util.concurrent.Executor executor = config.executor();
        if (executor == null) {
            AtomicInteger n = new AtomicInteger();
            ownExecutor = Executors.newFixedThreadPool(config.listenerThreads(), r -> {
                Thread t = new Thread(r, "metaq-listener-" + config.group() + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            executor = ownExecutor;
        }
        if (config.deadLetter() == null) {
            deadLetterTopic = new DeadLetterTopic(client, config.deadLetterTopic(), consumerId);
        }
        DeadLetterHandler deadLetter = config.deadLetter() != null ? config.deadLetter() : deadLetterTopic;
        ctx = new ConsumerContext(config, client.cluster(), client.connections(), client.scheduler(), executor, deadLetter,
                offsets, client.requestTimeoutMs());
        if (config.mode() == ConsumeMode.CLUSTERING) {
            membership = new GroupMembership(client.zk(), client.layout(), config.group(), consumerId);
            membership.join(subscriptions.keySet(), client.requestTimeoutMs(), this::requestRebalance);
        }
        client.cluster().addListener(clusterListener);
        try {
            rebalancer.submit(this::rebalance).get(client.requestTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{}: first rebalance did not finish: {}", consumerId, e.toString());
        }
        awaitStartPositions(client.requestTimeoutMs());
        // Commits share the rebalance thread, so a commit never races a partition being released.
        commitTask = rebalancer.scheduleWithFixedDelay(this::commitQuietly, config.commitIntervalMs(),
                config.commitIntervalMs(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until every partition taken so far knows where it starts, so a message sent after
     * {@code start()} returns is seen even with {@link io.metaq.client.StartPosition#LATEST}.
     */
    private void awaitStartPositions(long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (workers.values().stream().anyMatch(w -> w.position() == null)) {
            if (System.nanoTime() > deadline) {
                LOG.warn("{}: some partitions have no start position yet after {} ms (broker down?)", consumerId,
                        timeoutMs);
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void requestRebalance() {
        if (!closed && rebalancePending.compareAndSet(false, true)) {
            try {
                rebalancer.schedule(this::rebalance, REBALANCE_DELAY_MS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                rebalancePending.set(false);
            }
        }
    }

    /** Runs on the rebalance thread only. */
    private void rebalance() {
        rebalancePending.set(false);
        if (closed) {
            return;
        }
        try {
            Map<Key, MessageListener> target = new HashMap<>();
            for (Map.Entry<String, MessageListener> s : subscriptions.entrySet()) {
                for (Partition p : partitionsFor(s.getKey())) {
                    target.put(new Key(s.getKey(), p), s.getValue());
                }
            }
            if (!apply(target)) {
                rebalancer.schedule(this::rebalance, CONFLICT_RETRY_MS, TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            LOG.warn("{}: rebalance failed, retrying: {}", consumerId, e.toString());
            rebalancer.schedule(this::rebalance, 1_000, TimeUnit.MILLISECONDS);
        }
    }

    private List<Partition> partitionsFor(String topic) throws Exception {
        List<Partition> all = client.cluster().subscribablePartitions(topic);
        if (config.mode() == ConsumeMode.BROADCASTING) {
            return all;
        }
        List<String> names = new ArrayList<>();
        for (Partition p : all) {
            names.add(p.toString());
        }
        Collections.sort(names); // as strings, exactly as the 1.4.6.2 client sorts them
        List<Partition> mine = new ArrayList<>();
        for (String name : RangeAssignor.assign(consumerId, membership.membersOf(topic), names)) {
            mine.add(Partition.parse(name));
        }
        return mine;
    }

    /** Moves to the target assignment; false when some partition is still owned by another member. */
    private boolean apply(Map<Key, MessageListener> target) throws Exception {
        for (Map.Entry<Key, PartitionWorker> e : List.copyOf(workers.entrySet())) {
            if (!target.containsKey(e.getKey())) {
                LOG.info("{}: releasing {} {}", consumerId, e.getKey().topic(), e.getKey().partition());
                release(e.getKey(), e.getValue(), true);
            }
        }
        boolean complete = true;
        for (Map.Entry<Key, MessageListener> e : target.entrySet()) {
            Key key = e.getKey();
            PartitionWorker running = workers.get(key);
            if (membership != null && !membership.claim(key.topic(), key.partition())) {
                complete = false;
                if (running != null) {
                    // Our owner node vanished with an expired session and another member took over:
                    // stop without committing over its progress.
                    LOG.warn("{}: lost {} {} to another member", consumerId, key.topic(), key.partition());
                    release(key, running, false);
                }
                continue;
            }
            if (running == null) {
                startWorker(key, e.getValue());
            }
        }
        return complete;
    }

    private void startWorker(Key key, MessageListener listener) {
        OffsetStore.Committed position = ctx.offsets().load(key.topic(), key.partition()).orElse(null);
        LOG.info("{}: taking {} {} from {}", consumerId, key.topic(), key.partition(),
                position == null ? config.startPosition() : "offset " + position.offset());
        // The start offset is found on an I/O thread; writing it to ZooKeeper is left to the rebalance thread.
        PartitionWorker worker = new PartitionWorker(key.topic(), key.partition(), listener, ctx,
                offset -> rebalancer.execute(() -> recordStart(key, offset)));
        if (position != null) {
            committed.put(key, position);
        }
        workers.put(key, worker);
        worker.start(position);
    }

    private void recordStart(Key key, long offset) {
        if (!workers.containsKey(key) || committed.containsKey(key)) {
            return;
        }
        OffsetStore.Committed c = new OffsetStore.Committed(-1, offset);
        try {
            ctx.offsets().commit(key.topic(), key.partition(), c);
            committed.put(key, c);
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot record the start offset {} of {} {}: {}", consumerId, offset, key.topic(),
                    key.partition(), e.toString());
        }
    }

    private void release(Key key, PartitionWorker worker, boolean commit) throws Exception {
        worker.stop(STOP_WAIT_MS);
        workers.remove(key);
        if (commit) {
            commitOne(key, worker);
        }
        committed.remove(key);
        if (membership != null && commit) {
            membership.release(key.topic(), key.partition());
        }
    }

    private void commitOne(Key key, PartitionWorker worker) {
        OffsetStore.Committed position = worker.position();
        if (position != null && !position.equals(committed.get(key))) {
            ctx.offsets().commit(key.topic(), key.partition(), position);
            committed.put(key, position);
        }
    }

    private void commitQuietly() {
        try {
            commitAll();
        } catch (RuntimeException e) {
            LOG.warn("{}: periodic offset commit failed: {}", consumerId, e.toString());
        }
    }

    @Override
    public void commit() {
        ensureStarted();
        try {
            rebalancer.submit(this::commitAll).get(client.requestTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while committing offsets", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ClientException ce ? ce
                    : new ClientException("committing offsets failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new ClientException("committing offsets took longer than " + client.requestTimeoutMs() + " ms", e);
        }
    }

    private void commitAll() {
        for (Map.Entry<Key, PartitionWorker> e : workers.entrySet()) {
            commitOne(e.getKey(), e.getValue());
        }
    }

    @Override
    public Map<String, Set<Partition>> assignment() {
        Map<String, Set<Partition>> out = new TreeMap<>();
        for (Key k : workers.keySet()) {
            out.computeIfAbsent(k.topic(), t -> new TreeSet<>()).add(k.partition());
        }
        out.replaceAll((t, s) -> Collections.unmodifiableSet(s));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public void seek(String topic, Partition partition, long offset) {
        ensureStarted();
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0: " + offset);
        }
        PartitionWorker w = workers.get(new Key(topic, partition));
        if (w == null) {
            throw new ClientException(consumerId + " does not own " + topic + " " + partition + "; it owns " + assignment());
        }
        w.seek(offset);
    }

    @Override
    public void seekToTime(String topic, long timestampMs) {
        ensureStarted();
        List<java.util.concurrent.CompletableFuture<Long>> pending = new ArrayList<>();
        for (Map.Entry<Key, PartitionWorker> e : workers.entrySet()) {
            if (e.getKey().topic().equals(topic)) {
                pending.add(e.getValue().seekToTime(timestampMs));
            }
        }
        try {
            java.util.concurrent.CompletableFuture.allOf(pending.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(client.requestTimeoutMs() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while seeking " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ClientException("seeking " + topic + " to time " + timestampMs + " failed: " + e, e);
        }
    }

    @Override
    public FetchResult fetch(String topic, Partition partition, long offset, int maxBytes) {
        return PullFetcher.fetch(client, config.group(), topic, partition, offset, maxBytes);
    }

    private void ensureStarted() {
        if (!started) {
            throw new IllegalStateException("consumer not started");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (started) {
            client.cluster().removeListener(clusterListener);
            commitTask.cancel(false);
            try {
                rebalancer.submit(() -> {
                    for (Map.Entry<Key, PartitionWorker> e : List.copyOf(workers.entrySet())) {
                        try {
                            release(e.getKey(), e.getValue(), true);
                        } catch (Exception ex) {
                            LOG.warn("{}: releasing {} failed: {}", consumerId, e.getKey(), ex.toString());
                        }
                    }
                    return null;
                }).get(STOP_WAIT_MS * 2, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("{}: close did not finish cleanly: {}", consumerId, e.toString());
            }
            if (membership != null) {
                membership.close();
            }
            ctx.offsets().close();
            if (deadLetterTopic != null) {
                deadLetterTopic.close();
            }
            if (ownExecutor != null) {
                ownExecutor.shutdown();
            }
        }
        rebalancer.shutdownNow();
        onClose.accept(this);
    }
}
