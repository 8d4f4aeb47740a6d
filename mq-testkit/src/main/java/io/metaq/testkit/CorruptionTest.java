package io.metaq.testkit;

import static io.metaq.testkit.TestRecords.appendNow;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.spi.store.AppendResult;
import io.metaq.spi.store.FlushMode;
import io.metaq.spi.store.LogConfig;
import io.metaq.spi.store.MessageStore;
import io.metaq.spi.store.PartitionLog;
import io.metaq.spi.store.ReadResult;
import io.metaq.spi.store.ReadResult.Status;
import io.metaq.spi.store.ReadView;
import io.metaq.spi.store.StoreConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntBinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recovery from files damaged while the store was closed: a torn, zero-filled or garbage tail of the
 * last segment, a flipped payload bit, damaged or missing time indexes, missing checkpoint files.
 * Every record id is its append time, so a time index can be rebuilt from ids ({@code timeOfId}).
 */
public abstract class CorruptionTest extends StoreTestSupport {
    private static final int SEGMENT = 4096;
    private static final int INDEX_INTERVAL = 256;

    private LogConfig config;
    private LogModel model;

    @BeforeEach
    public void writeLogAndClose() {
        config = logConfig(FlushMode.INTERVAL, SEGMENT).withIndexIntervalBytes(INDEX_INTERVAL);
        model = new LogModel(SEGMENT);
        MessageStore store = openStore(storeConfigWithIds());
        PartitionLog log = store.openPartition(TP, config);
        SplittableRandom rnd = new SplittableRandom(1234);
        while (model.records().size() < 30 || lastSegmentRecords().size() < 6) {
            clock.advance(1 + rnd.nextInt(3));
            TestRecord rec = TestRecord.of(clock.getAsLong(), TestRecords.randomPayload(rnd, 100 + rnd.nextInt(500)));
            model.appended(List.of(rec), appendNow(log, rec.encode()));
        }
        assertThat(model.segments()).hasSizeGreaterThanOrEqualTo(3);
        store.close();
    }

    private StoreConfig storeConfigWithIds() {
        return storeConfig().timeOfId(id -> id).build();
    }

    private List<TestRecord> lastSegmentRecords() {
        long base = model.active().base();
        return model.records().stream().filter(r -> r.offset() >= base).toList();
    }

    private Path lastSegment() {
        return segmentFile(TP, model.active().base());
    }

    private PartitionLog reopen() {
        return openStore(storeConfigWithIds()).openPartition(TP, config);
    }

    private List<TestRecord> recordsBelow(long end) {
        return model.records().stream().filter(r -> r.end() <= end).toList();
    }

    /** Appends after recovery land at the recovered end, read back, and survive another reopen. */
    private void assertAppendsContinueAt(PartitionLog log, long end, List<TestRecord> before) {
        assertAppendsContinueAt(log, end, before, List.of());
    }

    private void assertAppendsContinueAt(PartitionLog log, long end, List<TestRecord> before, List<Long> corrupt) {
        clock.advance(10);
        TestRecord rec = TestRecord.of(clock.getAsLong(), TestRecords.payload(7, 7, 333));
        AppendResult r = appendNow(log, rec.encode());
        assertThat(r.baseOffset()).as("first append after recovery").isEqualTo(end);
        List<TestRecord> expected = new ArrayList<>(before);
        expected.add(rec.at(end));
        assertScan(log, expected, corrupt);
        closeStores();
        assertScan(reopen(), expected, corrupt);
    }

    private static void assertScan(PartitionLog log, List<TestRecord> expected, List<Long> corrupt) {
        TestRecords.Scan scan = TestRecords.scan(log, log.minOffset(), log.maxOffset());
        assertThat(scan.corruptOffsets()).as("records reported corrupt").isEqualTo(corrupt);
        assertThat(scan.badChecksums()).as("records served with bad checksums").isEmpty();
        StoreAssertions.assertRecords(scan.records(), expected);
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ch.force(true);
        }
    }

    private static void writeAt(Path file, long position, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b, position + b.position());
            }
            ch.force(true);
        }
    }

    /** Bytes of data in the last segment (a file may be longer, e.g. preallocated). */
    private long lastSegmentDataSize() {
        return model.active().size();
    }

    // ---------------------------------------------------------------- torn tail

    /** How many bytes to cut, given the sizes of the last record and the one before it. */
    public static Stream<Arguments> tailCuts() {
        return Stream.of(
                Arguments.of("1 byte of the last payload", (IntBinaryOperator) (last, prev) -> 1),
                Arguments.of("half the last payload", (IntBinaryOperator) (last, prev) -> (last - 20) / 2),
                Arguments.of("all of the last payload", (IntBinaryOperator) (last, prev) -> last - 20),
                Arguments.of("into the last header", (IntBinaryOperator) (last, prev) -> last - 7),
                Arguments.of("all but 1 byte of the last record", (IntBinaryOperator) (last, prev) -> last - 1),
                Arguments.of("exactly the last record", (IntBinaryOperator) (last, prev) -> last),
                Arguments.of("the last record and 3 bytes before it", (IntBinaryOperator) (last, prev) -> last + 3),
                Arguments.of("the last record and the payload before it",
                        (IntBinaryOperator) (last, prev) -> last + prev - 20));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.metaq.testkit.CorruptionTest#tailCuts")
    public void truncatedTail_tornRecordIsDropped(String what, IntBinaryOperator cut) throws IOException {
        List<TestRecord> last = lastSegmentRecords();
        int k = cut.applyAsInt(last.get(last.size() - 1).size(), last.get(last.size() - 2).size());
        long newEnd = model.end() - k;
        truncate(lastSegment(), lastSegmentDataSize() - k);
        List<TestRecord> survivors = recordsBelow(newEnd);
        long expectedEnd = survivors.get(survivors.size() - 1).end();

        PartitionLog log = reopen();

        assertThat(log.maxOffset()).as("maxOffset after cutting %d bytes (%s)", k, what).isEqualTo(expectedEnd);
        assertThat(log.minOffset()).isZero();
        assertThat(log.read(expectedEnd, 1024).status()).isEqualTo(Status.AT_END);
        StoreAssertions.assertRecords(TestRecords.readAll(log), survivors);
        assertAppendsContinueAt(log, expectedEnd, survivors);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 19, 20, 21, 100, 4096, 70_000})
    public void zerosAfterTail_areIgnored(int zeros) throws IOException {
        writeAt(lastSegment(), lastSegmentDataSize(), new byte[zeros]);

        PartitionLog log = reopen();

        assertThat(log.maxOffset()).isEqualTo(model.end());
        StoreAssertions.assertRecords(TestRecords.readAll(log), model.records());
        assertAppendsContinueAt(log, model.end(), model.records());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 13, 20, 57, 1000, 5000})
    public void garbageAfterTail_isTruncated(int length) throws IOException {
        byte[] garbage = TestRecords.randomPayload(new SplittableRandom(length), length);
        writeAt(lastSegment(), lastSegmentDataSize(), garbage);

        PartitionLog log = reopen();

        assertThat(log.maxOffset()).isEqualTo(model.end());
        StoreAssertions.assertRecords(TestRecords.readAll(log), model.records());
        assertAppendsContinueAt(log, model.end(), model.records());
    }

    @Test
    public void headerClaimingMoreThanFollows_isTruncated() throws IOException {
        ByteBuffer torn = TestRecords.record(99, 3000).encode();
        byte[] head = new byte[1000];
        torn.get(head);
        writeAt(lastSegment(), lastSegmentDataSize(), head);

        PartitionLog log = reopen();

        assertThat(log.maxOffset()).isEqualTo(model.end());
        StoreAssertions.assertRecords(TestRecords.readAll(log), model.records());
        assertAppendsContinueAt(log, model.end(), model.records());
    }

    // ---------------------------------------------------------------- flipped bit

    @Test
    public void flippedPayloadBit_recordIsNeverServed() throws IOException {
        List<TestRecord> last = lastSegmentRecords();
        TestRecord bad = last.get(last.size() / 2);
        TestRecord before = last.get(last.size() / 2 - 1);
        TestRecord after = last.get(last.size() / 2 + 1);
        long base = model.active().base();
        long bitAt = bad.offset() - base + 20 + bad.payloadLength() / 2;
        flipBit(lastSegment(), bitAt, 3);
        List<TestRecord> served = model.records().stream().filter(r -> r.offset() != bad.offset()).toList();

        PartitionLog log = reopen();

        assertThat(log.maxOffset()).isEqualTo(model.end());
        assertCorruptRecordSkipped(log, bad, before, after, served);
        // recovery scans the last segment again at every start
        closeStores();
        PartitionLog again = reopen();
        assertCorruptRecordSkipped(again, bad, before, after, served);
        assertAppendsContinueAt(again, model.end(), served, List.of(bad.offset()));
    }

    /** Every segment from the recovery point on is scanned, not only the last. */
    @ParameterizedTest
    @ValueSource(strings = {"recovery point 0", "recovery point missing"})
    public void flippedBitInOlderSegmentPastRecoveryPoint_isNeverServed(String checkpoint) throws IOException {
        Path rp = partitionDir(TP).resolve("recovery-point");
        if (checkpoint.endsWith("missing")) {
            Files.delete(rp);
        } else {
            Files.writeString(rp, "0\n");
        }
        LogModel.Seg first = model.segments().get(0);
        List<TestRecord> firstRecords = model.records().stream().filter(r -> r.end() <= first.end()).toList();
        TestRecord bad = firstRecords.get(firstRecords.size() / 2);
        flipBit(segmentFile(TP, 0), bad.offset() + 20 + bad.payloadLength() / 3, 6);
        List<TestRecord> served = model.records().stream().filter(r -> r.offset() != bad.offset()).toList();

        PartitionLog log = reopen();

        ReadResult at = log.read(bad.offset(), 1 << 20);
        assertThat(at.status()).isEqualTo(Status.CORRUPT_RECORD);
        assertThat(at.nextOffset()).isEqualTo(bad.end());
        try (ReadView v = log.read(0, 1 << 20).view()) {
            assertThat(v.endOffset()).isEqualTo(bad.offset());
        }
        assertThat(log.maxOffset()).isEqualTo(model.end());
        assertScan(log, served, List.of(bad.offset()));
    }

    private void assertCorruptRecordSkipped(PartitionLog log, TestRecord bad, TestRecord before, TestRecord after,
            List<TestRecord> served) {
        ReadResult at = log.read(bad.offset(), 1 << 20);
        assertThat(at.status()).as("read at the corrupt record").isEqualTo(Status.CORRUPT_RECORD);
        assertThat(at.nextOffset()).isEqualTo(bad.end());

        for (long start : new long[] {model.active().base(), before.offset()}) {
            ReadResult r = log.read(start, 1 << 20);
            assertThat(r.status()).isEqualTo(Status.DATA);
            try (ReadView v = r.view()) {
                assertThat(v.endOffset()).as("a read from %d stops before the corrupt record", start)
                        .isEqualTo(bad.offset());
                assertThat(TestRecords.bytes(v)).isEqualTo(TestRecords.logBytes(model.records(), start, bad.offset()));
            }
        }
        ReadResult next = log.read(after.offset(), 1 << 20);
        assertThat(next.status()).isEqualTo(Status.DATA);
        try (ReadView v = next.view()) {
            assertThat(TestRecords.bytes(v)).isEqualTo(TestRecords.logBytes(model.records(), after.offset(), v.endOffset()));
            assertThat(v.endOffset()).isEqualTo(model.end());
        }
        ReadResult inside = log.read(bad.offset() + 1, 1024);
        assertThat(inside.status()).isEqualTo(Status.NOT_A_BOUNDARY);
        assertThat(inside.nextOffset()).isEqualTo(model.active().base());

        TestRecords.Scan scan = TestRecords.scan(log, log.minOffset(), log.maxOffset());
        assertThat(scan.corruptOffsets()).containsExactly(bad.offset());
        assertThat(scan.badChecksums()).isEmpty();
        StoreAssertions.assertRecords(scan.records(), served);
    }

    private static void flipBit(Path file, long position, int bit) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, position);
            b.put(0, (byte) (b.get(0) ^ (1 << bit))).position(0);
            ch.write(b, position);
            ch.force(true);
        }
    }

    // ---------------------------------------------------------------- time index

    /** Ways to damage a time index file. */
    public enum IndexDamage { DELETED, TRUNCATED_TO_ODD_SIZE, GARBAGE, GARBAGE_OFFSETS_PAST_END, NON_MONOTONIC }

    @ParameterizedTest
    @EnumSource(IndexDamage.class)
    public void damagedTimeIndex_isRebuiltFromIds(IndexDamage damage) throws IOException {
        for (LogModel.Seg s : model.segments()) {
            damage(timeIndexFile(TP, s.base()), damage, s.base());
        }

        PartitionLog log = reopen();

        StoreAssertions.assertRecords(TestRecords.readAll(log), model.records());
        StoreAssertions.assertOffsetForTimeEverywhere(log, model, INDEX_INTERVAL + model.maxBatchBytes());
        closeStores();
        PartitionLog again = reopen();
        StoreAssertions.assertOffsetForTimeEverywhere(again, model, INDEX_INTERVAL + model.maxBatchBytes());
    }

    @ParameterizedTest
    @EnumSource(IndexDamage.class)
    public void damagedIndexOfLastSegmentOnly_isRebuiltFromIds(IndexDamage damage) throws IOException {
        damage(timeIndexFile(TP, model.active().base()), damage, model.active().base());

        PartitionLog log = reopen();

        StoreAssertions.assertOffsetForTimeEverywhere(log, model, INDEX_INTERVAL + model.maxBatchBytes());
    }

    @Test
    public void deletedTimeIndexWithoutTimeOfId_offsetForTimeNeverSkipsRecords() throws IOException {
        for (LogModel.Seg s : model.segments()) {
            Files.deleteIfExists(timeIndexFile(TP, s.base()));
        }

        PartitionLog log = openStore(storeConfig().build()).openPartition(TP, config);

        StoreAssertions.assertRecords(TestRecords.readAll(log), model.records());
        List<TestRecord> records = model.records();
        long first = model.appendTime(0);
        long lastTime = model.appendTime(records.size() - 1);
        for (long t = first - 2; t <= lastTime + 2; t++) {
            int i = model.firstAtOrAfter(t);
            long want = i < 0 ? model.end() : records.get(i).offset();
            long got = log.offsetForTime(t);
            assertThat(got).as("offsetForTime(%d) falls back to file times but never skips a record", t)
                    .isBetween(0L, want);
            assertThat(got == model.end() || records.stream().anyMatch(r -> r.offset() == got))
                    .as("offsetForTime(%d) = %d is a record boundary", t, got).isTrue();
        }
    }

    private void damage(Path index, IndexDamage damage, long base) throws IOException {
        switch (damage) {
            case DELETED -> Files.deleteIfExists(index);
            case TRUNCATED_TO_ODD_SIZE -> {
                long size = Files.size(index);
                if (size >= 16) {
                    truncate(index, size - 5);
                } else {
                    Files.write(index, new byte[7]);
                }
            }
            case GARBAGE -> {
                SplittableRandom rnd = new SplittableRandom(base);
                byte[] bytes;
                do {
                    bytes = TestRecords.randomPayload(rnd, 64);
                } while (nonDecreasingTimes(bytes));
                Files.write(index, bytes);
            }
            case GARBAGE_OFFSETS_PAST_END -> {
                SplittableRandom rnd = new SplittableRandom(base);
                ByteBuffer b = ByteBuffer.allocate(64);
                for (int i = 0; i < 4; i++) {
                    b.putLong(rnd.nextLong()).putLong(base + (1L << 40) + rnd.nextLong(1L << 40));
                }
                Files.write(index, b.array());
            }
            case NON_MONOTONIC -> {
                long t0 = model.appendTime(0);
                ByteBuffer b = ByteBuffer.allocate(48);
                b.putLong(t0 + 50).putLong(base).putLong(t0 + 10).putLong(base + 1).putLong(t0 + 30).putLong(base);
                Files.write(index, b.array());
            }
            default -> throw new IllegalArgumentException(String.valueOf(damage));
        }
    }

    private static boolean nonDecreasingTimes(byte[] entries) {
        ByteBuffer b = ByteBuffer.wrap(entries);
        for (int i = 16; i + 16 <= entries.length; i += 16) {
            if (b.getLong(i) < b.getLong(i - 16)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- checkpoints

    @Test
    public void missingRecoveryPoint_isHarmless() throws IOException {
        Path rp = partitionDir(TP).resolve("recovery-point");
        assertThat(rp).as("written at clean close").exists();
        Files.delete(rp);

        PartitionLog log = reopen();

        StoreAssertions.assertRecords(TestRecords.readAll(log), model.records());
        assertThat(log.maxOffset()).isEqualTo(model.end());
        assertAppendsContinueAt(log, model.end(), model.records());
    }

    @Test
    public void missingCleanShutdownMarker_isHarmless() throws IOException {
        Path marker = partitionDir(TP).resolve("clean-shutdown");
        assertThat(marker).as("written at clean close").exists();
        Files.delete(marker);

        PartitionLog log = reopen();

        StoreAssertions.assertRecords(TestRecords.readAll(log), model.records());
        assertAppendsContinueAt(log, model.end(), model.records());
    }

    @Test
    public void missingCheckpointsAndTornTail_recoverToLastCompleteRecord() throws IOException {
        Files.deleteIfExists(partitionDir(TP).resolve("recovery-point"));
        Files.deleteIfExists(partitionDir(TP).resolve("clean-shutdown"));
        TestRecord last = model.records().get(model.records().size() - 1);
        truncate(lastSegment(), lastSegmentDataSize() - 3);

        PartitionLog log = reopen();

        assertThat(log.maxOffset()).isEqualTo(last.offset());
        assertAppendsContinueAt(log, last.offset(), recordsBelow(last.offset()));
    }
}
