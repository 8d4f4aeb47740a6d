package io.metaq.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaq.api.ConfigException;
import io.metaq.spi.store.FileRegionView;
import io.metaq.spi.transport.GetRequest;
import io.metaq.spi.transport.PutRequest;
import io.metaq.spi.transport.Responder;
import io.metaq.spi.transport.ResultResponse;
import io.metaq.spi.transport.ValueResponse;
import io.metaq.spi.transport.VersionRequest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import io.metaq.spi.transport.TransportConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server over real sockets on 127.0.0.1, driven by hand-written frames. */
class NettyServerTransportTest {
    @TempDir
    Path dir;

    private final TestingRequestHandler handler = new TestingRequestHandler();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    static TransportConfig config(int maxMessageSize, int maxConnections, long idleMs, Map<String, String> options) {
        return new TransportConfig("127.0.0.1", 0, maxMessageSize, 256, maxConnections, idleMs, 1, options);
    }

    private NettyServerTransport start(TransportConfig config) {
        NettyServerTransport server = new NettyServerTransport(config, handler);
        closeables.add(server);
        server.start();
        return server;
    }

    private NettyServerTransport start() {
        return start(config(1024, 100, 0, Map.of()));
    }

    private RawClient client(NettyServerTransport server) throws IOException {
        RawClient c = new RawClient(server.localAddress());
        closeables.add(c);
        return c;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void start_bindsAnEphemeralPortOnLoopback() {
        NettyServerTransport server = start();
        assertThat(server.localAddress().getPort()).isPositive();
        assertThat(server.localAddress().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void version_isAnswered_andConnectionLifecycleIsReported() throws Exception {
        NettyServerTransport server = start();
        try (RawClient c = new RawClient(server.localAddress())) {
            RawClient.Frame f = c.send("version 5\r\n").read();
            assertThat(f.line()).isEqualTo("result 200 " + TestingRequestHandler.VERSION.length() + " 5");
            assertThat(f.text()).isEqualTo(TestingRequestHandler.VERSION);
            assertThat(handler.opened).hasSize(1);
            assertThat(server.connectionCount()).isEqualTo(1);
        }
        await(() -> handler.closed.size() == 1, "connectionClosed is called");
        await(() -> server.connectionCount() == 0, "the connection count drops");
        assertThat(handler.closed.get(0).id()).isEqualTo(handler.opened.get(0).id());
    }

    @Test
    void put_bodyArrivingSlowly_isAnswered() throws Exception {
        RawClient c = client(start());
        c.send("put t 2 11 0 -1 ");
        c.send("9\r\nhello");
        Thread.sleep(20);
        c.send(" world");
        RawClient.Frame f = c.read();
        assertThat(f.opaque()).isEqualTo(9);
        assertThat(f.text()).isEqualTo("1 2 11");
        assertThat(handler.putBodies).containsExactly("hello world");
    }

    @Test
    void pipelinedRequests_answeredOutOfOrder_areMatchedByOpaque() throws Exception {
        List<Responder> held = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(3);
        handler.behaviour = (conn, req, responder) -> {
            if (req instanceof VersionRequest v) {
                synchronized (held) {
                    held.add(responder);
                    order.add(v.opaque());
                }
                all.countDown();
                return true;
            }
            return false;
        };
        RawClient c = client(start());
        c.send("version 1\r\nversion 2\r\nversion 3\r\n");
        assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly(1, 2, 3); // handed over in arrival order
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (int i = 2; i >= 0; i--) { // answer from another thread, last first
                Responder r = held.get(i);
                int opaque = order.get(i);
                pool.submit(() -> r.respond(ResultResponse.of(200, "v" + opaque, opaque))).get(5, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(List.of(c.read().opaque(), c.read().opaque(), c.read().opaque())).containsExactly(3, 2, 1);
    }

    @Test
    void responder_secondCallIsIgnored_andItsViewClosed() throws Exception {
        handler.behaviour = (conn, req, responder) -> {
            responder.respond(ResultResponse.of(200, "first", req.opaque()));
            responder.respond(new ValueResponse(handler.view("second"), req.opaque()));
            return true;
        };
        RawClient c = client(start());
        c.send("version 1\r\nversion 2\r\n");
        assertThat(c.read().text()).isEqualTo("first");
        assertThat(c.read().text()).isEqualTo("first");
        assertThat(handler.viewsClosed).hasValue(2);
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(strings = {"true", "false"})
    void value_fromFileRegionView_isSentFromTheFile_andTheViewClosedOnce(String epoll) throws Exception {
        Path file = dir.resolve("00000000000000000000.meta");
        byte[] content = new byte[3 * 1024 * 1024];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) ('a' + i % 26);
        }
        Files.write(file, content);
        AtomicInteger closes = new AtomicInteger();
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ)) {
            handler.behaviour = (conn, req, responder) -> {
                GetRequest g = (GetRequest) req;
                responder.respond(new ValueResponse(new FileRegionView(g.offset(), fc, g.offset(), g.maxSize(),
                        closes::incrementAndGet), g.opaque()));
                return true;
            };
            NettyServerTransport server = start(config(1024, 100, 0, Map.of("epoll", epoll)));
            RawClient c = client(server);
            c.send("get t g 0 7 10 1\r\nget t g 0 1 2500000 2\r\n");
            RawClient.Frame small = c.read();
            assertThat(small.line()).isEqualTo("value 10 1");
            assertThat(small.body()).isEqualTo(java.util.Arrays.copyOfRange(content, 7, 17));
            RawClient.Frame big = c.read();
            assertThat(big.line()).isEqualTo("value 2500000 2");
            assertThat(big.body()).isEqualTo(java.util.Arrays.copyOfRange(content, 1, 2500001));
            await(() -> closes.get() == 2, "both views are closed");
            assertThat(fc.isOpen()).as("the store's channel is not closed").isTrue();
        }
        assertThat(closes).hasValue(2);
    }

    @Test
    void value_fromBufferView_isSent_andTheViewClosedOnce() throws Exception {
        RawClient c = client(start());
        RawClient.Frame f = c.send("get topic grp 0 77 100 4\r\n").read();
        assertThat(f.line()).isEqualTo("value 12 4");
        assertThat(f.text()).isEqualTo("topic/grp/77");
        await(() -> handler.viewsClosed.get() == 1, "the view is closed");
        Thread.sleep(50);
        assertThat(handler.viewsClosed).hasValue(1);
    }

    @Test
    void value_forAClientThatDisconnected_closesTheViewOnce() throws Exception {
        List<Responder> held = new ArrayList<>();
        CountDownLatch got = new CountDownLatch(1);
        handler.behaviour = (conn, req, responder) -> {
            held.add(responder);
            got.countDown();
            return true;
        };
        NettyServerTransport server = start();
        try (RawClient c = new RawClient(server.localAddress())) {
            c.send("get t g 0 0 100 1\r\n");
            assertThat(got.await(5, TimeUnit.SECONDS)).isTrue();
        }
        await(() -> handler.closed.size() == 1, "the server sees the disconnect");
        held.get(0).respond(new ValueResponse(handler.view("late"), 1));
        assertThat(handler.viewsClosed).hasValue(1);
    }

    @Test
    void value_racingADisconnect_closesEveryViewExactlyOnce() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        List<Responder> held = java.util.Collections.synchronizedList(new ArrayList<>());
        handler.behaviour = (conn, req, responder) -> {
            held.add(responder);
            return true;
        };
        NettyServerTransport server = start();
        RawClient c = new RawClient(server.localAddress());
        StringBuilder gets = new StringBuilder();
        for (int i = 1; i <= 200; i++) {
            gets.append("get t g 0 0 100 ").append(i).append("\r\n");
        }
        c.send(gets.toString());
        await(() -> held.size() == 200, "all gets arrived");
        Thread closer = new Thread(() -> {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        });
        closer.start();
        for (int i = 0; i < held.size(); i++) {
            held.get(i).respond(new ValueResponse(new io.metaq.spi.store.BufferView(0,
                    java.nio.ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer(), closes::incrementAndGet), i + 1));
        }
        closer.join(5_000);
        await(() -> closes.get() == 200, "every view is closed");
        Thread.sleep(50);
        assertThat(closes).hasValue(200);
    }

    @Test
    void malformedFrame_gets400AndClose_whileAnotherConnectionKeepsWorking() throws Exception {
        NettyServerTransport server = start();
        RawClient good = client(server);
        assertThat(good.send("version 1\r\n").read().opaque()).isEqualTo(1);
        RawClient bad = client(server);
        RawClient.Frame f = bad.send("version 1\r\nput t 0 abc 0 0 42\r\nversion 3\r\n").read();
        assertThat(f.opaque()).isEqualTo(1);
        RawClient.Frame err = bad.read();
        assertThat(err.line()).startsWith("result 400 ").endsWith(" 42");
        assertThat(err.text()).isEqualTo("bad bodyLen 'abc' in put");
        assertThat(bad.closedByServer()).isTrue();
        assertThat(good.send("version 2\r\n").read().opaque()).isEqualTo(2);
        assertThat(handler.requests).extracting(r -> r.command()).containsExactly("version", "version", "version");
    }

    @Test
    void otime_isDecodedAndAnswered_andABadOneGets400AndClose() throws Exception {
        NettyServerTransport server = start();
        RawClient c = client(server);
        RawClient.Frame ok = c.send("otime t 3 -1 61\r\n").read();
        assertThat(ok.line()).startsWith("result 200 ").endsWith(" 61");
        assertThat(ok.text()).isEqualTo("t-3@-1");
        RawClient.Frame err = c.send("otime t 3 soon 62\r\n").read();
        assertThat(err.line()).startsWith("result 400 ").endsWith(" 62");
        assertThat(err.text()).isEqualTo("bad timestampMs 'soon' in otime");
        assertThat(c.closedByServer()).isTrue();
        assertThat(handler.requests).extracting(r -> r.command()).containsExactly("otime");
    }

    @Test
    void admin_isDecodedAndAnswered_andAnOversizeOneGets400AndClose() throws Exception {
        NettyServerTransport server = start();
        RawClient c = client(server);
        RawClient.Frame ok = c.send("admin 20 71\r\n{\"op\":\"list-topics\"}").read();
        assertThat(ok.line()).startsWith("result 200 ").endsWith(" 71");
        assertThat(ok.text()).isEqualTo("admin {\"op\":\"list-topics\"}");
        RawClient.Frame err = c.send("admin 65537 72\r\n").read();
        assertThat(err.line()).startsWith("result 400 ").endsWith(" 72");
        assertThat(err.text()).isEqualTo("bodyLen 65537 in admin is outside [0, 65536]");
        assertThat(c.closedByServer()).isTrue();
        assertThat(handler.requests).extracting(r -> r.command()).containsExactly("admin");
    }

    @Test
    void unknownCommand_gets400WithItsOpaque() throws Exception {
        RawClient c = client(start());
        RawClient.Frame err = c.send("hello world 17\r\n").read();
        assertThat(err.line()).startsWith("result 400 ").endsWith(" 17");
        assertThat(err.text()).contains("unknown command 'hello'");
        assertThat(c.closedByServer()).isTrue();
    }

    @Test
    void oversizeBody_isRejectedBeforeTheBodyIsSent() throws Exception {
        RawClient c = client(start(config(1000, 100, 0, Map.of())));
        RawClient.Frame err = c.send("put t 0 1001 0 -1 8\r\n").read();
        assertThat(err.line()).startsWith("result 400 ").endsWith(" 8");
        assertThat(err.text()).contains("bodyLen 1001");
        assertThat(c.closedByServer()).isTrue();
        assertThat(handler.requests).isEmpty();
    }

    @Test
    void oversizeLine_isRejectedWithOpaqueZero() throws Exception {
        RawClient c = client(start());
        RawClient.Frame err = c.send("stats " + "x".repeat(300)).read();
        assertThat(err.line()).startsWith("result 400 ").endsWith(" 0");
        assertThat(c.closedByServer()).isTrue();
    }

    @Test
    void quit_closesWithoutAResponse_afterFlushingEarlierOnes() throws Exception {
        RawClient c = client(start());
        assertThat(c.send("version 1\r\nquit\r\nversion 2\r\n").read().opaque()).isEqualTo(1);
        assertThat(c.closedByServer()).isTrue();
        assertThat(handler.requests).extracting(r -> r.command()).containsExactly("version", "quit");
    }

    @Test
    void connectionLimit_closesExtraConnectionsAtAccept() throws Exception {
        NettyServerTransport server = start(config(1024, 2, 0, Map.of()));
        RawClient a = client(server);
        RawClient b = client(server);
        a.send("version 1\r\n").read();
        b.send("version 2\r\n").read();
        RawClient extra = client(server);
        assertThat(extra.closedByServer()).isTrue();
        assertThat(handler.opened).hasSize(2);
        a.close();
        await(() -> server.connectionCount() == 1, "a slot frees up");
        assertThat(client(server).send("version 3\r\n").read().opaque()).isEqualTo(3);
    }

    @Test
    void idleTimeout_closesASilentConnection() throws Exception {
        NettyServerTransport server = start(config(1024, 100, 200, Map.of()));
        RawClient c = client(server);
        c.send("version 1\r\n").read();
        long t0 = System.nanoTime();
        assertThat(c.closedByServer()).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(100L, 3000L);
        await(() -> server.connectionCount() == 0, "the count drops");
    }

    @Test
    void handlerThrowing_gets500_andTheConnectionStaysUsable() throws Exception {
        handler.behaviour = (conn, req, responder) -> {
            if (req instanceof PutRequest) {
                throw new IllegalStateException("boom");
            }
            return false;
        };
        RawClient c = client(start());
        RawClient.Frame f = c.send("put t 0 1 0 -1 3\r\nx").read();
        assertThat(f.line()).startsWith("result 500 ").endsWith(" 3");
        assertThat(f.text()).contains("boom");
        assertThat(c.send("version 4\r\n").read().opaque()).isEqualTo(4);
    }

    @Test
    void close_closesConnections_andStopsAccepting() throws Exception {
        NettyServerTransport server = start();
        RawClient c = client(server);
        c.send("version 1\r\n").read();
        server.close();
        assertThat(c.closedByServer()).isTrue();
        assertThat(handler.closed).hasSize(1);
        assertThatThrownBy(() -> new RawClient(server.localAddress())).isInstanceOf(IOException.class);
    }

    @Test
    void badConfig_failsWithTheKeyNamed() {
        assertThatThrownBy(() -> new NettyServerTransport(config(1024, 1, 0, Map.of("bogus", "1")), handler))
                .isInstanceOf(ConfigException.class).hasMessageContaining("options.bogus");
        assertThatThrownBy(() -> new NettyServerTransport(config(1024, 0, 0, Map.of()), handler))
                .isInstanceOf(ConfigException.class).hasMessageContaining("maxConnections");
    }

    @Test
    void slowReader_stopsReadingUntilWritable() throws Exception {
        // 64 KiB responses, 1 MiB high water mark: a client that sends many gets and never reads
        handler.behaviour = (conn, req, responder) -> {
            responder.respond(new ValueResponse(new io.metaq.spi.store.BufferView(0,
                    java.nio.ByteBuffer.allocate(64 * 1024).asReadOnlyBuffer(), handler.viewsClosed::incrementAndGet),
                    req.opaque()));
            return true;
        };
        NettyServerTransport server = start(config(1024, 100, 0,
                Map.of("writeBufferLowWaterMark", "262144", "writeBufferHighWaterMark", "1048576")));
        RawClient c = client(server);
        c.socket.setReceiveBufferSize(64 * 1024);
        byte[] get = "get t g 0 0 65536 1\r\n".getBytes(StandardCharsets.US_ASCII);
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 20_000; i++) {
                    c.send(get);
                }
            } catch (IOException ignored) {
                // the test closes the socket
            }
        });
        writer.setDaemon(true);
        writer.start();
        Thread.sleep(500);
        int handled = handler.requests.size();
        assertThat(handled).as("the server stopped reading long before 20,000 gets").isLessThan(5_000);
        c.close();
        writer.join(5_000);
        await(() -> handler.viewsClosed.get() == handler.requests.size(), "every view is closed");
    }
}
