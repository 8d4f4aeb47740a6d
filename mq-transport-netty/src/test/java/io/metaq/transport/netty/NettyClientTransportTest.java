package io.metaq.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaq.api.MqException;
import io.metaq.api.record.RecordFormat;
import io.metaq.spi.transport.BatchPutRequest;
import io.metaq.spi.transport.ClientConnection;
import io.metaq.spi.transport.GetRequest;
import io.metaq.spi.transport.OffsetRequest;
import io.metaq.spi.transport.PutRequest;
import io.metaq.spi.transport.QuitRequest;
import io.metaq.spi.transport.Request;
import io.metaq.spi.transport.Response;
import io.metaq.spi.transport.ResultResponse;
import io.metaq.spi.transport.StatsRequest;
import io.metaq.spi.transport.SyncRequest;
import io.metaq.spi.transport.TransactionRequest;
import io.metaq.spi.transport.ValueResponse;
import io.metaq.spi.transport.VersionRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client side against the real server. */
class NettyClientTransportTest {
    private final TestingRequestHandler handler = new TestingRequestHandler();
    private NettyServerTransport server;
    private NettyClientTransport client;
    private ClientConnection connection;

    @BeforeEach
    void start() throws Exception {
        server = new NettyServerTransport(NettyServerTransportTest.config(4096, 100, 0, Map.of()), handler);
        server.start();
        client = new NettyClientTransport(NettyServerTransportTest.config(4096, 100, 0, Map.of()));
        connection = client.connect(server.localAddress()).get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        try {
            if (connection != null) {
                connection.close();
            }
            client.close();
        } finally {
            server.close();
        }
    }

    private Response call(Request r) throws Exception {
        return connection.send(r, 5_000).get(5, TimeUnit.SECONDS);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyRequestType_roundTrips() throws Exception {
        assertThat(((ResultResponse) call(new VersionRequest(0))).text()).isEqualTo(TestingRequestHandler.VERSION);
        assertThat(((ResultResponse) call(new PutRequest("t", 1, 0, RecordFormat.checksum(bytes("hi")), null,
                bytes("hi"), 0))).text()).isEqualTo("1 1 2");
        assertThat(((ResultResponse) call(new BatchPutRequest("t", 2, 1, RecordFormat.encode(0, 0, new byte[3]), 0)))
                .text()).isEqualTo("1 2 0 1");
        assertThat(((ResultResponse) call(new OffsetRequest("t", "g", 0, 77, 0))).text()).isEqualTo("77");
        assertThat(((ResultResponse) call(new StatsRequest("", 0))).text()).isEqualTo("STATS\r\nitem []\r\nEND\r\n");
        assertThat(((ResultResponse) call(new TransactionRequest("TX:s:1", "s", "BEGIN", 10, null, 0))).text())
                .isEqualTo("BEGIN");
        assertThat(((ResultResponse) call(new SyncRequest("t", 0, 0, -9, -1, bytes("x"), 0))).text())
                .isEqualTo("-9 0");
        ValueResponse v = (ValueResponse) call(new GetRequest("t", "g", 0, 5, 100, 1000, 0));
        try {
            assertThat(StandardCharsets.UTF_8.decode(v.records().toByteBuffer()).toString()).isEqualTo("t/g/5");
        } finally {
            v.records().close();
        }
        assertThat(handler.requests).extracting(Request::command).containsExactly("version", "put", "bput", "offset",
                "stats", "transaction", "sync", "get");
        GetRequest seen = (GetRequest) handler.requests.stream().filter(r -> r instanceof GetRequest).findFirst()
                .orElseThrow();
        assertThat(seen.maxWaitMs()).isEqualTo(1000);
    }

    @Test
    void transactionEnd_hasNoResponse_andCompletesOnceWritten() throws Exception {
        assertThat(call(new TransactionRequest("XID:1:ab:cd:q", "s", "END", 0, null, 0))).isNull();
        assertThat(((ResultResponse) call(new VersionRequest(0))).code()).isEqualTo(200);
    }

    @Test
    void pipelinedRequests_getTheirOwnResponses_evenOutOfOrder() throws Exception {
        List<io.metaq.spi.transport.Responder> held = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        handler.behaviour = (conn, req, responder) -> {
            synchronized (held) {
                held.add(responder);
                seen.add(req.opaque());
            }
            return true;
        };
        List<CompletableFuture<Response>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(connection.send(new StatsRequest("item" + i, 0), 5_000));
        }
        NettyServerTransportTest.await(() -> {
            synchronized (held) {
                return held.size() == 50;
            }
        }, "50 requests arrive");
        for (int i = 49; i >= 0; i--) {
            held.get(i).respond(ResultResponse.of(200, "answer" + i, seen.get(i)));
        }
        for (int i = 0; i < 50; i++) {
            assertThat(((ResultResponse) futures.get(i).get(5, TimeUnit.SECONDS)).text()).isEqualTo("answer" + i);
        }
        assertThat(seen).doesNotHaveDuplicates();
    }

    @Test
    void unansweredRequest_failsWithTimeoutException() {
        handler.behaviour = (conn, req, responder) -> true; // never answers
        CompletableFuture<Response> f = connection.send(new VersionRequest(0), 100);
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class).hasMessageContaining("version");
    }

    @Test
    void lateResponseAfterTimeout_isDropped_andItsViewClosed() throws Exception {
        List<io.metaq.spi.transport.Responder> held = new ArrayList<>();
        handler.behaviour = (conn, req, responder) -> {
            if (req instanceof GetRequest) {
                held.add(responder);
                return true;
            }
            return false;
        };
        CompletableFuture<Response> f = connection.send(new GetRequest("t", "g", 0, 0, 10, 0, 0), 50);
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
        int opaque = handler.requests.peek().opaque();
        held.get(0).respond(new ValueResponse(handler.view("late"), opaque));
        assertThat(call(new VersionRequest(0))).isNotNull(); // the connection still works after the late frame
    }

    @Test
    void inFlightRequests_failWhenTheConnectionCloses() throws Exception {
        handler.behaviour = (conn, req, responder) -> {
            if (req instanceof VersionRequest) {
                conn.close();
            }
            return true;
        };
        CompletableFuture<Response> stats = connection.send(new StatsRequest("x", 0), 10_000);
        CompletableFuture<Response> version = connection.send(new VersionRequest(0), 10_000);
        assertThatThrownBy(() -> stats.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(MqException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> version.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(MqException.class);
        NettyServerTransportTest.await(() -> !connection.isOpen(), "the client sees the close");
        assertThatThrownBy(() -> connection.send(new VersionRequest(0), 1000).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(MqException.class);
    }

    @Test
    void quit_completesAndTheServerCloses() throws Exception {
        assertThat(call(new QuitRequest())).isNull();
        NettyServerTransportTest.await(() -> !connection.isOpen(), "the server closes the connection");
    }

    @Test
    void malformedResponse_closesTheConnectionAndFailsInFlight() throws Exception {
        handler.behaviour = (conn, req, responder) -> {
            // a body longer than the client's maxMessageSize (4096)
            responder.respond(ResultResponse.of(200, "x".repeat(5000), req.opaque()));
            return true;
        };
        CompletableFuture<Response> f = connection.send(new VersionRequest(0), 5_000);
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(MqException.class)
                .hasMessageContaining("5000");
    }

    @Test
    void connect_toAClosedPort_fails() {
        int port = server.localAddress().getPort();
        server.close();
        assertThatThrownBy(() -> client.connect(new java.net.InetSocketAddress("127.0.0.1", port))
                .get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(MqException.class);
    }
}
