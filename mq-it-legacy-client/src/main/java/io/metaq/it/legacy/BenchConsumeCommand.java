package io.metaq.it.legacy;

import com.taobao.metamorphosis.Message;
import com.taobao.metamorphosis.client.MetaMessageSessionFactory;
import com.taobao.metamorphosis.client.consumer.ConsumerConfig;
import com.taobao.metamorphosis.client.consumer.MessageConsumer;
import com.taobao.metamorphosis.client.consumer.MessageListener;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench-consume --zk c --topic t --group g --count N [--max-size b] [--fetch-runners n]
 * [--timeout-ms M]}: how fast one consumer group of the original client drains a backlog.
 *
 * <p>One {@code MessageConsumer} with the client's default {@code ConsumerConfig} for group g (initial
 * offset 0 for a group without committed offsets, fetch runners = available processors, 5 s offset commits),
 * {@code subscribe(t, b, listener)} with b = 1 MiB (the value the original's examples use; {@code --max-size}
 * changes it, as {@code --fetch-runners} changes {@code ConsumerConfig.setFetchRunnerCount}), then
 * {@code completeSubscribe()}. The {@code MessageListener} runs on the client's fetch threads (no executor);
 * it counts the first N messages (later ones are acknowledged and ignored) and their payload bytes. The
 * elapsed time runs from the arrival of the first message to that of the N-th, so ZooKeeper rebalancing
 * before the first fetch is excluded.
 *
 * <p>Latency figures: the listener cannot see a fetch's round trip, so {@code p50_ms}/{@code p99_ms} are
 * percentiles of the <em>delivery gap</em>, the time between consecutive messages delivered on the same fetch
 * thread: within a fetched batch it is the listener's per-message cost, between batches the wait for the
 * next fetch. Output, one {@code name=value} per line: {@code msgs_per_s}, {@code mb_per_s} (payload MiB/s),
 * {@code p50_ms}, {@code p99_ms}, {@code errors} (always 0: the old client retries failed fetches itself and
 * does not report them), {@code received}, {@code elapsed_s}, {@code complete}, {@code client_cpu_s} (CPU seconds of the driver JVM from
 * {@code subscribe} to the end, rebalancing included). If N messages have not
 * arrived {@code M - 15 s} after the driver started (M defaults to 600000) the figures cover what arrived,
 * {@code complete=0}, exit 1.
 */
final class BenchConsumeCommand {

    private static final long MARGIN_MS = 15_000;

    private BenchConsumeCommand() {
    }

    static int run(Options o) throws Exception {
        long driverStart = System.nanoTime();
        String topic = o.required("topic");
        String group = o.required("group");
        long count = Long.parseLong(o.required("count"));
        int maxSize = o.getInt("max-size", 1024 * 1024);
        long timeoutMs = o.getLong("timeout-ms", BenchProduceCommand.DEFAULT_TIMEOUT_MS);
        if (count < 1 || count > Integer.MAX_VALUE) {
            throw new Options.UsageException("--count must be between 1 and 2^31-1");
        }
        long softDeadline = driverStart + TimeUnit.MILLISECONDS.toNanos(Math.max(1_000, timeoutMs - MARGIN_MS));

        ConsumerConfig cc = new ConsumerConfig(group);
        if (o.has("fetch-runners")) {
            cc.setFetchRunnerCount(o.getInt("fetch-runners", 1));
        }
        MetaMessageSessionFactory factory = LegacyClients.sessionFactory(o);
        try {
            GapListener listener = new GapListener((int) count);
            long startCpu = BenchFigures.processCpuNanos();
            MessageConsumer consumer = factory.createConsumer(cc);
            consumer.subscribe(topic, maxSize, listener);
            consumer.completeSubscribe();
            System.err.println("bench-consume: subscribed " + topic + " as " + group + ", fetch runners "
                    + cc.getFetchRunnerCount() + ", max size " + maxSize);

            long waitNanos = softDeadline - System.nanoTime();
            boolean complete = listener.done.await(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
            long received = Math.min(listener.claimed.get(), count);
            long last = complete ? listener.lastNanos : System.nanoTime();
            long elapsed = received > 0 ? last - listener.firstNanos : 0;
            long[] gaps = listener.gaps();
            java.util.Arrays.sort(gaps);
            BenchFigures.printRates(received, listener.bytes.get(), elapsed);
            BenchFigures.print("p50_ms", BenchFigures.percentileMs(gaps, 50));
            BenchFigures.print("p99_ms", BenchFigures.percentileMs(gaps, 99));
            BenchFigures.print("errors", 0L);
            BenchFigures.print("received", received);
            BenchFigures.print("elapsed_s", elapsed / 1e9);
            BenchFigures.print("complete", complete ? 1 : 0);
            BenchFigures.printClientCpu(startCpu);
            consumer.shutdown();
            return complete ? Lifecycle.EXIT_OK : Lifecycle.EXIT_ERROR;
        } finally {
            LegacyClients.shutdownQuietly(factory);
        }
    }

    /** Counts the first N messages, recording per fetch thread the gap since its previous message. */
    private static final class GapListener implements MessageListener {
        private final int limit;
        final AtomicLong claimed = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final CountDownLatch done = new CountDownLatch(1);
        private final long[] gapSamples;
        private final ThreadLocal<long[]> previous = ThreadLocal.withInitial(() -> new long[] {0});
        volatile long firstNanos;
        volatile long lastNanos;

        GapListener(int limit) {
            this.limit = limit;
            this.gapSamples = new long[limit];
        }

        @Override
        public void recieveMessages(Message m) {
            long now = System.nanoTime();
            long[] prev = previous.get();
            long idx = claimed.getAndIncrement();
            if (idx >= limit) {
                return;
            }
            gapSamples[(int) idx] = prev[0] == 0 ? -1 : now - prev[0];
            prev[0] = now;
            bytes.addAndGet(m.getData().length);
            if (idx == 0) {
                firstNanos = now;
            }
            if (idx == limit - 1) {
                lastNanos = now;
                done.countDown();
            }
        }

        @Override
        public Executor getExecutor() {
            return null;
        }

        /** The recorded gaps (the first message of each thread has none). */
        long[] gaps() {
            int n = (int) Math.min(claimed.get(), limit);
            return java.util.Arrays.stream(gapSamples, 0, n).filter(g -> g >= 0).toArray();
        }
    }
}
