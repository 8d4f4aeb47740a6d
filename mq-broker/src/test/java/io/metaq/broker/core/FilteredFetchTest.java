package io.metaq.broker.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaq.api.ConfigException;
import io.metaq.api.record.PayloadCodec;
import io.metaq.api.record.Record;
import io.metaq.api.record.RecordFormat;
import io.metaq.api.record.RecordIterator;
import io.metaq.broker.config.BrokerConfigLoader;
import io.metaq.broker.config.ResolvedConfig;
import io.metaq.broker.filter.FilterManager;
import io.metaq.broker.testfilters.TestFilterProviders;
import io.metaq.spi.ProviderRegistry;
import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.store.FileRegionView;
import io.metaq.spi.store.MessageStore;
import io.metaq.spi.store.StoreConfig;
import io.metaq.spi.store.StoreProvider;
import io.metaq.spi.transport.AdminRequest;
import io.metaq.spi.transport.GetRequest;
import io.metaq.spi.transport.PutRequest;
import io.metaq.spi.transport.Request;
import io.metaq.spi.transport.Response;
import io.metaq.spi.transport.ResultResponse;
import io.metaq.spi.transport.StatsRequest;
import io.metaq.spi.transport.ValueResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-side filters on the fetch path (PROTOCOL-EXTENSIONS.md, "Server-side filters"), over a real
 * file store with the test providers of {@code io.metaq.broker.testfilters}.
 */
class FilteredFetchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILTERS = "filters:\n"
            + "  orders:\n"
            + "    billing: {provider: test-prefix, params: {prefix: a}}\n";

    @TempDir
    Path dir;
    private MessageStore store;
    private BrokerCore core;
    private FilterManager filters;
    private final BrokerCoreTest.TestConnection conn = new BrokerCoreTest.TestConnection();
    /** What a reload reads. */
    private volatile String reloadYaml;

    private void start(String yaml) {
        String full = "broker: {id: 3}\ntopics:\n  orders: {partitions: 2, flush: interval}\n" + yaml;
        ResolvedConfig cfg = BrokerConfigLoader.parse(full).resolve(dir);
        StoreProvider provider = ProviderRegistry.load(StoreProvider.class, getClass().getClassLoader()).get("file");
        store = provider.create(StoreConfig.builder(cfg.dataDir()).maxMessageSize(cfg.maxMessageSize())
                .timeOfId(MessageIdGenerator::timeOf).build());
        filters = new FilterManager(ProviderRegistry.load(FilterProvider.class, getClass().getClassLoader()),
                List.of(), cfg.slowFilterMs());
        filters.install(cfg.filters());
        filters.reloadSource(() -> {
            ResolvedConfig c = BrokerConfigLoader.parse(reloadYaml).resolve(dir);
            return new FilterManager.Reload(c.filters(), List.of());
        });
        core = new BrokerCore(cfg, store, new MessageIdGenerator(cfg.brokerId(), System::currentTimeMillis,
                cfg.dataDir().resolve("ids")), full.getBytes(StandardCharsets.UTF_8), 42, "meta://127.0.0.1:8123",
                () -> 1, filters);
    }

    @AfterEach
    void stop() {
        if (core != null) {
            core.close();
            filters.close();
            store.close();
        }
    }

    private Response call(Request r) throws Exception {
        CompletableFuture<Response> f = new CompletableFuture<>();
        core.handler().handle(conn, r, f::complete);
        return f.get(10, TimeUnit.SECONDS);
    }

    private static PutRequest put(String text, String attribute) {
        byte[] body = PayloadCodec.encode(text.getBytes(StandardCharsets.UTF_8), attribute);
        return new PutRequest("orders", 0, PayloadCodec.flagFor(attribute), RecordFormat.checksum(body, 0, body.length),
                null, ByteBuffer.wrap(body), 1);
    }

    /** Puts and returns the offset of each record. */
    private List<Long> putAll(String... texts) throws Exception {
        List<Long> offsets = new ArrayList<>();
        for (String t : texts) {
            ResultResponse r = (ResultResponse) call(put(t, null));
            assertThat(r.code()).as(r.text()).isEqualTo(200);
            offsets.add(Long.parseLong(r.text().split(" ")[2]));
        }
        return offsets;
    }

    private static long size(String text) {
        return RecordFormat.HEADER_SIZE + text.getBytes(StandardCharsets.UTF_8).length;
    }

    private GetRequest get(String group, long offset, int maxSize, long waitMs) {
        return new GetRequest("orders", group, 0, offset, maxSize, waitMs, 9);
    }

    /** A value's records as a client parses them: offsets are the request offset plus the position. */
    private static List<Record> records(Response r, long requestOffset) {
        assertThat(r).as(String.valueOf(r)).isInstanceOf(ValueResponse.class);
        ValueResponse v = (ValueResponse) r;
        assertThat(v.records().offset()).isEqualTo(requestOffset);
        ByteBuffer copy = ByteBuffer.allocate(v.records().size()).put(v.records().toByteBuffer()).flip();
        v.records().close();
        List<Record> out = new ArrayList<>();
        new RecordIterator(copy, requestOffset, 1 << 20).forEachRemaining(out::add);
        return out;
    }

    private static String text(Record r) {
        return new String(r.dataBytes(), StandardCharsets.UTF_8);
    }

    private static ResultResponse result(Response r) {
        assertThat(r).as(String.valueOf(r)).isInstanceOf(ResultResponse.class);
        return (ResultResponse) r;
    }

    @Test
    void value_holdsTheLeadingRunOfAcceptedRecords_and301MovesToTheNextAccepted() throws Exception {
        start(FILTERS);
        List<Long> at = putAll("a0", "a1", "b0", "b1", "a2", "b2");

        Response first = call(get("billing", 0, 4096, 0));
        assertThat(((ValueResponse) first).records()).as("a file-store value stays a file region")
                .isInstanceOf(FileRegionView.class);
        List<Record> run = records(first, 0);
        assertThat(run).extracting(FilteredFetchTest::text).containsExactly("a0", "a1");
        assertThat(run).extracting(Record::offset).containsExactly(at.get(0), at.get(1));

        ResultResponse moved = result(call(get("billing", at.get(2), 4096, 0)));
        assertThat(moved.code()).isEqualTo(301);
        assertThat(moved.text()).isEqualTo(Long.toString(at.get(4)));

        assertThat(records(call(get("billing", at.get(4), 4096, 0)), at.get(4)))
                .extracting(FilteredFetchTest::text).containsExactly("a2");

        ResultResponse tail = result(call(get("billing", at.get(5), 4096, 0)));
        assertThat(tail.code()).as("only rejected records up to the end: past them").isEqualTo(301);
        assertThat(tail.text()).isEqualTo(Long.toString(at.get(5) + size("b2")));
        assertThat(result(call(get("billing", at.get(5) + size("b2"), 4096, 0))).code()).isEqualTo(404);
    }

    @Test
    void unfilteredGroup_getsEveryRecordZeroCopy() throws Exception {
        start(FILTERS);
        putAll("a0", "b0", "a1");
        Response r = call(get("other", 0, 4096, 0));
        assertThat(((ValueResponse) r).records()).isInstanceOf(FileRegionView.class);
        assertThat(records(r, 0)).extracting(FilteredFetchTest::text).containsExactly("a0", "b0", "a1");
    }

    /**
     * Both clients advance by the whole records of a value (request offset + bytes parsed) and jump to
     * a 301's offset: walking a random partition that way delivers every accepted record once, in order.
     */
    @Test
    void aClientWalkingThePartition_getsEveryAcceptedRecordExactlyOnce() throws Exception {
        start("limits: {maxFilterScanBytes: 1k}\n" + FILTERS);
        Random random = new Random(7);
        List<String> expected = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String t = (random.nextInt(3) == 0 ? "a" : "b") + i + "x".repeat(random.nextInt(60));
            texts.add(t);
            if (t.startsWith("a")) {
                expected.add(t);
            }
        }
        putAll(texts.toArray(String[]::new));
        for (int maxSize : new int[] {64, 300, 4096, 1 << 20}) {
            List<String> delivered = new ArrayList<>();
            long offset = 0;
            int requests = 0;
            while (requests++ < 10_000) {
                Response r = call(get("billing", offset, maxSize, 0));
                if (r instanceof ValueResponse) {
                    List<Record> got = records(r, offset);
                    if (got.isEmpty()) {
                        maxSize *= 2; // as the clients do when a record is larger than what they asked for
                        continue;
                    }
                    for (Record rec : got) {
                        delivered.add(text(rec));
                        offset = rec.offset() + rec.size();
                    }
                } else {
                    ResultResponse rr = result(r);
                    if (rr.code() == 404) {
                        break;
                    }
                    assertThat(rr.code()).isEqualTo(301);
                    long to = Long.parseLong(rr.text());
                    assertThat(to).isGreaterThan(offset);
                    offset = to;
                }
            }
            assertThat(delivered).as("maxSize " + maxSize).isEqualTo(expected);
        }
    }

    @Test
    void noAcceptedRecordInTheScanBudget_answers301AtARecordBoundaryPastTheScannedRecords() throws Exception {
        start("limits: {maxFilterScanBytes: 1k}\n" + FILTERS);
        String[] rejected = new String[100];
        for (int i = 0; i < rejected.length; i++) {
            rejected[i] = "b" + "y".repeat(30); // 51-byte records
        }
        List<Long> at = putAll(rejected);
        ResultResponse r = result(call(get("billing", 0, 200, 0)));
        assertThat(r.code()).isEqualTo(301);
        long to = Long.parseLong(r.text());
        assertThat(to).as("a record boundary at or past the 1k budget").isIn(at).isGreaterThanOrEqualTo(1024)
                .isLessThan(at.get(at.size() - 1));
    }

    @Test
    void longPoll_waitsThroughRejectedRecords_andAnswersWhenAnAcceptedOneArrives() throws Exception {
        start(FILTERS);
        CompletableFuture<Response> parked = new CompletableFuture<>();
        core.handler().handle(conn, get("billing", 0, 4096, 10_000), parked::complete);
        Thread.sleep(100);
        assertThat(parked).isNotDone();
        List<Long> rejected = putAll("b0", "b1");
        Thread.sleep(300);
        assertThat(parked).as("rejected records do not answer a filtered long poll").isNotDone();
        List<Long> accepted = putAll("a0");
        ResultResponse r = result(parked.get(5, TimeUnit.SECONDS));
        assertThat(r.code()).isEqualTo(301);
        assertThat(r.text()).as("the client continues at the accepted record").isEqualTo(Long.toString(accepted.get(0)));
        assertThat(rejected).hasSize(2);
        assertThat(records(call(get("billing", accepted.get(0), 4096, 10_000)), accepted.get(0)))
                .extracting(FilteredFetchTest::text).containsExactly("a0");
    }

    @Test
    void longPoll_atTheEnd_getsTheValueWhenAnAcceptedRecordIsAppended() throws Exception {
        start(FILTERS);
        CompletableFuture<Response> parked = new CompletableFuture<>();
        core.handler().handle(conn, get("billing", 0, 4096, 10_000), parked::complete);
        Thread.sleep(100);
        putAll("a0");
        assertThat(records(parked.get(5, TimeUnit.SECONDS), 0)).extracting(FilteredFetchTest::text)
                .containsExactly("a0");
    }

    @Test
    void longPoll_overOnlyRejectedRecords_answers301PastThemWhenItsWaitEnds() throws Exception {
        start(FILTERS);
        List<Long> at = putAll("b0", "b1");
        long end = at.get(1) + size("b1");
        long t0 = System.nanoTime();
        ResultResponse r = result(call(get("billing", 0, 4096, 300)));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(250);
        assertThat(r.code()).isEqualTo(301);
        assertThat(r.text()).isEqualTo(Long.toString(end));
        ResultResponse nothing = result(call(get("billing", end, 4096, 200)));
        assertThat(nothing.code()).isEqualTo(404);
    }

    @Test
    void throwingFilter_rejectPolicy_dropsTheRecord_andCountsTheError() throws Exception {
        start("filters: {orders: {billing: {provider: test-throwing}}}\n");
        List<Long> at = putAll("x", "boom", "y");
        assertThat(records(call(get("billing", 0, 4096, 0)), 0)).extracting(FilteredFetchTest::text)
                .containsExactly("x");
        ResultResponse r = result(call(get("billing", at.get(1), 4096, 0)));
        assertThat(r.code()).isEqualTo(301);
        assertThat(r.text()).isEqualTo(Long.toString(at.get(2)));
        String stats = result(call(new StatsRequest("filters", 1))).text();
        assertThat(stats).contains("filter_orders/billing provider=test-throwing,onError=reject,")
                .contains("errors=2"); // the failing record ended the first value, then was met again
    }

    @Test
    void throwingFilter_acceptPolicy_deliversTheRecord() throws Exception {
        start("filters: {orders: {billing: {provider: test-throwing, onError: accept}}}\n");
        putAll("x", "boom", "y");
        assertThat(records(call(get("billing", 0, 4096, 0)), 0)).extracting(FilteredFetchTest::text)
                .containsExactly("x", "boom", "y");
        assertThat(result(call(new StatsRequest("filters", 1))).text()).contains("errors=1");
    }

    @Test
    void slowFilter_isCounted() throws Exception {
        start("limits: {slowFilterMs: 5}\nfilters: {orders: {billing: {provider: test-throwing, params: {sleepMs: 30}}}}\n");
        putAll("fast", "slow");
        assertThat(records(call(get("billing", 0, 4096, 0)), 0)).hasSize(2);
        assertThat(result(call(new StatsRequest("filters", 1))).text()).contains("slow=1");
    }

    @Test
    void attributeFilter_seesTheAttribute() throws Exception {
        start("filters: {orders: {billing: {provider: test-attribute, params: {value: eu}}}}\n");
        call(put("one", "eu"));
        call(put("two", "us"));
        call(put("three", null));
        call(put("four", "eu"));
        List<String> delivered = new ArrayList<>();
        long offset = 0;
        while (true) {
            Response r = call(get("billing", offset, 4096, 0));
            if (r instanceof ValueResponse) {
                for (Record rec : records(r, offset)) {
                    delivered.add(text(rec) + "@" + rec.attribute());
                    offset = rec.offset() + rec.size();
                }
            } else if (result(r).code() == 301) {
                offset = Long.parseLong(result(r).text());
            } else {
                break;
            }
        }
        assertThat(delivered).containsExactly("one@eu", "four@eu");
    }

    @Test
    void reload_swapsTheFilters_andClosesTheOldOnes() throws Exception {
        start(FILTERS);
        putAll("a0", "b0");
        int closedBefore = TestFilterProviders.CLOSED.get();
        reloadYaml = "filters: {orders: {billing: {provider: test-prefix, params: {prefix: b}}}}\n";
        ResultResponse ok = result(call(new AdminRequest("{\"op\":\"reload\"}", 3)));
        assertThat(ok.code()).as(ok.text()).isEqualTo(200);
        JsonNode body = JSON.readTree(ok.body());
        assertThat(body.get("reloaded").asBoolean()).isTrue();
        assertThat(body.get("filters").get(0).get("params").get("prefix").asText()).isEqualTo("b");
        assertThat(TestFilterProviders.CLOSED.get()).isGreaterThan(closedBefore);

        ResultResponse moved = result(call(get("billing", 0, 4096, 0)));
        assertThat(moved.code()).isEqualTo(301);
        assertThat(moved.text()).isEqualTo(Long.toString(size("a0")));

        reloadYaml = "filters: {orders: {billing: {provider: nope}}}\n";
        ResultResponse bad = result(call(new AdminRequest("{\"op\":\"reload\"}", 4)));
        assertThat(bad.code()).isEqualTo(400);
        assertThat(bad.text()).contains("filters.orders.billing.provider").contains("no filter provider 'nope'")
                .contains("test-prefix").contains("unchanged");
        assertThat(result(call(get("billing", 0, 4096, 0))).text()).as("the old filter stays")
                .isEqualTo(Long.toString(size("a0")));

        reloadYaml = "filters: {orders: {billing: {provider: test-prefix}}}\n";
        ResultResponse badParams = result(call(new AdminRequest("{\"op\":\"reload\"}", 5)));
        assertThat(badParams.code()).isEqualTo(400);
        assertThat(badParams.text()).contains("filters.orders.billing.params.prefix").contains("is required");

        reloadYaml = "";
        assertThat(result(call(new AdminRequest("{\"op\":\"reload\"}", 6))).code()).isEqualTo(200);
        assertThat(records(call(get("billing", 0, 4096, 0)), 0)).as("no filter any more").hasSize(2);
        assertThat(result(call(new StatsRequest("filters", 1))).text()).isEqualTo("STATS\r\nEND\r\n");
    }

    @Test
    void reload_whileALongPollWaits_takesEffectWhenItWakes() throws Exception {
        start(FILTERS);
        CompletableFuture<Response> parked = new CompletableFuture<>();
        core.handler().handle(conn, get("billing", 0, 4096, 10_000), parked::complete);
        Thread.sleep(100);
        reloadYaml = "filters: {orders: {billing: {provider: test-prefix, params: {prefix: b}}}}\n";
        filters.reload();
        putAll("b0");
        assertThat(records(parked.get(5, TimeUnit.SECONDS), 0)).extracting(FilteredFetchTest::text)
                .containsExactly("b0");
    }

    @Test
    void install_unknownProvider_orBadParameters_failNamingTheFilter() {
        start("");
        assertThatThrownBy(() -> filters.install(BrokerConfigLoader.parse(
                "filters: {orders: {billing: {provider: geo}}}").resolve(dir).filters()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("filters.orders.billing.provider")
                .hasMessageContaining("no filter provider 'geo'; available: [test-attribute, test-prefix, test-throwing]");
        assertThatThrownBy(() -> filters.install(BrokerConfigLoader.parse(
                "filters: {orders: {billing: {provider: test-attribute, params: {valu: x}}}}").resolve(dir).filters()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid configuration 'filters.orders.billing.params.value': is required");
    }

    @Test
    void adminReload_withoutAConfigurationFile_is400() throws Exception {
        start("");
        filters.reloadSource(null);
        ResultResponse r = result(call(new AdminRequest("{\"op\":\"reload\"}", 3)));
        assertThat(r.code()).isEqualTo(400);
        assertThat(r.text()).contains("without a configuration file");
        assertThat(result(call(new AdminRequest("{\"op\":\"reload\",\"x\":1}", 3))).text())
                .isEqualTo("reload: unknown field \"x\"");
        ResultResponse plugins = result(call(new AdminRequest("{\"op\":\"list-plugins\"}", 3)));
        assertThat(plugins.code()).isEqualTo(200);
        assertThat(plugins.text()).isEqualTo("[]");
    }
}
