package io.metaq.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random and near-miss frames sent to a real server over a socket: whatever arrives, the server stays up,
 * frees the connection, and a well-formed {@code version} on a fresh connection is still answered.
 * jqwik prints the seed of a failing run; rerun with {@code @Property(seed = "...")}.
 */
class MalformedFrameFuzzTest {
    private static NettyServerTransport server;
    private static TestingRequestHandler handler;

    @BeforeContainer
    static void startServer() {
        handler = new TestingRequestHandler();
        server = new NettyServerTransport(NettyServerTransportTest.config(512, 1000, 5_000, Map.of()), handler);
        server.start();
    }

    @AfterContainer
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Property(tries = 250)
    void serverSurvivesGarbage(@ForAll("frames") byte[] garbage, @ForAll boolean waitForAnswer) throws Exception {
        try (RawClient c = new RawClient(server.localAddress())) {
            c.socket.setSoTimeout(30);
            try {
                c.send(garbage);
                if (waitForAnswer) {
                    c.closedByServer(); // drain what the server says until it closes or goes quiet
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // the server may close first (reset); that is fine
            }
        }
        try (RawClient fresh = new RawClient(server.localAddress())) {
            RawClient.Frame f = fresh.send("version 424242\r\n").read();
            assertThat(f.line()).startsWith("result 200 ").endsWith(" 424242");
        }
        NettyServerTransportTest.await(() -> server.connectionCount() == 0, "all test connections are released");
    }

    @Provide
    Arbitrary<byte[]> frames() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
        Arbitrary<String> word = Arbitraries.of("put", "get", "offset", "version", "value", "stats", "sync",
                "transaction", "quit", "result", "bput", "otime", "admin", "a", "o", "p", "s", "v", "", "xyz");
        Arbitrary<String> token = Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("-1", "0", "", "t", "g", "TX:s:1", "BEGIN", "END", "2147483648", "513", "abc"),
                Arbitraries.strings().ofMaxLength(12));
        Arbitrary<String> line = Combinators.combine(word, token.list().ofMaxSize(9))
                .as((w, ts) -> w + (ts.isEmpty() ? "" : " " + String.join(" ", ts)));
        Arbitrary<String> terminator = Arbitraries.of("\r\n", "\n", "\r", "", "\r\n\r\n");
        Arbitrary<byte[]> nearMiss = Combinators.combine(line, terminator, Arbitraries.strings().ofMaxLength(600))
                .as((l, end, body) -> (l + end + body).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> valid = Arbitraries.of(List.of("version 1\r\n", "stats  2\r\n", "put t 0 3 0 -1 3\r\nabc",
                "get t g 0 0 10 4\r\n", "quit\r\n", "transaction TX:s:1 s END 5\r\n",
                "admin 2 6\r\n{}"))
                .list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> longLine = Arbitraries.integers().between(500, 3000)
                .map(n -> ("get " + "x".repeat(n) + "\r\n").getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, random),
                net.jqwik.api.Tuple.of(5, nearMiss),
                net.jqwik.api.Tuple.of(1, valid),
                net.jqwik.api.Tuple.of(1, longLine));
    }

}
