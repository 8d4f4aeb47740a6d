package io.metaq.it.legacy;

import com.taobao.metamorphosis.Message;
import com.taobao.metamorphosis.client.MetaMessageSessionFactory;
import com.taobao.metamorphosis.client.producer.MessageProducer;
import com.taobao.metamorphosis.client.producer.SendResult;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench-produce --zk c --topic t --count N --size B --threads T [--warmup W] [--send-timeout-ms S]
 * [--timeout-ms M]}: the synchronous-send benchmark, shaped like the peer benchmarks' (one shared producer,
 * T threads, each blocking on every send, N split over the threads, nearest-rank percentiles over every
 * send's latency).
 *
 * <p>One {@code MessageProducer} of the original client, the default round-robin partition selector,
 * {@code publish(t)}, then W (default 1) unmeasured warm-up sends (ZooKeeper lookup, connection, first
 * JIT). The T threads are then released together; thread i sends its share of the N messages of B bytes
 * (a fixed pseudo-random body per thread) with {@code sendMessage(Message)} (the client's default 3 s
 * timeout) or, with {@code --send-timeout-ms}, {@code sendMessage(Message, S, ms)}, timing each call with
 * {@code System.nanoTime} into its own {@code long[]}. A thrown exception or an unsuccessful
 * {@code SendResult} counts as an error (its latency is not recorded) and the thread goes on. The elapsed
 * time runs from the release to the last thread's end.
 *
 * <p>The run is bounded: threads stop taking new messages once {@code M - 15 s} have passed since the
 * driver started (M = {@code --timeout-ms}, default 600000), and the figures cover what was sent, with
 * {@code complete=0}. Output, one {@code name=value} per line: {@code msgs_per_s}, {@code mb_per_s}
 * (payload MiB/s), {@code p50_ms}, {@code p99_ms}, {@code p999_ms}, {@code max_ms}, {@code errors},
 * {@code sent}, {@code elapsed_s}, {@code complete}, {@code client_cpu_s} (CPU seconds the driver JVM, i.e. the
 * original client, used from the release to the end, all its threads). Exit 0 when every message was sent without error,
 * 1 otherwise.
 */
final class BenchProduceCommand {

    static final long DEFAULT_TIMEOUT_MS = 600_000;
    private static final long MARGIN_MS = 15_000;

    private BenchProduceCommand() {
    }

    static int run(Options o) throws Exception {
        long driverStart = System.nanoTime();
        String topic = o.required("topic");
        long count = Long.parseLong(o.required("count"));
        int size = Integer.parseInt(o.required("size"));
        int threads = o.getInt("threads", 1);
        int warmup = o.getInt("warmup", 1);
        long sendTimeoutMs = o.getLong("send-timeout-ms", -1);
        long timeoutMs = o.getLong("timeout-ms", DEFAULT_TIMEOUT_MS);
        if (count < 1 || count > Integer.MAX_VALUE || size < 1 || threads < 1 || threads > count) {
            throw new Options.UsageException("need 1 <= --threads <= --count <= 2^31-1 and --size >= 1");
        }
        long softDeadline = driverStart + TimeUnit.MILLISECONDS.toNanos(Math.max(1_000, timeoutMs - MARGIN_MS));

        MetaMessageSessionFactory factory = LegacyClients.sessionFactory(o);
        try {
            MessageProducer producer = factory.createProducer();
            producer.publish(topic);
            byte[] warm = new byte[size];
            for (int i = 0; i < warmup; i++) {
                SendResult r = send(producer, new Message(topic, warm), sendTimeoutMs);
                if (!r.isSuccess()) {
                    Out.error("warm-up send failed: " + r.getErrorMessage());
                    return Lifecycle.EXIT_ERROR;
                }
            }

            long[][] latencies = new long[threads][];
            int[] done = new int[threads];
            AtomicLong errors = new AtomicLong();
            AtomicLong firstError = new AtomicLong();
            CountDownLatch gate = new CountDownLatch(1);
            CountDownLatch finished = new CountDownLatch(threads);
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int share = (int) (count / threads + (t < count % threads ? 1 : 0));
                latencies[t] = new long[share];
                int tid = t;
                byte[] body = new byte[size];
                new SplittableRandom(0x5DEECE66DL + t).nextBytes(body);
                workers[t] = new Thread(() -> {
                    try {
                        gate.await();
                        long[] lat = latencies[tid];
                        int n = 0;
                        for (int i = 0; i < share; i++) {
                            if ((i & 63) == 0 && (System.nanoTime() - softDeadline > 0 || Lifecycle.stopRequested())) {
                                break;
                            }
                            long s = System.nanoTime();
                            boolean ok;
                            try {
                                ok = send(producer, new Message(topic, body), sendTimeoutMs).isSuccess();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                break;
                            } catch (Exception e) {
                                ok = false;
                                if (firstError.compareAndSet(0, 1)) {
                                    System.err.println("bench-produce: first error: " + LegacyClients.describe(e));
                                }
                            }
                            if (ok) {
                                lat[n++] = System.nanoTime() - s;
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                        done[tid] = n;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        finished.countDown();
                    }
                }, "bench-produce-" + t);
                workers[t].start();
            }
            long startCpu = BenchFigures.processCpuNanos();
            long start = System.nanoTime();
            gate.countDown();
            finished.await();
            long elapsed = System.nanoTime() - start;

            long[] all = BenchFigures.merge(latencies, done);
            long sent = all.length;
            boolean complete = sent + errors.get() == count;
            BenchFigures.printRates(sent, sent * size, elapsed);
            BenchFigures.print("p50_ms", BenchFigures.percentileMs(all, 50));
            BenchFigures.print("p99_ms", BenchFigures.percentileMs(all, 99));
            BenchFigures.print("p999_ms", BenchFigures.percentileMs(all, 99.9));
            BenchFigures.print("max_ms", BenchFigures.percentileMs(all, 100));
            BenchFigures.print("errors", errors.get());
            BenchFigures.print("sent", sent);
            BenchFigures.print("elapsed_s", elapsed / 1e9);
            BenchFigures.print("complete", complete ? 1 : 0);
            BenchFigures.printClientCpu(startCpu);
            producer.shutdown();
            return complete && errors.get() == 0 ? Lifecycle.EXIT_OK : Lifecycle.EXIT_ERROR;
        } finally {
            LegacyClients.shutdownQuietly(factory);
        }
    }

    private static SendResult send(MessageProducer producer, Message m, long timeoutMs) throws Exception {
        return timeoutMs > 0 ? producer.sendMessage(m, timeoutMs, TimeUnit.MILLISECONDS) : producer.sendMessage(m);
    }
}
