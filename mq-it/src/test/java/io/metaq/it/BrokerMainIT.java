package io.metaq.it;

import static io.metaq.it.WireFrames.put;
import static io.metaq.it.WireFrames.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code BrokerMain} as an operator runs it: a child JVM with embedded ZooKeeper, the ready line,
 * the protocol on a raw socket, a clean stop on SIGTERM, data kept across the restart, and a bad
 * configuration refused with the key named.
 */
class BrokerMainIT {
    private static final Pattern READY = Pattern.compile("MetaQ broker (\\d+) ready on ([\\d.]+):(\\d+)");

    @TempDir
    Path dir;

    private Process launch(Path config) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.metaq.broker.BrokerMain", "--config", config.toString())
                .redirectError(dir.resolve("broker-stderr.log").toFile())
                .start();
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("broker-stderr.log"));
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }

    private int awaitReady(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            Matcher m = READY.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(3));
            }
        }
        throw new AssertionError("broker printed no ready line; stderr:\n" + stderr());
    }

    private Path config(String extra) throws IOException {
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        Path file = conf.resolve("broker.yaml");
        Files.writeString(file, """
                broker: {id: 5, port: 0}
                zookeeper: {connect: embedded, embeddedPort: 0}
                """ + extra);
        return file;
    }

    @Test
    void brokerMain_servesTheProtocol_stopsCleanly_andKeepsDataAcrossRestart() throws Exception {
        Path config = config("");
        Process p = launch(config);
        try {
            int port = awaitReady(p);
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                assertThat(roundTrip(s, "version 1\r\n".getBytes(StandardCharsets.US_ASCII))[0])
                        .startsWith("result 200 ").endsWith(" 1");
                String[] ack = roundTrip(s, put("greetings", "hello", 2));
                assertThat(ack[0]).startsWith("result 200");
                assertThat(ack[1]).matches("-?\\d+ 0 0");
            }
            p.destroy(); // SIGTERM: the shutdown hook stops the broker
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isIn(0, 143);
            assertThat(Files.exists(dir.resolve("data/greetings-0/clean-shutdown"))).isTrue();
        } finally {
            p.destroyForcibly();
        }

        Process again = launch(config);
        try {
            int port = awaitReady(again);
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                String[] value = roundTrip(s, "get greetings g 0 0 1024 3\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(value[0]).isEqualTo("value 25 3");
                assertThat(value[1]).endsWith("hello");
            }
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
            again.destroyForcibly();
        }
    }

    @Test
    void brokerMain_badConfiguration_failsNamingTheKey() throws Exception {
        Path config = config("topics:\n  orders: {partitons: 3}\n");
        Process p = launch(config);
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(stderr()).isEqualTo(2);
            List<String> err = Files.readAllLines(dir.resolve("broker-stderr.log"));
            assertThat(String.join("\n", err)).contains("partitons");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void brokerMain_missingProvider_failsListingTheAvailableOnes() throws Exception {
        Path config = config("store: {provider: rocksdb}\n");
        Process p = launch(config);
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(stderr()).isEqualTo(1);
            assertThat(stderr()).contains("no store provider 'rocksdb'").contains("available: [file, mmap]");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void malformedFrame_closesOnlyItsConnection_whileOthersKeepWorking() throws Exception {
        try (InProcessBroker broker = InProcessBroker.start("file", dir.resolve("b"))) {
            int port = broker.broker().address().getPort();
            try (Socket good = new Socket("127.0.0.1", port); Socket bad = new Socket("127.0.0.1", port)) {
                good.setSoTimeout(10_000);
                bad.setSoTimeout(10_000);
                String[] refused = roundTrip(bad, "put t 0 notanumber 0 1 7\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(refused[0]).startsWith("result 400 ");
                assertThat(bad.getInputStream().read()).as("the bad connection is closed").isEqualTo(-1);
                assertThat(roundTrip(good, put("ok", "still here", 8))[0]).startsWith("result 200");
                String[] value = roundTrip(good, "get ok g 0 0 1024 9\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(value[1]).endsWith("still here");
            }
        }
    }
}
