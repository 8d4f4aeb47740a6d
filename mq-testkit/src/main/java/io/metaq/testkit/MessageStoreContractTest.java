package io.metaq.testkit;

import static io.metaq.testkit.TestRecords.appendAll;
import static io.metaq.testkit.TestRecords.appendFailure;
import static io.metaq.testkit.TestRecords.appendNow;
import static io.metaq.testkit.TestRecords.bytes;
import static io.metaq.testkit.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaq.api.InvalidRecordException;
import io.metaq.api.MessageTooLargeException;
import io.metaq.api.StoreClosedException;
import io.metaq.api.TopicPartition;
import io.metaq.api.record.Record;
import io.metaq.api.record.RecordIterator;
import io.metaq.spi.store.AppendResult;
import io.metaq.spi.store.FlushMode;
import io.metaq.spi.store.LogConfig;
import io.metaq.spi.store.MessageStore;
import io.metaq.spi.store.PartitionLog;
import io.metaq.spi.store.ReadResult;
import io.metaq.spi.store.ReadResult.Status;
import io.metaq.spi.store.ReadView;
import io.metaq.spi.store.SegmentInfo;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link io.metaq.spi.store.StoreProvider} must have: appends, reads, segment
 * rolling, offset lookups, the time index, retention, reopening and partition management. A store
 * module extends this and names its provider.
 */
public abstract class MessageStoreContractTest extends StoreTestSupport {
    /** Records of 1000-byte payloads (1020 bytes each): four fill one 4096-byte segment. */
    private static final int SEGMENT = 4096;
    private static final int PAYLOAD = 1000;
    private static final int RECORD = 1020;
    private static final long WAIT_MS = 5000;

    private PartitionLog open(FlushMode mode) {
        return openStore().openPartition(TP, logConfig(mode, 64 << 10));
    }

    /** Appends {@code n} single-record batches of {@link #PAYLOAD} bytes with ids from {@code firstId}. */
    private static List<TestRecord> appendSingles(PartitionLog log, LogModel model, int firstId, int n) {
        List<TestRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<TestRecord> batch = List.of(record(firstId + i, PAYLOAD));
            out.addAll(model.appended(batch, appendNow(log, TestRecords.batch(batch))));
        }
        return out;
    }

    private static byte[] prefix(ByteBuffer buf, int n) {
        byte[] out = new byte[n];
        buf.duplicate().get(out);
        return out;
    }

    private static ByteBuffer concat(ByteBuffer first, byte[] second) {
        ByteBuffer out = ByteBuffer.allocate(first.remaining() + second.length);
        out.put(first.duplicate()).put(second);
        return out.flip();
    }

    // ---------------------------------------------------------------- provider

    @Test
    public void providerName_isTheRegisteredName() {
        assertThat(provider().name()).isEqualTo(providerName());
        assertThat(openStore().providerName()).isEqualTo(providerName());
    }

    // ---------------------------------------------------------------- append

    @ParameterizedTest
    @EnumSource(FlushMode.class)
    public void append_singleRecord_returnsOffsetsAndReadsBack(FlushMode mode) {
        PartitionLog log = open(mode);
        TestRecord rec = record(7, 100);

        AppendResult r = appendNow(log, rec.encode());

        assertThat(r.baseOffset()).isZero();
        assertThat(r.nextOffset()).isEqualTo(120);
        assertThat(r.recordCount()).isEqualTo(1);
        assertThat(r.appendTimeMs()).isEqualTo(clock.getAsLong());
        assertThat(log.minOffset()).isZero();
        assertThat(log.maxOffset()).isEqualTo(120);
        ReadResult read = log.read(0, 4096);
        assertThat(read.status()).isEqualTo(Status.DATA);
        try (ReadView v = read.view()) {
            assertThat(v.offset()).isZero();
            assertThat(v.size()).isEqualTo(120);
            assertThat(read.nextOffset()).isEqualTo(120);
            assertThat(bytes(v)).isEqualTo(TestRecords.logBytes(List.of(rec.at(0)), 0, 120));
        }
    }

    @ParameterizedTest
    @EnumSource(FlushMode.class)
    public void append_batch_appendsAllRecordsAsOneBatch(FlushMode mode) {
        PartitionLog log = open(mode);
        List<TestRecord> first = List.of(record(1, 0), record(2, 1), record(3, 100), record(4, 1000), record(5, 20));
        List<TestRecord> second = List.of(record(6, 33), record(7, 5000));

        AppendResult r1 = appendNow(log, TestRecords.batch(first));
        AppendResult r2 = appendNow(log, TestRecords.batch(second));

        assertThat(r1.baseOffset()).isZero();
        assertThat(r1.recordCount()).isEqualTo(5);
        assertThat(r1.nextOffset()).isEqualTo(5 * 20 + 0 + 1 + 100 + 1000 + 20);
        assertThat(r2.baseOffset()).isEqualTo(r1.nextOffset());
        assertThat(r2.recordCount()).isEqualTo(2);
        assertThat(r2.nextOffset()).isEqualTo(r1.nextOffset() + 20 + 33 + 20 + 5000);
        assertThat(log.maxOffset()).isEqualTo(r2.nextOffset());
        List<TestRecord> expected = new ArrayList<>(TestRecords.place(first, 0));
        expected.addAll(TestRecords.place(second, r2.baseOffset()));
        StoreAssertions.assertRecords(TestRecords.readAll(log), expected);
    }

    @Test
    public void append_emptyPayload_isStoredAsHeaderOnly() {
        PartitionLog log = open(FlushMode.GROUP);
        List<TestRecord> placed = appendAll(log, List.of(record(9, 0)));

        assertThat(log.maxOffset()).isEqualTo(20);
        StoreAssertions.assertRecords(TestRecords.readAll(log), placed);
    }

    /** Inputs the store must refuse with {@link InvalidRecordException}. */
    public static Stream<Arguments> malformedInputs() {
        ByteBuffer valid = record(11, 100).encode();
        ByteBuffer truncatedPayload = record(12, 100).encode().limit(20 + 50);
        ByteBuffer negative = record(13, 10).encode();
        negative.putInt(0, -1);
        return Stream.of(
                Arguments.of("empty buffer", ByteBuffer.allocate(0)),
                Arguments.of("10-byte header", ByteBuffer.wrap(prefix(valid, 10))),
                Arguments.of("19-byte header", ByteBuffer.wrap(prefix(valid, 19))),
                Arguments.of("length beyond buffer", ByteBuffer.wrap(prefix(truncatedPayload, 70))),
                Arguments.of("all-zero header", ByteBuffer.allocate(20)),
                Arguments.of("all-zero header with zero payload bytes after it", ByteBuffer.allocate(120)),
                Arguments.of("negative length", negative),
                Arguments.of("valid record then truncated header", concat(valid, prefix(valid, 7))),
                Arguments.of("valid record then length beyond buffer",
                        concat(valid, prefix(truncatedPayload, 70))),
                Arguments.of("valid record then all-zero header", concat(valid, new byte[20])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.metaq.testkit.MessageStoreContractTest#malformedInputs")
    public void append_malformedInput_failsAndLeavesLogUnchanged(String what, ByteBuffer input) {
        PartitionLog log = open(FlushMode.GROUP);
        List<TestRecord> before = appendAll(log, List.of(record(1, 300)));
        List<SegmentInfo> segmentsBefore = log.segments();

        Throwable failure = appendFailure(log, input);

        assertThat(failure).as(what).isInstanceOf(InvalidRecordException.class);
        assertThat(log.maxOffset()).isEqualTo(320);
        assertThat(log.segments()).isEqualTo(segmentsBefore);
        StoreAssertions.assertRecords(TestRecords.readAll(log), before);
        AppendResult next = appendNow(log, record(2, 10).encode());
        assertThat(next.baseOffset()).isEqualTo(320);
    }

    @ParameterizedTest
    @EnumSource(FlushMode.class)
    public void append_tooLarge_failsWithMessageTooLargeAndLeavesLogUnchanged(FlushMode mode) {
        PartitionLog log = open(mode);
        List<TestRecord> before = appendAll(log, List.of(record(1, 10)));

        Throwable single = appendFailure(log, record(2, MAX_MESSAGE_SIZE + 1).encode());
        Throwable inBatch = appendFailure(log, TestRecords.batch(List.of(record(3, 10), record(4, MAX_MESSAGE_SIZE + 1))));

        assertThat(single).isInstanceOf(MessageTooLargeException.class);
        assertThat(inBatch).isInstanceOf(MessageTooLargeException.class);
        assertThat(log.maxOffset()).isEqualTo(30);
        StoreAssertions.assertRecords(TestRecords.readAll(log), before);
        AppendResult atLimit = appendNow(log, record(5, MAX_MESSAGE_SIZE).encode());
        assertThat(atLimit.baseOffset()).isEqualTo(30);
        assertThat(atLimit.nextOffset()).isEqualTo(30 + 20 + MAX_MESSAGE_SIZE);
    }

    @Test
    public void append_groupMode_completesOnlyAfterFsyncAndIsVisibleOnlyOnceDurable() throws Exception {
        PartitionLog log = open(FlushMode.GROUP);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread sampler = new Thread(() -> {
            while (!stop.get()) {
                long visible = log.maxOffset();
                long durable = log.durableOffset();
                if (visible > durable) {
                    violations.add("maxOffset " + visible + " > durableOffset " + durable);
                }
            }
        }, "visibility-sampler");
        sampler.start();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int thread = t;
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        CompletableFuture<AppendResult> f = log.append(record(thread * 1000L + i + 1, 200).encode());
                        AppendResult r = TestRecords.await(f, "append");
                        if (log.durableOffset() < r.nextOffset()) {
                            violations.add("append " + r + " completed with durableOffset " + log.durableOffset());
                        }
                        if (log.maxOffset() < r.nextOffset()) {
                            violations.add("append " + r + " completed with maxOffset " + log.maxOffset());
                        }
                    }
                }));
            }
            for (Future<?> f : tasks) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
            sampler.join(WAIT_MS);
        }
        assertThat(violations).isEmpty();
        assertThat(log.maxOffset()).isEqualTo(300 * 220);
    }

    @Test
    public void append_intervalMode_isVisibleOnceWritten() {
        MessageStore store = openStore();
        PartitionLog log = store.openPartition(TP,
                logConfig(FlushMode.INTERVAL, 64 << 10).withFlushInterval(1_000_000, 3_600_000));

        AppendResult r = appendNow(log, record(1, 500).encode());

        assertThat(log.maxOffset()).isEqualTo(r.nextOffset());
        ReadResult read = log.read(0, 10_000);
        assertThat(read.status()).isEqualTo(Status.DATA);
        read.view().close();
        assertThat(log.flush()).isGreaterThanOrEqualTo(r.nextOffset());
        assertThat(log.durableOffset()).isGreaterThanOrEqualTo(r.nextOffset());
    }

    /** What one appending thread sent, in call order, and the futures it got back. */
    private record ThreadAppends(List<List<TestRecord>> batches, List<CompletableFuture<AppendResult>> futures) {
    }

    @ParameterizedTest
    @EnumSource(FlushMode.class)
    public void append_concurrentThreads_allRecordsReadBack(FlushMode mode) throws Exception {
        PartitionLog log = openStore().openPartition(TP, logConfig(mode, 16 << 10));
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<ThreadAppends> sent = new ArrayList<>();
        try {
            List<Future<ThreadAppends>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                tasks.add(pool.submit(() -> {
                    SplittableRandom rnd = new SplittableRandom(thread);
                    ThreadAppends mine = new ThreadAppends(new ArrayList<>(), new ArrayList<>());
                    start.await();
                    for (int b = 0; b < 150; b++) {
                        List<TestRecord> batch = new ArrayList<>();
                        int n = 1 + rnd.nextInt(3);
                        for (int k = 0; k < n; k++) {
                            long id = ((long) (thread + 1) << 32) | (b * 4L + k + 1);
                            batch.add(TestRecord.of(id, TestRecords.randomPayload(rnd, rnd.nextInt(3000))));
                        }
                        mine.batches().add(batch);
                        mine.futures().add(log.append(TestRecords.batch(batch))); // pipelined: not awaited here
                    }
                    return mine;
                }));
            }
            start.countDown();
            for (Future<ThreadAppends> f : tasks) {
                sent.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        List<AppendResult> all = new ArrayList<>();
        List<TestRecord> expected = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ThreadAppends mine = sent.get(t);
            long previous = -1;
            for (int b = 0; b < mine.batches().size(); b++) {
                AppendResult r = TestRecords.await(mine.futures().get(b), "append by thread " + t);
                List<TestRecord> batch = mine.batches().get(b);
                assertThat(r.baseOffset()).as("thread %d batch %d lands after its previous batch", t, b)
                        .isGreaterThan(previous);
                previous = r.baseOffset();
                assertThat(r.recordCount()).isEqualTo(batch.size());
                assertThat(r.nextOffset() - r.baseOffset()).isEqualTo(TestRecords.totalSize(batch));
                expected.addAll(TestRecords.place(batch, r.baseOffset()));
                all.add(r);
            }
        }
        all.sort(Comparator.comparingLong(AppendResult::baseOffset));
        long end = 0;
        for (AppendResult r : all) {
            assertThat(r.baseOffset()).as("batches are contiguous and do not overlap: %s", r).isEqualTo(end);
            end = r.nextOffset();
        }
        assertThat(log.maxOffset()).isEqualTo(end);
        expected.sort(Comparator.comparingLong(TestRecord::offset));
        StoreAssertions.assertRecords(TestRecords.readAll(log), expected);
    }

    @ParameterizedTest
    @EnumSource(FlushMode.class)
    public void read_whileAppending_neverSeesPastVisibleEnd(FlushMode mode) throws Exception {
        PartitionLog log = openStore().openPartition(TP, logConfig(mode, 16 << 10));
        int writers = 3;
        int batchesPerWriter = 200;
        AtomicBoolean writersDone = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            Future<Integer> reader = pool.submit(() -> {
                long offset = 0;
                int seen = 0;
                long deadline = System.currentTimeMillis() + 30_000;
                while (System.currentTimeMillis() < deadline) {
                    ReadResult r = log.read(offset, 8192);
                    if (r.status() == Status.AT_END) {
                        if (writersDone.get() && offset == log.maxOffset()) {
                            return seen;
                        }
                        Thread.onSpinWait();
                        continue;
                    }
                    assertThat(r.status()).as("read at %d", offset).isEqualTo(Status.DATA);
                    try (ReadView v = r.view()) {
                        long visible = log.maxOffset();
                        assertThat(v.endOffset()).as("view end vs visible end").isLessThanOrEqualTo(visible);
                        if (mode == FlushMode.GROUP) {
                            assertThat(v.endOffset()).as("view end vs durable end").isLessThanOrEqualTo(log.durableOffset());
                        }
                        ByteBuffer b = v.toByteBuffer();
                        RecordIterator it = new RecordIterator(b, offset, Integer.MAX_VALUE);
                        while (it.hasNext()) {
                            Record rec = it.next();
                            assertThat(rec.checksumValid()).as("record at %d", rec.offset()).isTrue();
                            seen++;
                        }
                        if (it.nextOffset() == offset) {
                            throw new AssertionError("no complete record in " + v.size() + " bytes at " + offset);
                        }
                        offset = it.nextOffset();
                    }
                }
                throw new AssertionError("reader did not reach the end in time; at " + offset + " of " + log.maxOffset());
            });
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                int thread = t;
                tasks.add(pool.submit(() -> {
                    SplittableRandom rnd = new SplittableRandom(100 + thread);
                    List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
                    for (int b = 0; b < batchesPerWriter; b++) {
                        List<TestRecord> batch = new ArrayList<>();
                        for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                            batch.add(TestRecord.of(thread * 100_000L + b * 4L + k,
                                    TestRecords.randomPayload(rnd, rnd.nextInt(2000))));
                        }
                        futures.add(log.append(TestRecords.batch(batch)));
                        if (futures.size() >= 8) {
                            TestRecords.await(futures.remove(0), "append");
                        }
                    }
                    futures.forEach(f -> TestRecords.await(f, "append"));
                    return null;
                }));
            }
            for (Future<?> f : tasks) {
                f.get(60, TimeUnit.SECONDS);
            }
            writersDone.set(true);
            int expected = TestRecords.readAll(log).size();
            assertThat(reader.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
        } finally {
            writersDone.set(true);
            pool.shutdownNow();
        }
    }

    @Test
    public void intervalMode_fsyncsAfterFlushIntervalMessages() throws Exception {
        PartitionLog log = openStore().openPartition(TP,
                logConfig(FlushMode.INTERVAL, 64 << 10).withFlushInterval(5, 3_600_000));
        AppendResult last = null;
        for (int i = 0; i < 5; i++) {
            last = appendNow(log, record(i + 1, 100).encode());
        }

        awaitDurable(log, last.nextOffset());
    }

    @Test
    public void intervalMode_fsyncsAfterFlushIntervalMs() throws Exception {
        PartitionLog log = openStore().openPartition(TP,
                logConfig(FlushMode.INTERVAL, 64 << 10).withFlushInterval(1_000_000, 50));
        AppendResult r = appendNow(log, record(1, 100).encode());
        clock.advance(200); // the store may measure the interval with its clock or with real time: both pass

        awaitDurable(log, r.nextOffset());
    }

    private static void awaitDurable(PartitionLog log, long offset) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (log.durableOffset() < offset && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertThat(log.durableOffset()).as("durable offset without an explicit flush").isGreaterThanOrEqualTo(offset);
    }

    @Test
    public void append_afterStoreClose_failsWithStoreClosed() {
        MessageStore store = openStore();
        PartitionLog log = store.openPartition(TP, logConfig(FlushMode.GROUP, 64 << 10));
        appendNow(log, record(1, 10).encode());
        store.close();

        assertThat(appendFailure(log, record(2, 10).encode())).isInstanceOf(StoreClosedException.class);
    }

    @ParameterizedTest
    @EnumSource(FlushMode.class)
    public void addAppendListener_isToldWhenDataBecomesVisible(FlushMode mode) throws Exception {
        PartitionLog log = open(mode);
        AtomicLong seen = new AtomicLong(-1);
        AutoCloseable registration = log.addAppendListener((tp, end) -> {
            if (tp.equals(TP)) {
                seen.accumulateAndGet(end, Math::max);
            }
        });

        AppendResult r = appendNow(log, record(1, 10).encode());
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (seen.get() < r.nextOffset() && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertThat(seen.get()).isEqualTo(r.nextOffset());

        registration.close();
        appendNow(log, record(2, 10).encode());
        Thread.sleep(50);
        assertThat(seen.get()).as("no calls after the listener is removed").isEqualTo(r.nextOffset());
    }

    @Test
    public void appendTime_followsClockButNeverGoesBack() {
        PartitionLog log = open(FlushMode.GROUP);
        long t0 = clock.getAsLong();

        AppendResult first = appendNow(log, record(1, 10).encode());
        clock.advance(-5000);
        AppendResult second = appendNow(log, record(2, 10).encode());
        clock.advance(10_000);
        AppendResult third = appendNow(log, record(3, 10).encode());

        assertThat(first.appendTimeMs()).isEqualTo(t0);
        assertThat(second.appendTimeMs()).isEqualTo(t0);
        assertThat(third.appendTimeMs()).isEqualTo(t0 + 5000);
    }

    @Test
    public void flush_makesEverythingWrittenDurable() {
        PartitionLog log = openStore().openPartition(TP,
                logConfig(FlushMode.INTERVAL, 64 << 10).withFlushInterval(1_000_000, 3_600_000));
        AppendResult r = null;
        for (int i = 0; i < 10; i++) {
            r = appendNow(log, record(i + 1, 100).encode());
        }

        long durable = log.flush();

        assertThat(durable).isGreaterThanOrEqualTo(r.nextOffset());
        assertThat(log.durableOffset()).isGreaterThanOrEqualTo(r.nextOffset());
    }

    // ---------------------------------------------------------------- read

    @Test
    public void read_emptyLog_returnsAtEnd() {
        PartitionLog log = open(FlushMode.GROUP);

        ReadResult r = log.read(0, 1024);

        assertThat(r.status()).isEqualTo(Status.AT_END);
        assertThat(r.nextOffset()).isZero();
        assertThat(log.minOffset()).isZero();
        assertThat(log.maxOffset()).isZero();
        assertThat(log.sizeInBytes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(FlushMode.class)
    public void read_atEnd_returnsAtEnd(FlushMode mode) {
        PartitionLog log = open(mode);
        appendAll(log, List.of(record(1, 10), record(2, 20)));

        ReadResult r = log.read(log.maxOffset(), 1024);

        assertThat(r.status()).isEqualTo(Status.AT_END);
        assertThat(r.nextOffset()).isEqualTo(70);
        assertThatThrownBy(r::view).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 20, 1_000_000, Long.MAX_VALUE})
    public void read_beyondEnd_returnsOutOfRangeWithEnd(long past) {
        PartitionLog log = open(FlushMode.GROUP);
        appendAll(log, List.of(record(1, 10), record(2, 20)));
        long offset = past == Long.MAX_VALUE ? Long.MAX_VALUE : 70 + past;

        ReadResult r = log.read(offset, 1024);

        assertThat(r.status()).isEqualTo(Status.OUT_OF_RANGE);
        assertThat(r.nextOffset()).isEqualTo(70);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, -1000, Long.MIN_VALUE})
    public void read_belowMin_returnsOutOfRangeWithMin(long offset) {
        PartitionLog log = open(FlushMode.GROUP);
        appendAll(log, List.of(record(1, 10)));

        ReadResult r = log.read(offset, 1024);

        assertThat(r.status()).isEqualTo(Status.OUT_OF_RANGE);
        assertThat(r.nextOffset()).isZero();
    }

    @Test
    public void read_insideRecord_returnsNotABoundaryWithSegmentStart() {
        MessageStore store = openStore();
        PartitionLog log = store.openPartition(TP, logConfig(FlushMode.GROUP, SEGMENT));
        LogModel model = new LogModel(SEGMENT);
        appendSingles(log, model, 1, 10);
        assertThat(log.segments()).extracting(SegmentInfo::baseOffset).containsExactly(0L, 4080L, 8160L);

        for (long offset : new long[] {1, 19, 20, 500, RECORD + 1, 4079}) {
            ReadResult r = log.read(offset, 100_000);
            assertThat(r.status()).as("read at %d", offset).isEqualTo(Status.NOT_A_BOUNDARY);
            assertThat(r.nextOffset()).as("read at %d", offset).isEqualTo(0);
        }
        for (long offset : new long[] {4080 + 5, 4080 + RECORD + 700, 8160 + RECORD + 19}) {
            ReadResult r = log.read(offset, 100_000);
            assertThat(r.status()).as("read at %d", offset).isEqualTo(Status.NOT_A_BOUNDARY);
            assertThat(r.nextOffset()).as("read at %d", offset).isEqualTo(offset < 8160 ? 4080 : 8160);
        }
    }

    /**
     * Every offset strictly inside a record, including ones whose bytes happen to look like a record
     * header (inside an empty record with a small id, inside a run of zeros), is not a boundary.
     */
    @Test
    public void read_atEveryOffsetInsideRecords_returnsNotABoundary() {
        PartitionLog log = open(FlushMode.GROUP);
        byte[] zeroRun = new byte[60];
        Arrays.fill(zeroRun, 0, 10, (byte) 1);
        Arrays.fill(zeroRun, 30, 60, (byte) 7);
        List<TestRecord> recs = appendAll(log, List.of(TestRecord.of(1, new byte[0]), TestRecord.of(2, new byte[0]),
                TestRecord.of(3, zeroRun), record(4, 100), TestRecord.of(5, new byte[200]), record(6, 10)));

        List<Long> wrong = new ArrayList<>();
        for (TestRecord rec : recs) {
            for (long offset = rec.offset() + 1; offset < rec.end(); offset++) {
                ReadResult r = log.read(offset, 1 << 16);
                if (r.hasData()) {
                    r.view().close();
                }
                if (r.status() != Status.NOT_A_BOUNDARY || r.nextOffset() != 0) {
                    wrong.add(offset);
                }
            }
        }
        assertThat(wrong).as("offsets inside records %s not answered NOT_A_BOUNDARY with next 0", recs).isEmpty();
    }

    @Test
    public void read_atEveryRecordStart_returnsThatRecordFirst() {
        PartitionLog log = openStore().openPartition(TP, logConfig(FlushMode.INTERVAL, SEGMENT));
        LogModel model = new LogModel(SEGMENT);
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 60; i++) {
            List<TestRecord> batch = List.of(TestRecord.of(i + 1, TestRecords.randomPayload(rnd, rnd.nextInt(700))));
            model.appended(batch, appendNow(log, TestRecords.batch(batch)));
        }

        for (TestRecord rec : model.records()) {
            ReadResult r = log.read(rec.offset(), 1 << 20);
            assertThat(r.status()).as("read at %d", rec.offset()).isEqualTo(Status.DATA);
            try (ReadView v = r.view()) {
                assertThat(v.offset()).isEqualTo(rec.offset());
                assertThat(v.endOffset()).as("view stays in its segment")
                        .isEqualTo(model.segmentOf(rec.offset()).end());
                assertThat(bytes(v)).isEqualTo(TestRecords.logBytes(model.records(), v.offset(), v.endOffset()));
            }
        }
    }

    @Test
    public void read_maxBytes_limitsViewAndMayCutLastRecord() {
        PartitionLog log = open(FlushMode.GROUP);
        List<TestRecord> recs = appendAll(log, List.of(record(1, 100), record(2, 100), record(3, 100)));

        ReadResult r = log.read(0, 250);

        assertThat(r.status()).isEqualTo(Status.DATA);
        try (ReadView v = r.view()) {
            assertThat(v.offset()).isZero();
            assertThat(v.size()).as("all whole records that fit, at most maxBytes").isBetween(240, 250);
            assertThat(bytes(v)).isEqualTo(TestRecords.logBytes(recs, 0, v.size()));
        }
        ReadResult tiny = log.read(120, 5);
        assertThat(tiny.status()).isEqualTo(Status.DATA);
        try (ReadView v = tiny.view()) {
            assertThat(v.offset()).isEqualTo(120);
            assertThat(v.size()).isBetween(1, 5);
            assertThat(bytes(v)).isEqualTo(TestRecords.logBytes(recs, 120, 120 + v.size()));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    public void read_nonPositiveMaxBytes_throwsIllegalArgument(int maxBytes) {
        PartitionLog log = open(FlushMode.GROUP);
        appendAll(log, List.of(record(1, 10)));

        assertThatThrownBy(() -> log.read(0, maxBytes)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.read(log.maxOffset(), maxBytes)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void read_nearSegmentEnd_returnsOnlyThatSegmentsTail() {
        PartitionLog log = openStore().openPartition(TP, logConfig(FlushMode.GROUP, SEGMENT));
        LogModel model = new LogModel(SEGMENT);
        appendSingles(log, model, 1, 6);

        ReadResult tail = log.read(3 * RECORD, 1 << 20);
        ReadResult whole = log.read(0, 1 << 20);
        ReadResult second = log.read(4080, 1 << 20);

        try (ReadView v = tail.view(); ReadView w = whole.view(); ReadView s = second.view()) {
            assertThat(v.offset()).isEqualTo(3 * RECORD);
            assertThat(v.endOffset()).isEqualTo(4080);
            assertThat(w.size()).isEqualTo(4080);
            assertThat(s.endOffset()).isEqualTo(log.maxOffset());
            assertThat(bytes(v)).isEqualTo(TestRecords.logBytes(model.records(), 3 * RECORD, 4080));
            assertThat(bytes(s)).isEqualTo(TestRecords.logBytes(model.records(), 4080, log.maxOffset()));
        }
    }

    @Test
    public void readView_transferTo_matchesToByteBuffer() throws Exception {
        PartitionLog log = open(FlushMode.GROUP);
        List<TestRecord> recs = appendAll(log, List.of(record(1, 5000), record(2, 3)));

        try (ReadView v = log.read(0, 1 << 20).view()) {
            byte[] expected = TestRecords.logBytes(recs, 0, log.maxOffset());
            assertThat(bytes(v)).isEqualTo(expected);
            assertThat(TestRecords.transferred(v, 0, v.size())).isEqualTo(expected);
            assertThat(TestRecords.transferred(v, 100, 1000)).isEqualTo(Arrays.copyOfRange(expected, 100, 1100));
            assertThat(TestRecords.transferred(v, v.size() - 10, 100))
                    .isEqualTo(Arrays.copyOfRange(expected, v.size() - 10, v.size()));
        }
    }

    @Test
    public void readView_closeTwice_isHarmless() {
        PartitionLog log = open(FlushMode.GROUP);
        appendAll(log, List.of(record(1, 10)));
        ReadView v = log.read(0, 1024).view();

        v.close();
        v.close();

        ReadResult again = log.read(0, 1024);
        assertThat(again.status()).isEqualTo(Status.DATA);
        again.view().close();
    }

    @Test
    public void readView_isUnaffectedByLaterAppends() {
        PartitionLog log = open(FlushMode.INTERVAL);
        List<TestRecord> recs = appendAll(log, List.of(record(1, 100)));
        try (ReadView v = log.read(0, 1 << 20).view()) {
            appendAll(log, List.of(record(2, 3000)));

            assertThat(v.size()).isEqualTo(120);
            assertThat(bytes(v)).isEqualTo(TestRecords.logBytes(recs, 0, 120));
        }
    }

    // ---------------------------------------------------------------- segments and offsets

    @ParameterizedTest
    @EnumSource(FlushMode.class)
    public void append_pastSegmentBytes_rollsToNewSegment(FlushMode mode) {
        PartitionLog log = openStore().openPartition(TP, logConfig(mode, SEGMENT));
        LogModel model = new LogModel(SEGMENT);

        appendSingles(log, model, 1, 10);

        assertThat(log.segments()).extracting(SegmentInfo::baseOffset).containsExactly(0L, 4080L, 8160L);
        assertThat(log.segments()).extracting(SegmentInfo::sizeBytes).containsExactly(4080L, 4080L, 2040L);
        assertThat(log.segments()).extracting(SegmentInfo::active).containsExactly(false, false, true);
        assertThat(log.sizeInBytes()).isEqualTo(10 * RECORD);
        for (long base : new long[] {0, 4080, 8160}) {
            assertThat(segmentFile(TP, base)).exists();
        }
        StoreAssertions.assertLogMatches(log, model);
    }

    @Test
    public void append_batchLargerThanSegment_getsSegmentOfItsOwn() {
        MessageStore store = openStore();
        PartitionLog log = store.openPartition(TP, logConfig(FlushMode.GROUP, SEGMENT));
        LogModel model = new LogModel(SEGMENT);
        List<TestRecord> small = List.of(record(1, 100));
        List<TestRecord> big = List.of(record(2, 2000), record(3, 2000), record(4, 2000));
        List<TestRecord> after = List.of(record(5, 100));

        model.appended(small, appendNow(log, TestRecords.batch(small)));
        model.appended(big, appendNow(log, TestRecords.batch(big)));
        model.appended(after, appendNow(log, TestRecords.batch(after)));

        assertThat(log.segments()).extracting(SegmentInfo::baseOffset).containsExactly(0L, 120L, 120L + 6060);
        StoreAssertions.assertLogMatches(log, model);

        TopicPartition other = new TopicPartition("test", 1);
        PartitionLog fresh = store.openPartition(other, logConfig(FlushMode.GROUP, SEGMENT));
        appendNow(fresh, TestRecords.batch(big));
        assertThat(fresh.segments()).extracting(SegmentInfo::baseOffset).as("an empty active segment takes any batch")
                .containsExactly(0L);
    }

    @Test
    public void nearestOffset_isSegmentStartOrBound() {
        PartitionLog log = openStore().openPartition(TP, logConfig(FlushMode.GROUP, SEGMENT));
        appendSingles(log, new LogModel(SEGMENT), 1, 10);

        assertThat(log.nearestOffset(0)).isZero();
        assertThat(log.nearestOffset(100)).isZero();
        assertThat(log.nearestOffset(4079)).isZero();
        assertThat(log.nearestOffset(4080)).isEqualTo(4080);
        assertThat(log.nearestOffset(5000)).isEqualTo(4080);
        assertThat(log.nearestOffset(10_199)).isEqualTo(8160);
        assertThat(log.nearestOffset(10_200)).isEqualTo(10_200);
        assertThat(log.nearestOffset(Long.MAX_VALUE)).isEqualTo(10_200);
        assertThat(log.nearestOffset(-5)).isZero();
    }

    // ---------------------------------------------------------------- time index

    @ParameterizedTest
    @EnumSource(FlushMode.class)
    public void offsetForTime_findsFirstRecordAtOrAfterTime(FlushMode mode) {
        int interval = 512;
        LogConfig config = logConfig(mode, 8192).withIndexIntervalBytes(interval);
        PartitionLog log = openStore().openPartition(TP, config);
        LogModel model = new LogModel(8192);
        appendTimed(log, model, 250, new SplittableRandom(11), 1);

        StoreAssertions.assertOffsetForTimeEverywhere(log, model, interval + model.maxBatchBytes());
    }

    @Test
    public void offsetForTime_afterReopen_staysCorrect() {
        int interval = 512;
        LogConfig config = logConfig(FlushMode.GROUP, 8192).withIndexIntervalBytes(interval);
        MessageStore store = openStore();
        LogModel model = new LogModel(8192);
        appendTimed(store.openPartition(TP, config), model, 200, new SplittableRandom(12), 1);
        store.close();

        PartitionLog log = openStore().openPartition(TP, config);

        StoreAssertions.assertOffsetForTimeEverywhere(log, model, interval + model.maxBatchBytes());
    }

    @Test
    public void offsetForTime_manyBatchesInOneMillisecond_staysWithinIndexInterval() {
        int interval = 512;
        PartitionLog log = openStore().openPartition(TP, logConfig(FlushMode.GROUP, 64 << 10)
                .withIndexIntervalBytes(interval));
        LogModel model = new LogModel(64 << 10);
        clock.advance(1);
        appendTimed(log, model, 3, new SplittableRandom(13), 1);
        appendTimed(log, model, 60, new SplittableRandom(14), 0); // a burst: 60 batches in one millisecond
        clock.advance(1);
        appendTimed(log, model, 3, new SplittableRandom(15), 1);

        StoreAssertions.assertOffsetForTimeEverywhere(log, model, interval + model.maxBatchBytes());
    }

    @Test
    public void appendTime_afterCleanReopen_continuesFromRecordedTimes() {
        LogConfig config = logConfig(FlushMode.GROUP, SEGMENT);
        MessageStore store = openStore();
        AppendResult before = appendNow(store.openPartition(TP, config), record(1, 10).encode());
        store.close();
        clock.advance(1000);

        PartitionLog log = openStore().openPartition(TP, config);
        AppendResult after = appendNow(log, record(2, 10).encode());

        assertThat(before.appendTimeMs()).isEqualTo(TestingClock.DEFAULT_START);
        assertThat(after.appendTimeMs()).as("append time = max(previous record's time, clock)")
                .isEqualTo(TestingClock.DEFAULT_START + 1000);
        assertThat(log.segments().get(0).lastAppendMs()).isEqualTo(TestingClock.DEFAULT_START + 1000);
    }

    @Test
    public void offsetForTime_emptyLog_returnsZero() {
        PartitionLog log = open(FlushMode.GROUP);

        assertThat(log.offsetForTime(0)).isZero();
        assertThat(log.offsetForTime(clock.getAsLong())).isZero();
        assertThat(log.offsetForTime(Long.MAX_VALUE)).isZero();
    }

    // ---------------------------------------------------------------- retention

    @Test
    public void enforceRetention_deletesSegmentsOlderThanRetentionMs() throws Exception {
        MessageStore store = openStore();
        PartitionLog log = store.openPartition(TP, logConfig(FlushMode.GROUP, SEGMENT).withRetention(10_000, -1));
        LogModel model = fourSegmentsFiveSecondsApart(log);
        clock.advance(2_000); // now = T+17000: segments whose newest record is before T+7000 go

        store.enforceRetention();
        model.retain(clock.getAsLong(), 10_000, -1);

        assertThat(log.minOffset()).isEqualTo(8160);
        StoreAssertions.assertLogMatches(log, model);
        awaitDeleted(segmentFile(TP, 0), segmentFile(TP, 4080));
        for (long offset : new long[] {0, 4080, 8159}) {
            ReadResult r = log.read(offset, 1024);
            assertThat(r.status()).as("read at %d", offset).isEqualTo(Status.OUT_OF_RANGE);
            assertThat(r.nextOffset()).isEqualTo(8160);
        }
        assertThat(log.nearestOffset(0)).isEqualTo(8160);
    }

    @Test
    public void enforceRetention_neverDeletesActiveSegment() {
        MessageStore store = openStore();
        PartitionLog log = store.openPartition(TP, logConfig(FlushMode.GROUP, SEGMENT).withRetention(10_000, -1));
        LogModel model = fourSegmentsFiveSecondsApart(log);
        PartitionLog single = store.openPartition(new TopicPartition("single", 0),
                logConfig(FlushMode.GROUP, SEGMENT).withRetention(10_000, -1));
        appendNow(single, record(1, 10).encode());
        clock.advance(24 * 3600 * 1000L);

        store.enforceRetention();
        model.retain(clock.getAsLong(), 10_000, -1);

        assertThat(log.segments()).hasSize(1);
        assertThat(log.minOffset()).isEqualTo(3 * 4080);
        StoreAssertions.assertLogMatches(log, model);
        assertThat(single.minOffset()).isZero();
        assertThat(single.maxOffset()).isEqualTo(30);
    }

    @Test
    public void enforceRetention_deletesOldestSegmentsWhileOverRetentionBytes() {
        MessageStore store = openStore();
        PartitionLog log = store.openPartition(TP, logConfig(FlushMode.GROUP, SEGMENT).withRetention(-1, 10_000));
        PartitionLog tiny = store.openPartition(new TopicPartition("tiny", 0),
                logConfig(FlushMode.GROUP, SEGMENT).withRetention(-1, 1));
        LogModel model = new LogModel(SEGMENT);
        LogModel tinyModel = new LogModel(SEGMENT);
        appendSingles(log, model, 1, 13);
        appendSingles(tiny, tinyModel, 1, 13);

        store.enforceRetention();
        model.retain(clock.getAsLong(), -1, 10_000);
        tinyModel.retain(clock.getAsLong(), -1, 1);

        assertThat(log.minOffset()).isEqualTo(4080);
        assertThat(log.sizeInBytes()).isEqualTo(13 * RECORD - 4080);
        StoreAssertions.assertLogMatches(log, model);
        assertThat(tiny.segments()).hasSize(1);
        StoreAssertions.assertLogMatches(tiny, tinyModel);
    }

    @Test
    public void readView_openedBeforeRetention_staysReadableUntilClosed() throws Exception {
        MessageStore store = openStore();
        PartitionLog log = store.openPartition(TP, logConfig(FlushMode.GROUP, SEGMENT).withRetention(-1, 1));
        LogModel model = new LogModel(SEGMENT);
        appendSingles(log, model, 1, 9);
        byte[] expected = TestRecords.logBytes(model.records(), 0, 4080);
        ReadView v = log.read(0, 1 << 20).view();
        try {
            store.enforceRetention();
            assertThat(log.minOffset()).isEqualTo(8160);

            assertThat(bytes(v)).isEqualTo(expected);
            assertThat(TestRecords.transferred(v, 0, v.size())).isEqualTo(expected);
        } finally {
            v.close();
        }
        awaitDeleted(segmentFile(TP, 0));
    }

    /** Four segments (0, 4080, 8160, 12240 active) whose newest records are at T, T+5s, T+10s, T+15s. */
    private LogModel fourSegmentsFiveSecondsApart(PartitionLog log) {
        LogModel model = new LogModel(SEGMENT);
        for (int s = 0; s < 4; s++) {
            if (s > 0) {
                clock.advance(5_000);
            }
            appendSingles(log, model, s * 10 + 1, s < 3 ? 4 : 1);
        }
        assertThat(log.segments()).hasSize(4);
        return model;
    }

    private static void awaitDeleted(Path... files) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        for (Path f : files) {
            while (Files.exists(f) && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertThat(f).as("deleted segment file").doesNotExist();
        }
    }

    // ---------------------------------------------------------------- reopen and partitions

    @ParameterizedTest
    @EnumSource(FlushMode.class)
    public void reopen_keepsEveryRecordAndAppendsContinueAtEnd(FlushMode mode) {
        LogConfig config = logConfig(mode, SEGMENT);
        MessageStore store = openStore();
        LogModel model = new LogModel(SEGMENT);
        appendTimed(store.openPartition(TP, config), model, 60, new SplittableRandom(5), 0);
        store.close();

        MessageStore reopened = openStore();
        assertThat(reopened.partitions()).contains(TP);
        PartitionLog log = reopened.openPartition(TP, config);

        StoreAssertions.assertLogMatches(log, model);
        List<TestRecord> more = List.of(record(1000, 700), record(1001, 10));
        model.appended(more, appendNow(log, TestRecords.batch(more)));
        StoreAssertions.assertLogMatches(log, model);
    }

    @Test
    public void reopen_afterRetention_keepsNewMinimum() {
        LogConfig config = logConfig(FlushMode.GROUP, SEGMENT).withRetention(-1, 6000);
        MessageStore store = openStore();
        PartitionLog log = store.openPartition(TP, config);
        LogModel model = new LogModel(SEGMENT);
        appendSingles(log, model, 1, 13);
        store.enforceRetention();
        model.retain(clock.getAsLong(), -1, 6000);
        store.close();

        PartitionLog reopened = openStore().openPartition(TP, config);

        assertThat(reopened.minOffset()).isEqualTo(8160);
        StoreAssertions.assertLogMatches(reopened, model);
    }

    @Test
    public void partitions_includesPartitionsFoundOnDiskBeforeOpening() {
        TopicPartition other = new TopicPartition("other.topic-x", 3);
        MessageStore store = openStore();
        appendNow(store.openPartition(TP, logConfig(FlushMode.GROUP, SEGMENT)), record(1, 10).encode());
        appendNow(store.openPartition(other, logConfig(FlushMode.GROUP, SEGMENT)), record(2, 10).encode());
        assertThat(store.partitions()).containsExactlyInAnyOrder(TP, other);
        assertThat(partitionDir(other)).isDirectory();
        store.close();

        MessageStore reopened = openStore();

        assertThat(reopened.partitions()).containsExactlyInAnyOrder(TP, other);
        assertThat(reopened.openPartition(other, logConfig(FlushMode.GROUP, SEGMENT)).maxOffset()).isEqualTo(30);
    }

    @Test
    public void openPartition_whenAlreadyOpen_returnsTheSameLog() {
        MessageStore store = openStore();
        PartitionLog log = store.openPartition(TP, logConfig(FlushMode.GROUP, SEGMENT));

        assertThat(store.openPartition(TP, logConfig(FlushMode.INTERVAL, 8192))).isSameAs(log);
        assertThat(store.partition(TP)).containsSame(log);
        assertThat(log.config().segmentBytes()).isEqualTo(SEGMENT);
        assertThat(log.topicPartition()).isEqualTo(TP);
        assertThat(store.partition(new TopicPartition("never", 0))).isEmpty();
    }

    @Test
    public void openPartition_withoutConfig_usesStoreDefault() {
        LogConfig defaults = logConfig(FlushMode.INTERVAL, 8192).withIndexIntervalBytes(777);
        MessageStore store = openStore(storeConfig().defaultLogConfig(defaults).build());

        PartitionLog log = store.openPartition(TP);

        assertThat(log.config()).isEqualTo(defaults);
    }

    @Test
    public void deletePartition_openViewStaysReadableUntilClosed() {
        MessageStore store = openStore();
        PartitionLog log = store.openPartition(TP, logConfig(FlushMode.GROUP, SEGMENT));
        LogModel model = new LogModel(SEGMENT);
        appendSingles(log, model, 1, 6);
        ReadView v = log.read(0, 1 << 20).view();
        try {
            store.deletePartition(TP);

            byte[] expected = TestRecords.logBytes(model.records(), 0, 4080);
            assertThat(bytes(v)).isEqualTo(expected);
            assertThat(TestRecords.transferred(v, 0, v.size())).isEqualTo(expected);
        } finally {
            v.close();
        }
        assertThat(store.partition(TP)).isEmpty();
    }

    @Test
    public void deletePartition_laterAppendsAndReadsOfTheOldLog_failWithStoreClosed() throws Exception {
        MessageStore store = openStore();
        PartitionLog log = store.openPartition(TP, logConfig(FlushMode.GROUP, SEGMENT));
        appendSingles(log, new LogModel(SEGMENT), 1, 6);

        store.deletePartition(TP);

        assertThat(appendFailure(log, record(99, 10).encode())).isInstanceOf(StoreClosedException.class);
        // Below the end, every segment of the closed log is retired: a read must fail, not retry forever.
        CompletableFuture<Throwable> read = CompletableFuture.supplyAsync(() -> {
            try {
                log.read(0, 1024);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        assertThat(read.get(WAIT_MS, TimeUnit.MILLISECONDS)).isInstanceOf(StoreClosedException.class);
        awaitDeleted(partitionDir(TP));
        assertThat(partitionDir(TP)).as("no append recreated the deleted directory").doesNotExist();
    }

    @Test
    public void deletePartition_removesDirectory() throws Exception {
        MessageStore store = openStore();
        PartitionLog log = store.openPartition(TP, logConfig(FlushMode.GROUP, SEGMENT));
        appendSingles(log, new LogModel(SEGMENT), 1, 6);
        assertThat(partitionDir(TP)).isDirectory();

        store.deletePartition(TP);

        awaitDeleted(partitionDir(TP));
        assertThat(store.partitions()).doesNotContain(TP);
        assertThat(store.partition(TP)).isEmpty();
        PartitionLog again = store.openPartition(TP, logConfig(FlushMode.GROUP, SEGMENT));
        assertThat(again.minOffset()).isZero();
        assertThat(again.maxOffset()).isZero();
    }
}
