package io.metaq.store.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaq.api.PartitionReadOnlyException;
import io.metaq.api.TopicPartition;
import io.metaq.api.record.RecordFormat;
import io.metaq.spi.store.AppendResult;
import io.metaq.spi.store.FlushMode;
import io.metaq.spi.store.LogConfig;
import io.metaq.spi.store.PartitionLog;
import io.metaq.spi.store.ReadResult;
import io.metaq.spi.store.StoreConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogFailureTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @TempDir
    Path dir;
    private final TestingSegmentStorageFactory storages = new TestingSegmentStorageFactory();
    private LogStore store;

    private PartitionLog open(FlushMode mode) {
        store = new LogStore("testing", StoreConfig.builder(dir).build(), storages);
        return store.openPartition(TP, LogConfig.defaults().withFlushMode(mode).withSegmentBytes(1 << 20));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private static ByteBuffer record(long id) {
        return RecordFormat.encode(id, 0, ("message-" + id).getBytes());
    }

    @Test
    void append_fsyncFails_pendingAppendsFailAndPartitionTurnsReadOnly() throws Exception {
        PartitionLog log = open(FlushMode.GROUP);
        AppendResult first = log.append(record(1)).get(5, TimeUnit.SECONDS);
        storages.failForces.set(true);

        CompletableFuture<AppendResult> second = log.append(record(2));

        assertThatThrownBy(() -> second.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(PartitionReadOnlyException.class);
        assertThat(log.isReadOnly()).isTrue();
        assertThat(log.maxOffset()).as("undurable data never becomes visible").isEqualTo(first.nextOffset());
        assertThatThrownBy(() -> log.append(record(3)).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(PartitionReadOnlyException.class);
        ReadResult r = log.read(0, 4096);
        assertThat(r.hasData()).as("reads of durable data keep working").isTrue();
        r.view().close();
    }

    @Test
    void append_writeFails_appendFailsAndLaterAppendsFail() throws Exception {
        PartitionLog log = open(FlushMode.INTERVAL);
        log.append(record(1)).get(5, TimeUnit.SECONDS);
        storages.failWrites.set(true);

        assertThatThrownBy(() -> log.append(record(2)).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(PartitionReadOnlyException.class)
                .hasMessageContaining("disk full");
        storages.failWrites.set(false);
        assertThatThrownBy(() -> log.append(record(3)).get(5, TimeUnit.SECONDS))
                .as("the partition stays read-only").hasCauseInstanceOf(PartitionReadOnlyException.class);
        assertThat(log.isReadOnly()).isTrue();
    }

    @Test
    void append_groupMode_manyConcurrentAppendsShareFsyncs() throws Exception {
        PartitionLog log = open(FlushMode.GROUP);
        int before = storages.forces.get();
        List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
        for (int i = 1; i <= 2000; i++) {
            futures.add(log.append(record(i)));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        int fsyncs = storages.forces.get() - before;
        assertThat(fsyncs).as("2000 appends in flight need far fewer fsyncs").isBetween(1, 200);
        assertThat(log.durableOffset()).isEqualTo(log.maxOffset());
    }

    @Test
    void append_intervalMode_fsyncsAfterConfiguredMessageCount() throws Exception {
        store = new LogStore("testing", StoreConfig.builder(dir).build(), storages);
        PartitionLog log = store.openPartition(TP,
                LogConfig.defaults().withFlushMode(FlushMode.INTERVAL).withFlushInterval(10, 3_600_000));
        int before = storages.forces.get();
        for (int i = 1; i <= 9; i++) {
            log.append(record(i)).get(5, TimeUnit.SECONDS);
        }
        Thread.sleep(100);
        assertThat(storages.forces.get()).as("no fsync before the threshold").isEqualTo(before);
        assertThat(log.durableOffset()).isLessThan(log.maxOffset());

        log.append(record(10)).get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (log.durableOffset() < log.maxOffset() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(log.durableOffset()).isEqualTo(log.maxOffset());
    }

    @Test
    void append_intervalMode_fsyncsAfterConfiguredTime() throws Exception {
        store = new LogStore("testing", StoreConfig.builder(dir).build(), storages);
        PartitionLog log = store.openPartition(TP,
                LogConfig.defaults().withFlushMode(FlushMode.INTERVAL).withFlushInterval(1_000_000, 50));
        log.append(record(1)).get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (log.durableOffset() < log.maxOffset() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(log.durableOffset()).isEqualTo(log.maxOffset());
    }

    @Test
    void store_secondStoreOnSameDirectory_isRefused() {
        open(FlushMode.GROUP);
        assertThatThrownBy(() -> new LogStore("testing", StoreConfig.builder(dir).build(), storages))
                .hasMessageContaining("in use");
    }
}
