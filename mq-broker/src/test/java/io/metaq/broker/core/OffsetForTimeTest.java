package io.metaq.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.api.record.RecordFormat;
import io.metaq.broker.config.BrokerConfigLoader;
import io.metaq.broker.config.ResolvedConfig;
import io.metaq.spi.ProviderRegistry;
import io.metaq.spi.store.MessageStore;
import io.metaq.spi.store.StoreConfig;
import io.metaq.spi.store.StoreProvider;
import io.metaq.spi.transport.OffsetForTimeRequest;
import io.metaq.spi.transport.PutRequest;
import io.metaq.spi.transport.Request;
import io.metaq.spi.transport.Response;
import io.metaq.spi.transport.ResultResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code otime} (PROTOCOL-EXTENSIONS.md E4) over a real file store whose clock the test sets, so every
 * record is appended at a known time.
 */
class OffsetForTimeTest {
    private static final long T0 = 1_700_000_000_000L;
    /** How far before the first record at or after the time the answer may be: the time-index interval plus a batch. */

    @TempDir
    Path dir;
    private final AtomicLong storeClock = new AtomicLong(T0);
    private MessageStore store;
    private BrokerCore core;
    private final BrokerCoreTest.TestConnection conn = new BrokerCoreTest.TestConnection();

    /** One appended record: where it is and when the store appended it. */
    private record Appended(long offset, int size, long time) {
    }

    @BeforeEach
    void start() {
        String yaml = "broker: {id: 3}\ntopics:\n"
                + "  orders: {partitions: 2, flush: interval}\n"
                + "  small: {partitions: 1, flush: interval, segmentBytes: 8k}\n";
        ResolvedConfig cfg = BrokerConfigLoader.parse(yaml).resolve(dir);
        StoreProvider provider = ProviderRegistry.load(StoreProvider.class, getClass().getClassLoader()).get("file");
        store = provider.create(StoreConfig.builder(cfg.dataDir()).maxMessageSize(cfg.maxMessageSize())
                .clock(storeClock::get).timeOfId(MessageIdGenerator::timeOf).build());
        core = new BrokerCore(cfg, store, new MessageIdGenerator(cfg.brokerId(), storeClock::get,
                cfg.dataDir().resolve("ids")), yaml.getBytes(StandardCharsets.UTF_8), 42, "meta://127.0.0.1:8123",
                () -> 1);
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

    private ResultResponse otime(String topic, int partition, long timestampMs) throws Exception {
        Response r = call(new OffsetForTimeRequest(topic, partition, timestampMs, 77));
        assertThat(r).isInstanceOf(ResultResponse.class);
        ResultResponse result = (ResultResponse) r;
        assertThat(result.opaque()).isEqualTo(77);
        return result;
    }

    private long otimeOffset(String topic, int partition, long timestampMs) throws Exception {
        ResultResponse r = otime(topic, partition, timestampMs);
        assertThat(r.code()).as("otime %s-%d %d: %s", topic, partition, timestampMs, r.text()).isEqualTo(200);
        return Long.parseLong(r.text());
    }

    /** Puts one record of {@code payloadBytes} bytes, appended by the store at {@code time}. */
    private Appended putAt(String topic, int partition, long time, int payloadBytes) throws Exception {
        storeClock.set(time);
        byte[] body = new byte[payloadBytes];
        Arrays.fill(body, (byte) 'x');
        Response r = call(new PutRequest(topic, partition, 0, RecordFormat.checksum(body, 0, body.length), null,
                ByteBuffer.wrap(body), 1));
        ResultResponse ack = (ResultResponse) r;
        assertThat(ack.code()).as(ack.text()).isEqualTo(200);
        return new Appended(Long.parseLong(ack.text().split(" ")[2]), RecordFormat.HEADER_SIZE + payloadBytes, time);
    }

    /**
     * The E4 answer for {@code t}: the partition's first offset when no record is older than {@code t}, its
     * max offset when every record is; otherwise a record boundary at or before the first record appended
     * at or after {@code t}, at most one time-index interval plus one record before it.
     */
    private void assertAnswer(String topic, int partition, List<Appended> log, long t) throws Exception {
        long got = otimeOffset(topic, partition, t);
        Appended last = log.get(log.size() - 1);
        long max = last.offset() + last.size();
        Appended want = log.stream().filter(a -> a.time() >= t).findFirst().orElse(null);
        if (want == null) {
            assertThat(got).as("otime %d after the last record", t).isEqualTo(max);
        } else if (want == log.get(0)) {
            assertThat(got).as("otime %d at or before the first record", t).isEqualTo(log.get(0).offset());
        } else {
            // The index narrows the search; the ids' times (same clock here) make the answer exact.
            assertThat(got).as("otime %d: first record at or after it is %s", t, want).isEqualTo(want.offset());
        }
    }

    @Test
    void otime_beforeBetweenAndAfterTheRecords() throws Exception {
        List<Appended> log = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            log.add(putAt("orders", 0, T0 + 10L * i, 30));
        }
        long max = log.get(4).offset() + log.get(4).size();

        // before (or at) the first record: the first offset
        assertThat(otimeOffset("orders", 0, T0 - 1)).isZero();
        assertThat(otimeOffset("orders", 0, T0)).isZero();
        assertThat(otimeOffset("orders", 0, 0)).as("0 means earliest").isZero();
        assertThat(otimeOffset("orders", 0, -1)).as("negative means earliest").isZero();
        assertThat(otimeOffset("orders", 0, Long.MIN_VALUE)).isZero();
        // between: exactly the first record appended at or after the time
        assertThat(otimeOffset("orders", 0, T0 + 15)).isEqualTo(log.get(2).offset());
        assertThat(otimeOffset("orders", 0, T0 + 40)).isEqualTo(log.get(4).offset());
        // after the last record: the max offset, "nothing yet, start at the end"
        assertThat(otimeOffset("orders", 0, T0 + 41)).isEqualTo(max);
        assertThat(otimeOffset("orders", 0, Long.MAX_VALUE)).isEqualTo(max);
        for (long t = T0 - 3; t <= T0 + 45; t++) {
            assertAnswer("orders", 0, log, t);
        }
    }

    @Test
    void otime_overSealedSegments_searchesTheirIndexesOnDisk() throws Exception {
        // 8 KiB segments and 3 KiB records: two records a segment, so most lookups hit a sealed segment's
        // index file; records larger than the index interval would each get their own entry.
        List<Appended> log = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            log.add(putAt("small", 0, T0 + 10L * i, 3000));
        }
        assertThat(core.topics().get("small").partition(0).segments()).hasSizeGreaterThan(4);
        long max = log.get(11).offset() + log.get(11).size();

        assertThat(otimeOffset("small", 0, 0)).isZero();
        assertThat(otimeOffset("small", 0, T0 + 111)).isEqualTo(max);
        for (long t = T0 - 2; t <= T0 + 115; t++) {
            assertAnswer("small", 0, log, t);
        }
    }

    @Test
    void otime_emptyPartition_answersZero() throws Exception {
        assertThat(otimeOffset("orders", 1, 0)).isZero();
        assertThat(otimeOffset("orders", 1, T0)).isZero();
        assertThat(otimeOffset("orders", 1, Long.MAX_VALUE)).isZero();
    }

    @Test
    void otime_unknownPartitionOrTopic_is404LikeOffset() throws Exception {
        ResultResponse noPartition = otime("orders", 7, T0);
        assertThat(noPartition.code()).isEqualTo(404);
        assertThat(noPartition.text()).isEqualTo("The topic `orders` in partition `7` is not exists");
        ResultResponse negative = otime("orders", -1, T0);
        assertThat(negative.code()).isEqualTo(404);
        ResultResponse noTopic = otime("nope", 0, T0);
        assertThat(noTopic.code()).isEqualTo(404);
        assertThat(noTopic.text()).isEqualTo("The topic `nope` in partition `0` is not exists");
        assertThat(core.topics().get("nope")).as("otime does not create topics").isNull();
        assertThat(conn.isOpen()).isTrue();
    }

    @Test
    void otime_isAnsweredOnAFetchThread_notTheCallersThread() throws Exception {
        putAt("orders", 0, T0, 10);
        AtomicReference<String> thread = new AtomicReference<>();
        CompletableFuture<Response> f = new CompletableFuture<>();
        core.handler().handle(conn, new OffsetForTimeRequest("orders", 0, T0, 5), r -> {
            thread.set(Thread.currentThread().getName());
            f.complete(r);
        });
        assertThat(((ResultResponse) f.get(10, TimeUnit.SECONDS)).text()).isEqualTo("0");
        assertThat(thread.get()).startsWith("metaq-fetch-");
    }
}
