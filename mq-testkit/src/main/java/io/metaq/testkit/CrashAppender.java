package io.metaq.testkit;

import io.metaq.api.TopicPartition;
import io.metaq.spi.ProviderRegistry;
import io.metaq.spi.store.FlushMode;
import io.metaq.spi.store.LogConfig;
import io.metaq.spi.store.MessageStore;
import io.metaq.spi.store.PartitionLog;
import io.metaq.spi.store.StoreConfig;
import io.metaq.spi.store.StoreProvider;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link CrashRecoveryTest}: {@code CrashAppender <provider> <dataDir> <seed>}
 * appends deterministic records (id and payload derived from a sequence number and the seed) from
 * {@value #THREADS} threads with GROUP flush and small segments, and prints
 * {@code ACK <seq> <offset> <payloadLength>} (flushed) for every record whose append has completed.
 * It runs until killed; it halts by itself when its stdin closes (the parent died) or after
 * {@value #MAX_RUN_MS} ms, so it never outlives a test run.
 */
public final class CrashAppender {
    public static final TopicPartition PARTITION = new TopicPartition("crash", 0);
    public static final int THREADS = 3;
    static final int IN_FLIGHT_PER_THREAD = 4;
    static final long MAX_RUN_MS = 60_000;
    private static final long ID_SEQ_BITS = 40;

    private static final Object OUT_LOCK = new Object();
    private static final OutputStream OUT = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);

    private CrashAppender() {
    }

    /** GROUP flush, 64 KiB segments, no retention. */
    public static LogConfig logConfig() {
        return LogConfig.defaults().withSegmentBytes(64 << 10).withFlushMode(FlushMode.GROUP).withRetention(-1, -1)
                .withIndexIntervalBytes(4096);
    }

    public static StoreConfig storeConfig(Path dataDir) {
        return StoreConfig.builder(dataDir).maxMessageSize(64 << 10).build();
    }

    /** The id of record {@code seq}: never zero, distinct for distinct sequence numbers. */
    public static long idOf(long seed, long seq) {
        return ((seed & 0xFFFFL) << ID_SEQ_BITS) | (seq + 1);
    }

    /** The sequence number encoded in an id made by {@link #idOf}. */
    public static long seqOf(long id) {
        return (id & ((1L << ID_SEQ_BITS) - 1)) - 1;
    }

    /** Payload sizes: mostly small, some up to about 8 KiB, a few empty. */
    public static int sizeOf(long seed, long seq) {
        long h = TestRecords.mix(seed ^ TestRecords.mix(seq + 0x51ED));
        int kind = (int) Long.remainderUnsigned(h, 100);
        int r = (int) Long.remainderUnsigned(h >>> 8, 8192);
        return kind < 3 ? 0 : kind < 75 ? r % 300 : kind < 95 ? r % 2000 : r;
    }

    public static byte[] payloadOf(long seed, long seq) {
        return TestRecords.payload(seed, seq, sizeOf(seed, seq));
    }

    public static TestRecord recordOf(long seed, long seq) {
        return new TestRecord(-1, idOf(seed, seq), (int) (seq & 0x6), payloadOf(seed, seq));
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: CrashAppender <provider> <dataDir> <seed>");
            System.exit(2);
        }
        startWatchdog();
        StoreProvider provider = ProviderRegistry.load(StoreProvider.class, CrashAppender.class.getClassLoader())
                .get(args[0]);
        long seed = Long.parseLong(args[2]);
        MessageStore store = provider.create(storeConfig(Path.of(args[1])));
        PartitionLog log = store.openPartition(PARTITION, logConfig());
        AtomicLong nextSeq = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Thread th = new Thread(() -> appendForever(log, seed, thread, nextSeq), "appender-" + t);
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
    }

    private static void appendForever(PartitionLog log, long seed, int thread, AtomicLong nextSeq) {
        SplittableRandom rnd = new SplittableRandom(seed ^ TestRecords.mix(thread + 1));
        Semaphore inFlight = new Semaphore(IN_FLIGHT_PER_THREAD);
        while (true) {
            int n = rnd.nextInt(4) == 0 ? 2 + rnd.nextInt(5) : 1;
            long first = nextSeq.getAndAdd(n);
            List<TestRecord> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(recordOf(seed, first + i));
            }
            inFlight.acquireUninterruptibly();
            log.append(TestRecords.batch(batch)).whenComplete((r, e) -> {
                try {
                    if (e != null) {
                        System.err.println("append of seq " + first + ".." + (first + n - 1) + " failed: " + e);
                        return;
                    }
                    StringBuilder sb = new StringBuilder();
                    long offset = r.baseOffset();
                    for (TestRecord rec : batch) {
                        sb.append("ACK ").append(seqOf(rec.id())).append(' ').append(offset).append(' ')
                                .append(rec.payloadLength()).append('\n');
                        offset += rec.size();
                    }
                    print(sb.toString());
                } finally {
                    inFlight.release();
                }
            });
        }
    }

    private static void print(String lines) {
        synchronized (OUT_LOCK) {
            try {
                OUT.write(lines.getBytes(StandardCharsets.US_ASCII));
                OUT.flush();
            } catch (IOException e) {
                Runtime.getRuntime().halt(4); // the parent is gone
            }
        }
    }

    /** Halts when stdin reaches end of file (the parent died or closed it) or after the time limit. */
    private static void startWatchdog() {
        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent never writes; any byte is ignored
                }
            } catch (IOException e) {
                // treat like end of file
            }
            Runtime.getRuntime().halt(3);
        }, "stdin-watchdog");
        stdin.setDaemon(true);
        stdin.start();
        Thread timer = new Thread(() -> {
            try {
                Thread.sleep(MAX_RUN_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(5);
        }, "time-limit");
        timer.setDaemon(true);
        timer.start();
    }
}
