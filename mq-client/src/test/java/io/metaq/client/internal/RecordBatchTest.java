package io.metaq.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.api.record.RecordFormat;
import io.metaq.api.record.RecordIterator;
import io.metaq.client.Partition;
import io.metaq.client.ReceivedMessage;
import io.metaq.client.SendResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RecordBatchTest {
    private static RecordBatch batch(int maxBytes, int firstRecordSize) {
        return new RecordBatch(maxBytes, firstRecordSize, new BufferPool(maxBytes, 1));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static CompletableFuture<SendResult> add(RecordBatch b, String data, String attribute) {
        byte[] attr = RecordBatch.attributeBytes(attribute);
        CompletableFuture<SendResult> f = new CompletableFuture<>();
        if (!b.tryAppend(bytes(data), attr, RecordBatch.recordSize(bytes(data), attr), f)) {
            return null;
        }
        return f;
    }

    @Test
    void encodesValidRecordsTheBrokerAccepts() {
        RecordBatch b = batch(1 << 20, 0);
        add(b, "hello", null);
        add(b, "world", "tag=a");
        ByteBuffer records = b.records();
        assertThat(RecordFormat.validateBatch(records, 1 << 20)).isEqualTo(2);
        RecordIterator it = new RecordIterator(records, 0, 1 << 20);
        var first = it.next();
        assertThat(first.checksumValid()).isTrue();
        assertThat(first.id()).isZero();
        assertThat(first.attribute()).isNull();
        var second = it.next();
        assertThat(second.attribute()).isEqualTo("tag=a");
        assertThat(new String(second.dataBytes(), StandardCharsets.UTF_8)).isEqualTo("world");
        assertThat(it.hasNext()).isFalse();
    }

    @Test
    void growsItsBufferAndStopsAtTheBatchSize() {
        RecordBatch b = batch(10_000, 0);
        int accepted = 0;
        while (add(b, "x".repeat(1000), null) != null) {
            accepted++;
        }
        assertThat(accepted).isEqualTo(10_000 / 1020); // never beyond the batch size
        assertThat(b.bytes()).isLessThanOrEqualTo(10_000);
        assertThat(RecordFormat.validateBatch(b.records(), 1 << 20)).isEqualTo(accepted);
    }

    @Test
    void aRecordLargerThanTheBatchStillFitsAlone() {
        RecordBatch b = batch(100, 5020);
        assertThat(add(b, "y".repeat(5000), null)).isNotNull();
        assertThat(add(b, "z", null)).isNull();
    }

    @Test
    void stopsAtTheIdBlockLimit() {
        RecordBatch b = batch(1 << 20, 0);
        for (int i = 0; i < RecordBatch.MAX_RECORDS; i++) {
            assertThat(add(b, "m", null)).isNotNull();
        }
        assertThat(add(b, "m", null)).isNull();
    }

    @Test
    void anAcknowledgedBatchReturnsItsBufferForReuse() {
        BufferPool pool = new BufferPool(4096, 1);
        RecordBatch b = new RecordBatch(4096, 0, pool);
        add(b, "a", null);
        ByteBuffer used = b.records();
        b.succeeded("t", new Partition(0, 0), 1, 0);
        RecordBatch next = new RecordBatch(4096, 0, pool);
        add(next, "b", null);
        assertThat(next.records().isDirect()).isTrue();
        assertThat(RecordFormat.validateBatch(next.records(), 4096)).isEqualTo(1);
        assertThat(used.isDirect()).isTrue();
        RecordBatch failed = new RecordBatch(4096, 0, pool);
        add(failed, "c", null);
        failed.failed(new IllegalStateException("x")); // not returned: a write of it may still be queued
        assertThat(pool.take(10)).isNotSameAs(failed.records());
    }

    @Test
    void acknowledgementGivesConsecutiveIdsAndOffsets() throws Exception {
        RecordBatch b = batch(1 << 20, 0);
        List<CompletableFuture<SendResult>> fs = new ArrayList<>();
        fs.add(add(b, "a", null));
        fs.add(add(b, "bb", "k"));
        fs.add(add(b, "ccc", null));
        b.succeeded("t", new Partition(2, 3), 1000, 500);
        assertThat(fs.get(0).get()).isEqualTo(new SendResult(1000, "t", new Partition(2, 3), 500));
        assertThat(fs.get(1).get()).isEqualTo(new SendResult(1001, "t", new Partition(2, 3), 521));
        assertThat(fs.get(2).get()).isEqualTo(new SendResult(1002, "t", new Partition(2, 3), 521 + 20 + 4 + 1 + 2));
        assertThat(b.done()).isDone();
    }

    @Test
    void parserReturnsWholeRecordsAndTheOffsetAfterThem() {
        RecordBatch b = batch(1 << 20, 0);
        add(b, "one", null);
        add(b, "two", "attr");
        add(b, "three", null);
        ByteBuffer all = b.records();
        ByteBuffer cut = all.duplicate().limit(all.limit() - 3); // the last record cut short, as a fetch may
        RecordParser.Parsed parsed = RecordParser.parse("t", new Partition(0, 0), 4096, cut);
        assertThat(parsed.messages()).extracting(ReceivedMessage::text).containsExactly("one", "two");
        assertThat(parsed.messages().get(1).attribute()).isEqualTo("attr");
        assertThat(parsed.messages().get(0).offset()).isEqualTo(4096);
        assertThat(parsed.messages().get(1).offset()).isEqualTo(parsed.messages().get(0).nextOffset());
        assertThat(parsed.nextOffset()).isEqualTo(parsed.messages().get(1).nextOffset());
    }

    @Test
    void parserSkipsARecordWhoseChecksumFails() {
        RecordBatch b = batch(1 << 20, 0);
        add(b, "good", null);
        add(b, "bad!", null);
        add(b, "fine", null);
        ByteBuffer records = b.records();
        int second = 24;
        records.put(second + RecordFormat.HEADER_SIZE, (byte) 'B');
        RecordParser.Parsed parsed = RecordParser.parse("t", new Partition(0, 0), 0, records);
        assertThat(parsed.messages()).extracting(ReceivedMessage::text).containsExactly("good", "fine");
        assertThat(parsed.nextOffset()).isEqualTo(records.limit());
    }
}
