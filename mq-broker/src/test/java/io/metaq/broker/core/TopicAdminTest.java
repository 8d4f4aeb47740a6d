package io.metaq.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.api.record.PayloadCodec;
import io.metaq.api.record.RecordFormat;
import io.metaq.broker.config.BrokerConfigLoader;
import io.metaq.broker.config.ResolvedConfig;
import io.metaq.spi.ProviderRegistry;
import io.metaq.spi.store.MessageStore;
import io.metaq.spi.store.StoreConfig;
import io.metaq.spi.store.StoreProvider;
import io.metaq.spi.transport.AdminRequest;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting a topic under load, through the broker's handler over a real file store (no network, no ZooKeeper). */
class TopicAdminTest {
    @TempDir
    Path dir;
    private MessageStore store;
    private BrokerCore core;
    private final BrokerCoreTest.TestConnection conn = new BrokerCoreTest.TestConnection();

    @BeforeEach
    void start() {
        String yaml = "autoCreateTopics: false\n";
        ResolvedConfig cfg = BrokerConfigLoader.parse(yaml).resolve(dir);
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

    private CompletableFuture<Response> send(Request r) {
        CompletableFuture<Response> f = new CompletableFuture<>();
        core.handler().handle(conn, r, f::complete);
        return f;
    }

    private ResultResponse call(Request r) throws Exception {
        Response resp = send(r).get(10, TimeUnit.SECONDS);
        assertThat(resp).isInstanceOf(ResultResponse.class);
        return (ResultResponse) resp;
    }

    private static PutRequest put(String topic, int partition, String text) {
        byte[] body = PayloadCodec.encode(text.getBytes(StandardCharsets.UTF_8), null);
        return new PutRequest(topic, partition, 0, RecordFormat.checksum(body, 0, body.length), null,
                ByteBuffer.wrap(body), 1);
    }

    private ResultResponse admin(String json) throws Exception {
        return call(new AdminRequest(json, 3));
    }

    @Test
    void delete_racingPuts_everyPutIsAnswered_andNothingIsWrittenIntoTheDeletedDirectories() throws Exception {
        assertThat(admin("{\"op\":\"create-topic\",\"topic\":\"race\",\"partitions\":2}").code()).isEqualTo(200);
        ConcurrentLinkedQueue<CompletableFuture<Response>> answers = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int partition = p;
            Thread t = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    answers.add(send(put("race", partition, "m" + i)));
                    if (answers.size() > 50_000) {
                        break;
                    }
                }
            });
            t.start();
            producers.add(t);
        }
        Thread.sleep(100);

        ResultResponse deleted = admin("{\"op\":\"delete-topic\",\"topic\":\"race\"}");
        Thread.sleep(50);
        stop.set(true);
        for (Thread t : producers) {
            t.join(10_000);
        }

        assertThat(deleted.code()).as(deleted.text()).isEqualTo(200);
        int ok = 0;
        int failed = 0;
        for (CompletableFuture<Response> f : answers) {
            ResultResponse r = (ResultResponse) f.get(10, TimeUnit.SECONDS);
            if (r.code() == 200) {
                ok++;
            } else {
                assertThat(r.code()).as(r.text()).isEqualTo(500);
                assertThat(r.text()).containsAnyOf("is closed", "does not exist and auto-creation is off");
                failed++;
            }
        }
        assertThat(ok).as("puts stored before the delete").isPositive();
        assertThat(failed).as("puts refused during and after the delete").isPositive();
        assertThat(dir.resolve("data/race-0")).doesNotExist();
        assertThat(dir.resolve("data/race-1")).doesNotExist();
        assertThat(store.partitions()).noneMatch(tp -> tp.topic().equals("race"));
    }

    @Test
    void delete_answersParkedLongPollsAtOnce() throws Exception {
        admin("{\"op\":\"create-topic\",\"topic\":\"lp\",\"partitions\":1}");
        CompletableFuture<Response> parked = send(new GetRequest("lp", "g", 0, 0, 4096, 30_000, 9));
        Thread.sleep(100);
        assertThat(parked).isNotDone();

        long t0 = System.nanoTime();
        admin("{\"op\":\"delete-topic\",\"topic\":\"lp\"}");
        ResultResponse r = (ResultResponse) parked.get(5, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(3000);
        assertThat(r.code()).isEqualTo(404);
        assertThat(r.opaque()).isEqualTo(9);
    }

    @Test
    void delete_withAReadViewOpen_theViewStaysReadable() throws Exception {
        admin("{\"op\":\"create-topic\",\"topic\":\"v\",\"partitions\":1}");
        assertThat(call(put("v", 0, "still here")).code()).isEqualTo(200);
        Response got = send(new GetRequest("v", "g", 0, 0, 4096, 0, 2)).get(10, TimeUnit.SECONDS);
        assertThat(got).isInstanceOf(ValueResponse.class);
        try (var view = ((ValueResponse) got).records()) {
            assertThat(admin("{\"op\":\"delete-topic\",\"topic\":\"v\"}").code()).isEqualTo(200);
            ByteBuffer bytes = view.toByteBuffer();
            byte[] payload = new byte[bytes.getInt(0)];
            bytes.get(RecordFormat.HEADER_SIZE, payload);
            assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("still here");
        }
        assertThat(Files.exists(dir.resolve("data/v-0"))).isFalse();
    }
}
