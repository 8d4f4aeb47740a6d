package io.metaq.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.api.record.PayloadCodec;
import io.metaq.api.record.Record;
import io.metaq.api.record.RecordFormat;
import io.metaq.api.record.RecordIterator;
import io.metaq.broker.config.BrokerConfigLoader;
import io.metaq.broker.config.ResolvedConfig;
import io.metaq.spi.ProviderRegistry;
import io.metaq.spi.store.MessageStore;
import io.metaq.spi.store.PartitionLog;
import io.metaq.spi.store.StoreConfig;
import io.metaq.spi.store.StoreProvider;
import io.metaq.spi.transport.BatchPutRequest;
import io.metaq.spi.transport.GetRequest;
import io.metaq.spi.transport.PutRequest;
import io.metaq.spi.transport.Request;
import io.metaq.spi.transport.Response;
import io.metaq.spi.transport.ResultResponse;
import io.metaq.spi.transport.ValueResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bput} (PROTOCOL-EXTENSIONS.md E2): the i-th record's id is firstId + i; at most 4096 records a batch. */
class BatchPutIdsTest {
    @TempDir
    Path dir;
    private ResolvedConfig cfg;
    private MessageStore store;
    private BrokerCore core;
    private final BrokerCoreTest.TestConnection conn = new BrokerCoreTest.TestConnection();

    @BeforeEach
    void start() {
        String yaml = "broker: {id: 3}\ntopics:\n  orders: {partitions: 2, flush: interval}\n";
        cfg = BrokerConfigLoader.parse(yaml).resolve(dir);
        StoreProvider provider = ProviderRegistry.load(StoreProvider.class, getClass().getClassLoader()).get("file");
        store = provider.create(StoreConfig.builder(cfg.dataDir()).maxMessageSize(cfg.maxMessageSize())
                .timeOfId(MessageIdGenerator::timeOf).build());
        core = new BrokerCore(cfg, store, new MessageIdGenerator(cfg.brokerId(), System::currentTimeMillis,
                cfg.dataDir().resolve("ids")), yaml.getBytes(StandardCharsets.UTF_8), 42, "meta://127.0.0.1:8123",
                () -> 1);
    }

    @AfterEach
    void stop() {
        core.close();
        store.close();
    }

    private ResultResponse call(Request r) throws Exception {
        CompletableFuture<Response> f = new CompletableFuture<>();
        core.handler().handle(conn, r, f::complete);
        Response response = f.get(20, TimeUnit.SECONDS);
        assertThat(response).isInstanceOf(ResultResponse.class);
        return (ResultResponse) response;
    }

    private static ByteBuffer batch(int records, String prefix) {
        List<byte[]> payloads = new ArrayList<>();
        int size = 0;
        for (int i = 0; i < records; i++) {
            byte[] p = (prefix + i).getBytes(StandardCharsets.UTF_8);
            payloads.add(p);
            size += RecordFormat.HEADER_SIZE + p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        for (byte[] p : payloads) {
            RecordFormat.write(b, 0, 0, ByteBuffer.wrap(p));
        }
        return b.flip();
    }

    /** The acknowledgement's {@code firstId partition firstOffset count}. */
    private static long[] ack(ResultResponse r) {
        assertThat(r.code()).as(r.text()).isEqualTo(200);
        String[] parts = r.text().split(" ");
        assertThat(parts).hasSize(4);
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                Long.parseLong(parts[3])};
    }

    private List<Record> get(int partition, long offset) throws Exception {
        CompletableFuture<Response> f = new CompletableFuture<>();
        core.handler().handle(conn, new GetRequest("orders", "g", partition, offset, 1 << 20, 0, 1), f::complete);
        Response r = f.get(10, TimeUnit.SECONDS);
        assertThat(r).isInstanceOf(ValueResponse.class);
        ValueResponse v = (ValueResponse) r;
        ByteBuffer copy = ByteBuffer.allocate(v.records().size()).put(v.records().toByteBuffer()).flip();
        long base = v.records().offset();
        v.records().close();
        List<Record> out = new ArrayList<>();
        new RecordIterator(copy, base, 1 << 20).forEachRemaining(out::add);
        return out;
    }

    /** The records in the partition's segment files, read from disk. */
    private List<Record> onDisk(int partition) throws Exception {
        Path pdir = cfg.dataDir().resolve("orders-" + partition);
        List<Path> segments;
        try (Stream<Path> s = Files.list(pdir)) {
            segments = s.filter(p -> p.getFileName().toString().endsWith(".meta")).sorted().toList();
        }
        List<Record> out = new ArrayList<>();
        for (Path seg : segments) {
            long base = Long.parseLong(seg.getFileName().toString().replace(".meta", ""));
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(seg));
            new RecordIterator(bytes, base, 1 << 20).forEachRemaining(out::add);
        }
        return out;
    }

    private PartitionLog log(int partition) {
        return core.topics().get("orders").partition(partition);
    }

    private static void assertConsecutive(List<Record> records, long firstId) {
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).id()).as("id of record %d", i).isEqualTo(firstId + i);
        }
    }

    @Test
    void bput_recordsGetIdsFirstIdToFirstIdPlusNMinus1_inAGetAndOnDisk() throws Exception {
        int n = 100;
        long[] a = ack(call(new BatchPutRequest("orders", 1, n, batch(n, "r"), 9)));
        long firstId = a[0];
        assertThat(a[1]).isEqualTo(1);
        assertThat(a[2]).isZero();
        assertThat(a[3]).isEqualTo(n);
        assertThat((firstId >> 12) & 1023).as("broker id inside the ids").isEqualTo(3);

        List<Record> got = get(1, 0);
        assertThat(got).hasSize(n);
        assertConsecutive(got, firstId);
        for (int i = 0; i < n; i++) {
            assertThat(new String(got.get(i).dataBytes(), StandardCharsets.UTF_8)).isEqualTo("r" + i);
            assertThat(got.get(i).checksumValid()).isTrue();
        }
        log(1).flush();
        List<Record> disk = onDisk(1);
        assertThat(disk).hasSize(n);
        assertConsecutive(disk, firstId);
    }

    @Test
    void bput_ofTheMaximum4096Records_getsOneBlockOfConsecutiveIds() throws Exception {
        int n = MessageIdGenerator.MAX_BLOCK;
        assertThat(n).isEqualTo(4096);
        long[] a = ack(call(new BatchPutRequest("orders", 0, n, batch(n, ""), 1)));
        assertThat(a[3]).isEqualTo(n);
        List<Record> got = new ArrayList<>();
        long offset = 0;
        while (got.size() < n) {
            List<Record> part = get(0, offset);
            got.addAll(part);
            Record last = part.get(part.size() - 1);
            offset = last.offset() + last.size();
        }
        assertConsecutive(got, a[0]);
        assertThat(MessageIdGenerator.timeOf(got.get(n - 1).id())).as("one millisecond's sequence space")
                .isEqualTo(MessageIdGenerator.timeOf(a[0]));
    }

    @Test
    void puts_andBatches_interleaved_keepIdsStrictlyIncreasing() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            byte[] body = PayloadCodec.encode(("p" + round).getBytes(StandardCharsets.UTF_8), null);
            ResultResponse single = call(new PutRequest("orders", 0, 0, RecordFormat.checksum(body, 0, body.length),
                    null, ByteBuffer.wrap(body), 2));
            ids.add(Long.parseLong(single.text().split(" ")[0]));
            long[] a = ack(call(new BatchPutRequest("orders", 0, 3 + round * 1000, batch(3 + round * 1000, "b"), 3)));
            for (int i = 0; i < a[3]; i++) {
                ids.add(a[0] + i);
            }
        }
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        List<Record> all = new ArrayList<>();
        long offset = 0;
        while (all.size() < ids.size()) {
            List<Record> part = get(0, offset);
            all.addAll(part);
            Record last = part.get(part.size() - 1);
            offset = last.offset() + last.size();
        }
        assertThat(all).extracting(Record::id).containsExactlyElementsOf(ids);
    }

    @Test
    void bput_countAbove4096_is400_connectionStaysOpen_andNothingIsStored() throws Exception {
        ResultResponse r = call(new BatchPutRequest("orders", 0, 4097, batch(4097, ""), 12));
        assertThat(r.code()).isEqualTo(400);
        assertThat(r.opaque()).isEqualTo(12);
        assertThat(r.text()).isEqualTo("batch of 4097 records exceeds 4096 records per batch");
        assertThat(conn.isOpen()).isTrue();
        assertThat(log(0).maxOffset()).isZero();

        long[] a = ack(call(new BatchPutRequest("orders", 0, 2, batch(2, "ok"), 13)));
        assertThat(a[2]).as("the next batch still works, from offset 0").isZero();
    }

    @Test
    void bput_bodyHoldingMoreThan4096Records_isRejectedByTheWriter() throws Exception {
        // The frame's count says 4096, the body holds one record more: refused before any id is taken.
        ResultResponse r = call(new BatchPutRequest("orders", 0, 4096, batch(4097, ""), 14));
        assertThat(r.code()).isEqualTo(400);
        assertThat(r.text()).contains("batch of 4097 records exceeds 4096 records per batch");
        assertThat(log(0).maxOffset()).isZero();
    }
}
