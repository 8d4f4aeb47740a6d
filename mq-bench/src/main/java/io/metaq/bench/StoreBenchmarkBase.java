package io.metaq.bench;

import io.metaq.api.TopicPartition;
import io.metaq.api.record.RecordFormat;
import io.metaq.spi.ProviderRegistry;
import io.metaq.spi.store.LogConfig;
import io.metaq.spi.store.MessageStore;
import io.metaq.spi.store.PartitionLog;
import io.metaq.spi.store.StoreConfig;
import io.metaq.spi.store.StoreProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every store benchmark shares: the fork, warm-up and measurement settings, and a fresh store in
 * a temporary data directory for each trial, holding one open partition.
 *
 * <p>The store comes from {@link ProviderRegistry} by the name in {@link #providerName()}, exactly as
 * the broker finds it; the benchmarks never name a provider class. The data directory is created
 * under {@code -Dmetaq.bench.dir=<dir>} (default {@code java.io.tmpdir}) and deleted when the trial
 * ends. Each benchmark thread gets its own store (the subclasses are {@code Scope.Thread} states), so
 * {@code -t N} measures N independent partitions.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Threads(1)
public abstract class StoreBenchmarkBase {
    /** System property naming the directory under which each trial's data directory is made. */
    public static final String DIR_PROPERTY = "metaq.bench.dir";
    /** Segments of 256 MiB keep retention fine-grained on a disk with limited space. */
    public static final long SEGMENT_BYTES = 256L << 20;
    protected static final TopicPartition PARTITION = new TopicPartition("bench", 0);

    protected Path dataDir;
    protected MessageStore store;
    protected PartitionLog log;

    /** The store provider's name, {@code file} or {@code mmap}: the subclass's {@code @Param}. */
    protected abstract String providerName();

    /** The partition's log settings. */
    protected abstract LogConfig logConfig();

    /** Store-wide settings beyond the data directory and the default log config. */
    protected StoreConfig.Builder storeConfig(StoreConfig.Builder b) {
        return b;
    }

    /** Runs once the partition is open, e.g. to fill it. */
    protected void afterOpen() throws Exception {
    }

    /** Runs before the store closes, e.g. to wait for appends still in flight. */
    protected void beforeClose() throws Exception {
    }

    @Setup(Level.Trial)
    public final void openStore() throws Exception {
        Path parent = Paths.get(System.getProperty(DIR_PROPERTY, System.getProperty("java.io.tmpdir")));
        Files.createDirectories(parent);
        dataDir = Files.createTempDirectory(parent, "mq-bench-" + providerName() + "-");
        StoreProvider provider = ProviderRegistry.load(StoreProvider.class, StoreBenchmarkBase.class.getClassLoader())
                .get(providerName());
        LogConfig logConfig = logConfig();
        store = provider.create(storeConfig(StoreConfig.builder(dataDir).defaultLogConfig(logConfig)).build());
        log = store.openPartition(PARTITION, logConfig);
        afterOpen();
    }

    @TearDown(Level.Trial)
    public final void closeStore() throws Exception {
        try {
            beforeClose();
        } finally {
            try {
                if (store != null) {
                    store.close();
                }
            } finally {
                store = null;
                log = null;
                if (dataDir != null) {
                    deleteRecursively(dataDir);
                    dataDir = null;
                }
            }
        }
    }

    /**
     * A direct buffer holding {@code count} records of {@code payloadSize} bytes each, ids starting at
     * {@code firstId} (never 0), positioned at 0.
     */
    protected static ByteBuffer records(int count, int payloadSize, long firstId) {
        if (firstId <= 0) {
            throw new IllegalArgumentException("ids must be positive, was " + firstId);
        }
        byte[] payload = new byte[payloadSize];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        ByteBuffer p = ByteBuffer.wrap(payload);
        ByteBuffer buf = ByteBuffer.allocateDirect(count * RecordFormat.recordSize(payloadSize));
        for (int i = 0; i < count; i++) {
            RecordFormat.write(buf, firstId + i, 0, p);
        }
        return buf.flip();
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete benchmark data in " + root, e);
        }
    }
}
