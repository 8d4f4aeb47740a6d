package io.metaq.bench.load;

import io.metaq.api.Message;
import io.metaq.client.ClientException;
import io.metaq.client.Consumer;
import io.metaq.client.ConsumerConfig;
import io.metaq.client.MessagingClient;
import io.metaq.client.Partition;
import io.metaq.client.Producer;
import io.metaq.client.ProducerConfig;
import io.metaq.client.SendResult;
import io.metaq.client.StartPosition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;

/**
 * Runs one mode against the cluster named by the settings: connects, prepares the topic (and, for
 * e2e, the consumer), runs with a progress line and returns what was done. Close it afterwards: the
 * client is closed on a separate thread, waited for a bounded time.
 */
final class LoadRunner implements AutoCloseable {
    /** How long the tool waits for the topic's partitions and for the e2e consumer's assignment. */
    static final long SETUP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long CLOSE_WAIT_MILLIS = 25_000;
    private static final byte[] PROBE = "metaq-load: topic probe".getBytes(StandardCharsets.UTF_8);

    private final LoadSettings s;
    private final Terminal terminal;
    private final ErrorLog errors = new ErrorLog();
    private MessagingClient client;
    private Producer producer;
    private Consumer consumer;

    LoadRunner(LoadSettings settings, Terminal terminal) {
        this.s = settings;
        this.terminal = terminal;
    }

    LoadResult run() throws InterruptedException {
        client = MessagingClient.builder().zkConnect(s.zk()).zkRoot(s.zkRoot()).build();
        return switch (s.mode()) {
            case PRODUCE -> produce();
            case CONSUME -> consume();
            case E2E -> e2e();
        };
    }

    // ---- produce -------------------------------------------------------------------------------

    private LoadResult produce() throws InterruptedException {
        producer = client.createProducer(producerConfig());
        prepareTopic();
        LatencyStats stats = new LatencyStats();
        AtomicLong acked = new AtomicLong();
        long start = System.nanoTime();
        AtomicLong lastAck = new AtomicLong(start);
        long deadline = start + TimeUnit.SECONDS.toNanos(s.durationS());
        long warmup = s.warmup();
        Sender sender = new Sender(producer, s.topic(), s.size(), s.threads(), s.rate(), s.messages(), newRunId(),
                deadline, (seq, sent, now) -> {
                    long n = acked.incrementAndGet();
                    lastAck.accumulateAndGet(now, Math::max);
                    if (n > warmup) {
                        stats.recordMicros((now - sent) / 1_000);
                    }
                }, errors);
        try (Progress p = Progress.start(terminal, "produce", acked::get, stats, errors, start)) {
            sender.start();
            sender.join(deadline + TimeUnit.MINUTES.toNanos(1));
            drain(() -> sender.completed() >= sender.attempted(), sender::completed, deadline + idleNanos());
        }
        long n = acked.get();
        long outstanding = Math.max(0, sender.attempted() - sender.completed());
        if (outstanding > 0) {
            terminal.message(outstanding + " message(s) not acknowledged in time: counted as errors");
        }
        return LoadResult.of("produce", n, n * s.size(), lastAck.get() - start, sender.failed() + outstanding,
                stats.total(), n == s.messages());
    }

    // ---- consume -------------------------------------------------------------------------------

    private LoadResult consume() throws InterruptedException {
        awaitPartitions();
        long total = s.messages();
        long warmup = s.warmup();
        LatencyStats stats = new LatencyStats();
        AtomicLong received = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        LongAdder bytes = new LongAdder();
        consumer = client.createConsumer(ConsumerConfig.builder(s.group()).startPosition(StartPosition.EARLIEST).build());
        consumer.subscribe(s.topic(), m -> {
            long now = System.nanoTime();
            long n = received.incrementAndGet();
            if (n > total) {
                return;
            }
            if (n == 1) {
                first.set(now);
            }
            last.accumulateAndGet(now, Math::max);
            byte[] data = m.data();
            bytes.add(data.length);
            if (n > warmup && Payload.stamped(data)) {
                stats.recordMicros(MicrosClock.micros(now) - Payload.sendMicros(data));
            }
        });
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(s.durationS());
        LongSupplier count = () -> Math.min(received.get(), total);
        try (Progress p = Progress.start(terminal, "consume", count, stats, errors, start)) {
            consumer.start();
            drain(() -> received.get() >= total, count, deadline);
        }
        long n = count.getAsLong();
        if (n < total) {
            terminal.message("received " + n + " of " + total + " message(s); the missing ones count as errors");
        }
        return LoadResult.of("consume", n, bytes.sum(), n == 0 ? 0 : last.get() - first.get(), total - n,
                stats.total(), n == total);
    }

    // ---- e2e -----------------------------------------------------------------------------------

    private LoadResult e2e() throws InterruptedException {
        producer = client.createProducer(producerConfig());
        prepareTopic();
        long total = s.messages();
        long warmup = s.warmup();
        long runId = newRunId();
        LatencyStats stats = new LatencyStats();
        ConcurrentBits attempted = new ConcurrentBits(total);
        ConcurrentBits failed = new ConcurrentBits(total);
        ConcurrentBits received = new ConcurrentBits(total);
        AtomicLong receivedCount = new AtomicLong();
        AtomicLong lastReceive = new AtomicLong();
        LongAdder bytes = new LongAdder();
        consumer = client.createConsumer(ConsumerConfig.builder(s.group()).startPosition(StartPosition.LATEST).build());
        consumer.subscribe(s.topic(), m -> {
            long now = System.nanoTime();
            byte[] data = m.data();
            if (!Payload.stamped(data) || Payload.runId(data) != runId) {
                return; // another run's messages, or a probe
            }
            long seq = Payload.sequence(data);
            if (seq < 0 || seq >= total || !received.set(seq)) {
                return; // a duplicate (delivery is at least once)
            }
            long n = receivedCount.incrementAndGet();
            lastReceive.accumulateAndGet(now, Math::max);
            bytes.add(data.length);
            if (n > warmup) {
                stats.recordMicros(MicrosClock.micros(now) - Payload.sendMicros(data));
            }
        });
        consumer.start();
        awaitConsumerReady();

        long start = System.nanoTime();
        lastReceive.set(start);
        long deadline = start + TimeUnit.SECONDS.toNanos(s.durationS());
        Sender sender = new Sender(producer, s.topic(), s.size(), s.threads(), s.rate(), total, runId, deadline,
                new Sender.Listener() {
                    @Override
                    public void attempt(long seq) {
                        attempted.set(seq);
                    }

                    @Override
                    public void acked(long seq, long sentNanos, long ackedNanos) {
                    }

                    @Override
                    public void failed(long seq, Throwable error) {
                        failed.set(seq);
                    }
                }, errors);
        try (Progress p = Progress.start(terminal, "e2e", receivedCount::get, stats, errors, start,
                () -> sender.completed() - sender.failed())) {
            sender.start();
            sender.join(deadline + TimeUnit.MINUTES.toNanos(1));
            drain(() -> sender.completed() >= sender.attempted()
                            && receivedCount.get() >= sender.attempted() - sender.failed(),
                    () -> receivedCount.get() + sender.completed(), deadline + idleNanos());
        }
        long lost = 0;
        long notReceived = 0;
        for (int w = 0; w < attempted.words(); w++) {
            long tried = attempted.word(w);
            lost += Long.bitCount(tried & (failed.word(w) | ~received.word(w)));
            notReceived += Long.bitCount(tried & ~failed.word(w) & ~received.word(w));
        }
        if (notReceived > 0) {
            terminal.message(notReceived + " message(s) sent but never received: counted as errors");
        }
        long n = receivedCount.get();
        return LoadResult.of("e2e", n, bytes.sum(), lastReceive.get() - start, lost, stats.total(), n == total);
    }

    /** Waits until the consumer holds every partition and has fixed its start offsets (the latest ones). */
    private void awaitConsumerReady() throws InterruptedException {
        long until = System.nanoTime() + SETUP_WAIT_NANOS;
        List<Partition> all = client.partitionsFor(s.topic());
        while (true) {
            all = client.partitionsFor(s.topic());
            Set<Partition> mine = consumer.assignment().getOrDefault(s.topic(), Set.of());
            if (!all.isEmpty() && mine.containsAll(all)) {
                break;
            }
            if (System.nanoTime() - until >= 0) {
                terminal.message("warning: after 15 s the consumer holds " + mine.size() + " of the "
                        + all.size() + " partitions of " + s.topic() + "; sending anyway");
                return;
            }
            Thread.sleep(20);
        }
        // A partition without a committed offset starts once the broker told the consumer its end
        // offset; the client then commits that offset to ZooKeeper (the 1.4.6.2 layout,
        // <root>/consumers/<group>/offsets/<topic>/<brokerId>-<partition>) before fetching. Messages sent
        // earlier would be skipped, so wait for those nodes.
        String root = s.zkRoot().equals("/") ? "" : s.zkRoot();
        List<String> paths = new ArrayList<>();
        for (Partition p : all) {
            paths.add(root + "/consumers/" + s.group() + "/offsets/" + s.topic() + "/" + p);
        }
        try (CuratorFramework zk = CuratorFrameworkFactory.builder().connectString(s.zk())
                .retryPolicy(new RetryNTimes(3, 200)).sessionTimeoutMs(10_000).connectionTimeoutMs(5_000).build()) {
            zk.start();
            if (zk.blockUntilConnected(5, TimeUnit.SECONDS)) {
                while (System.nanoTime() - until < 0) {
                    boolean ready = true;
                    for (String path : paths) {
                        if (zk.checkExists().forPath(path) == null) {
                            ready = false;
                            break;
                        }
                    }
                    if (ready) {
                        return;
                    }
                    Thread.sleep(20);
                }
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            terminal.message("warning: cannot read the consumer's offsets in ZooKeeper: " + ErrorLog.describe(e));
        }
        terminal.message("warning: the consumer's start offsets did not show in ZooKeeper; sending in 1 s anyway");
        Thread.sleep(1_000);
    }

    // ---- common --------------------------------------------------------------------------------

    private ProducerConfig producerConfig() {
        return ProducerConfig.builder().batchBytes(s.batchBytes()).lingerMs(s.lingerMs()).build();
    }

    /**
     * Creates a topic no broker publishes yet with a probe message (a broker auto-creates topics on the
     * first send, when allowed), waits for its partitions, then sends one probe message per partition
     * and waits for them, so the connections are open (and the client's send path loaded) before the
     * clock starts: a cold start would otherwise cost the first messages several hundred milliseconds.
     * The probes stay in the topic; they carry no header, so no run counts them as its own.
     */
    private void prepareTopic() throws InterruptedException {
        if (client.partitionsFor(s.topic()).isEmpty()) {
            terminal.message("topic " + s.topic() + " is not published by any broker: sending a probe message "
                    + "to create it");
            producer.send(new Message(s.topic(), PROBE));
        }
        awaitPartitions();
        int n = Math.max(1, client.partitionsFor(s.topic()).size());
        List<CompletableFuture<SendResult>> probes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            probes.add(producer.sendAsync(new Message(s.topic(), PROBE)));
        }
        try {
            CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ClientException("probe messages to " + s.topic() + " failed: " + ErrorLog.describe(e), e);
        }
    }

    private void awaitPartitions() throws InterruptedException {
        if (s.partitions() == 0) {
            return;
        }
        long until = System.nanoTime() + SETUP_WAIT_NANOS;
        int seen;
        while ((seen = client.partitionsFor(s.topic()).size()) < s.partitions()) {
            if (System.nanoTime() - until >= 0) {
                terminal.message("warning: topic " + s.topic() + " has " + seen + " partition(s) in ZooKeeper after "
                        + "15 s, expected " + s.partitions() + " (declare them in the broker's broker.yaml); going on");
                return;
            }
            Thread.sleep(50);
        }
    }

    private long idleNanos() {
        return TimeUnit.SECONDS.toNanos(s.idleTimeoutS());
    }

    /**
     * Waits until {@code done}, or until {@code progress} has not moved for the idle timeout, or until
     * {@code hardEnd} (a {@link System#nanoTime()} value).
     */
    private void drain(BooleanSupplier done, LongSupplier progress, long hardEnd) throws InterruptedException {
        long idle = idleNanos();
        long last = progress.getAsLong();
        long lastChange = System.nanoTime();
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            if (now - hardEnd >= 0) {
                return;
            }
            long c = progress.getAsLong();
            if (c != last) {
                last = c;
                lastChange = now;
            } else if (idle > 0 && now - lastChange >= idle) {
                terminal.message("nothing happened for " + s.idleTimeoutS() + " s: stopping");
                return;
            }
            Thread.sleep(2);
        }
    }

    private static long newRunId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return id;
    }

    /** Closes the consumer, the producer and the client on a daemon thread, waiting for it a bounded time. */
    @Override
    public void close() {
        Thread closer = new Thread(() -> {
            closeQuietly(consumer);
            closeQuietly(producer);
            closeQuietly(client);
        }, "metaq-load-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            terminal.message("warning: the client did not close within " + CLOSE_WAIT_MILLIS / 1000 + " s");
        }
    }

    private void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            terminal.message("warning: closing " + c.getClass().getSimpleName() + ": " + ErrorLog.describe(e));
        }
    }
}
