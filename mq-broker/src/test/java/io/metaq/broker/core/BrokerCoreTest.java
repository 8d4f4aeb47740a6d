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
import io.metaq.spi.store.StoreConfig;
import io.metaq.spi.store.StoreProvider;
import io.metaq.spi.transport.BatchPutRequest;
import io.metaq.spi.transport.Connection;
import io.metaq.spi.transport.GetRequest;
import io.metaq.spi.transport.OffsetRequest;
import io.metaq.spi.transport.PutRequest;
import io.metaq.spi.transport.Request;
import io.metaq.spi.transport.Response;
import io.metaq.spi.transport.ResultResponse;
import io.metaq.spi.transport.StatsRequest;
import io.metaq.spi.transport.TransactionRequest;
import io.metaq.spi.transport.ValueResponse;
import io.metaq.spi.transport.VersionRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's request handling over a real file store, without a network in between. */
class BrokerCoreTest {
    @TempDir
    Path dir;
    private MessageStore store;
    private BrokerCore core;
    private final TestConnection conn = new TestConnection();

    static final class TestConnection implements Connection {
        final AtomicBoolean open = new AtomicBoolean(true);

        @Override
        public long id() {
            return 1;
        }

        @Override
        public SocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 40000);
        }

        @Override
        public boolean isOpen() {
            return open.get();
        }

        @Override
        public void close() {
            open.set(false);
        }
    }

    void start(String yaml) {
        ResolvedConfig cfg = BrokerConfigLoader.parse(yaml).resolve(dir);
        StoreProvider provider = ProviderRegistry.load(StoreProvider.class, getClass().getClassLoader()).get("file");
        store = provider.create(StoreConfig.builder(cfg.dataDir()).maxMessageSize(cfg.maxMessageSize())
                .timeOfId(MessageIdGenerator::timeOf).build());
        core = new BrokerCore(cfg, store, new MessageIdGenerator(cfg.brokerId(), System::currentTimeMillis,
                cfg.dataDir().resolve("ids")), yaml.getBytes(StandardCharsets.UTF_8), 42, "meta://127.0.0.1:8123",
                () -> 1);
    }

    @BeforeEach
    void startDefault() {
        start("broker: {id: 3}\ntopics:\n  orders: {partitions: 2, flush: interval}\n");
    }

    @AfterEach
    void stop() {
        core.close();
        store.close();
    }

    private Response call(Request r) throws Exception {
        CompletableFuture<Response> f = new CompletableFuture<>();
        core.handler().handle(conn, r, f::complete);
        return f.get(10, TimeUnit.SECONDS);
    }

    private static PutRequest put(String topic, int partition, String text, String attribute, int opaque) {
        byte[] body = PayloadCodec.encode(text.getBytes(StandardCharsets.UTF_8), attribute);
        return new PutRequest(topic, partition, PayloadCodec.flagFor(attribute),
                RecordFormat.checksum(body, 0, body.length), null, ByteBuffer.wrap(body), opaque);
    }

    private static ResultResponse result(Response r) {
        assertThat(r).isInstanceOf(ResultResponse.class);
        return (ResultResponse) r;
    }

    private static List<Record> records(Response r) {
        assertThat(r).isInstanceOf(ValueResponse.class);
        ValueResponse v = (ValueResponse) r;
        ByteBuffer copy = ByteBuffer.allocate(v.records().size()).put(v.records().toByteBuffer()).flip();
        long offset = v.records().offset();
        v.records().close();
        List<Record> out = new ArrayList<>();
        new RecordIterator(copy, offset, 1 << 20).forEachRemaining(out::add);
        return out;
    }

    @Test
    void put_thenGet_returnsTheStoredRecordWithItsIdAndAttribute() throws Exception {
        ResultResponse ack = result(call(put("orders", 1, "hello", "tag-a", 7)));
        assertThat(ack.code()).isEqualTo(200);
        assertThat(ack.opaque()).isEqualTo(7);
        String[] parts = ack.text().split(" ");
        assertThat(parts).hasSize(3);
        assertThat(parts[1]).isEqualTo("1");
        assertThat(parts[2]).isEqualTo("0");
        long id = Long.parseLong(parts[0]);
        assertThat((id >> 12) & 1023).as("broker id inside the message id").isEqualTo(3);

        List<Record> got = records(call(new GetRequest("orders", "g", 1, 0, 1 << 20, 0, 8)));
        assertThat(got).hasSize(1);
        assertThat(got.get(0).id()).isEqualTo(id);
        assertThat(got.get(0).attribute()).isEqualTo("tag-a");
        assertThat(new String(got.get(0).dataBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(got.get(0).checksumValid()).isTrue();
    }

    @Test
    void puts_toOnePartition_keepTheirOrderAndContiguousOffsets() throws Exception {
        List<CompletableFuture<Response>> acks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            CompletableFuture<Response> f = new CompletableFuture<>();
            core.handler().handle(conn, put("orders", 0, "m" + i, null, i), f::complete);
            acks.add(f);
        }
        long expected = 0;
        for (int i = 0; i < 200; i++) {
            ResultResponse r = result(acks.get(i).get(10, TimeUnit.SECONDS));
            assertThat(Long.parseLong(r.text().split(" ")[2])).isEqualTo(expected);
            expected += RecordFormat.HEADER_SIZE + ("m" + i).length();
        }
        List<Record> got = records(call(new GetRequest("orders", "g", 0, 0, 1 << 20, 0, 1)));
        assertThat(got).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(new String(got.get(i).dataBytes(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
        }
    }

    @Test
    void put_badChecksum_isRejectedAndNothingStored() throws Exception {
        byte[] body = "x".getBytes(StandardCharsets.UTF_8);
        ResultResponse r = result(call(new PutRequest("orders", 0, 0, 12345, null, ByteBuffer.wrap(body), 3)));
        assertThat(r.code()).isEqualTo(500);
        assertThat(r.text()).contains("InvalidCheckSum");
        assertThat(result(call(new GetRequest("orders", "g", 0, 0, 1024, 0, 4))).code()).isEqualTo(404);
    }

    @Test
    void put_unknownTopic_autoCreatesWithDefaultPartitions() throws Exception {
        assertThat(result(call(put("fresh", 3, "x", null, 1))).code()).isEqualTo(200);
        assertThat(core.topics().get("fresh").partitions()).hasSize(4);
        assertThat(result(call(put("fresh", 4, "x", null, 2))).code()).as("partition out of range").isEqualTo(500);
    }

    @Test
    void put_autoCreateOff_unknownTopicFails() throws Exception {
        stop();
        start("autoCreateTopics: false\n");
        ResultResponse r = result(call(put("nope", 0, "x", null, 1)));
        assertThat(r.code()).isEqualTo(500);
        assertThat(r.text()).contains("auto-creation is off");
    }

    @Test
    void get_statusCases_matchTheOriginal() throws Exception {
        assertThat(result(call(new GetRequest("missing", "g", 0, 0, 1024, 0, 1))).code()).isEqualTo(404);
        assertThat(result(call(new GetRequest("orders", "g", 0, 0, 0, 0, 1))).code()).isEqualTo(400);
        assertThat(result(call(new GetRequest("orders", "g", 0, 0, 1024, 0, 1))).code()).as("empty").isEqualTo(404);
        call(put("orders", 0, "abc", null, 1));
        ResultResponse tail = result(call(new GetRequest("orders", "g", 0, Long.MAX_VALUE, 1024, 0, 1)));
        assertThat(tail.code()).as("alwaysConsumeFromMaxOffset asks with Long.MAX_VALUE").isEqualTo(301);
        assertThat(tail.text()).isEqualTo("23");
        ResultResponse misaligned = result(call(new GetRequest("orders", "g", 0, 5, 1024, 0, 1)));
        assertThat(misaligned.code()).isEqualTo(301);
        assertThat(misaligned.text()).isEqualTo("0");
    }

    @Test
    void offset_answersTheNearestValidOffset() throws Exception {
        call(put("orders", 0, "abc", null, 1));
        assertThat(result(call(new OffsetRequest("orders", "g", 0, 999, 1))).text()).isEqualTo("23");
        assertThat(result(call(new OffsetRequest("orders", "g", 0, 10, 1))).text()).isEqualTo("0");
        assertThat(result(call(new OffsetRequest("nope", "g", 0, 0, 1))).code()).isEqualTo(404);
    }

    @Test
    void longPollGet_parksUntilAPutArrives() throws Exception {
        CompletableFuture<Response> parked = new CompletableFuture<>();
        core.handler().handle(conn, new GetRequest("orders", "g", 1, 0, 4096, 10_000, 9), parked::complete);
        Thread.sleep(100);
        assertThat(parked).isNotDone();
        long t0 = System.nanoTime();
        call(put("orders", 1, "wake", null, 1));
        List<Record> got = records(parked.get(5, TimeUnit.SECONDS));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2000);
        assertThat(got).hasSize(1);
    }

    @Test
    void longPollGet_withoutData_answers404AfterItsWait() throws Exception {
        long t0 = System.nanoTime();
        ResultResponse r = result(call(new GetRequest("orders", "g", 1, 0, 4096, 200, 9)));
        assertThat(r.code()).isEqualTo(404);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(150);
    }

    @Test
    void batchPut_storesEveryRecordWithFreshIds() throws Exception {
        ByteBuffer batch = ByteBuffer.allocate(3 * (RecordFormat.HEADER_SIZE + 2));
        for (int i = 0; i < 3; i++) {
            RecordFormat.write(batch, 0, 0, ByteBuffer.wrap(("b" + i).getBytes(StandardCharsets.UTF_8)));
        }
        batch.flip();
        ResultResponse r = result(call(new BatchPutRequest("orders", 0, 3, batch, 5)));
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.text().split(" ")).hasSize(4).endsWith("3");
        List<Record> got = records(call(new GetRequest("orders", "g", 0, 0, 4096, 0, 1)));
        assertThat(got).extracting(Record::id).doesNotContain(0L).doesNotHaveDuplicates();
        assertThat(got).hasSize(3);
    }

    @Test
    void stats_andVersion_answer() throws Exception {
        call(put("orders", 0, "abc", null, 1));
        String summary = result(call(new StatsRequest("", 1))).text();
        assertThat(summary).startsWith("STATS\r\n").endsWith("END\r\n").contains("broker_id 3\r\n")
                .contains("cmd_put 1\r\n");
        assertThat(result(call(new StatsRequest("offsets", 1))).text()).contains("orders-0 min=0,max=23");
        assertThat(result(call(new StatsRequest("config", 1))).text()).contains("partitions: 2");
        assertThat(result(call(new StatsRequest("nosuchtopic", 1))).code()).isEqualTo(404);
        assertThat(result(call(new VersionRequest(2))).code()).isEqualTo(200);
    }

    @Test
    void transaction_isRefusedClearlyUntilSupported() throws Exception {
        ResultResponse r = result(call(new TransactionRequest("TX:s:1", "s", "BEGIN", 0, null, 4)));
        assertThat(r.code()).isEqualTo(500);
        assertThat(r.text()).contains("transaction");
    }
}
