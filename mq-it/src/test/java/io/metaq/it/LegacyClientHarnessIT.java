package io.metaq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shows, without a broker, that the fixture runs the ORIGINAL 1.4.6.2 client in a child JVM against a real
 * ZooKeeper: its class path resolves, it talks to ZooKeeper 3.9, reads the §5.1 layout, writes the §5.3
 * layout, reports its own errors, honours the deadlines and is always cleaned up.
 */
class LegacyClientHarnessIT {

    private static final Duration RUN = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private TestingZooKeeper zk;
    private LegacyClient client;

    @BeforeEach
    void start() throws Exception {
        zk = new TestingZooKeeper(tmp.resolve("zk"));
        client = new LegacyClient(zk.connectString(), tmp.resolve("legacy"));
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (zk != null) {
            zk.close();
        }
    }

    @Test
    void produce_toTopicNoBrokerServes_failsWithTheClientsOwnError() {
        LegacyOutput.Result r = client.run(RUN, "produce", "--topic", "nobody-serves-this", "--count", "3",
                "--size", "16");

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.sent()).isEmpty();
        assertThat(r.done()).isEmpty();
        assertThat(r.error()).as(r.describe()).hasValueSatisfying(e -> assertThat(e)
                .contains("MetaClientException")
                .containsIgnoringCase("partition")
                .contains("nobody-serves-this"));
    }

    @Test
    void consume_withGroup_registersInZooKeeper_thenTimesOut() throws Exception {
        // A cluster whose brokers are all gone: the broker list exists but is empty. Without this node the
        // 1.4.6.2 consumer cannot rebalance and retries inside completeSubscribe (see the deadline test).
        zk.view().put("/meta/brokers/ids", "");
        try (LegacyRun run = client.start(RUN, "consume", "--topic", "t1", "--group", "harness-group",
                "--consumer-id", "c1", "--count", "1", "--max-wait-ms", "4000")) {
            run.awaitKind("READY", Duration.ofSeconds(15));

            String node = "/meta/consumers/harness-group/ids/harness-group_c1";
            assertThat(zk.view().children("/meta/consumers/harness-group/ids")).containsExactly("harness-group_c1");
            assertThat(zk.view().data(node)).isEqualTo("t1");
            assertThat(zk.view().isEphemeral(node)).isTrue();

            LegacyOutput.Result r = run.awaitExit(Duration.ofSeconds(15));
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
            assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).startsWith("timeout").contains("0 of 1"));
            assertThat(r.received()).isEmpty();
            // the client closed its ZooKeeper session on the way out, so its ephemeral node is gone at once
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(zk.view().data(node)).isNull());
        }
    }

    @Test
    void partitions_areReadFromTheZooKeeperLayoutABrokerRegisters() throws Exception {
        registerSilentBroker("layout-topic", 4, 1);

        LegacyOutput.Result r = client.run(RUN, "partitions", "--topic", "layout-topic");

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.tokensOf("PARTITION")).containsExactly("0-0", "0-1", "0-2", "0-3");
        assertThat(r.done()).hasValue(4);
    }

    @Test
    void twoConsumersOfOneGroup_claimTwoPartitionsEach_andStopOnRequest() throws Exception {
        try (ServerSocket silentBroker = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            registerSilentBroker("split-topic", 4, silentBroker.getLocalPort());
            try (LegacyRun a = client.start(RUN, "consume-forever", "--topic", "split-topic", "--group", "split",
                         "--consumer-id", "a");
                 LegacyRun b = client.start(RUN, "consume-forever", "--topic", "split-topic", "--group", "split",
                         "--consumer-id", "b")) {
                a.awaitKind("READY", Duration.ofSeconds(15));
                b.awaitKind("READY", Duration.ofSeconds(15));

                String owners = "/meta/consumers/split/owners/split-topic";
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    assertThat(zk.view().children(owners)).containsExactlyInAnyOrder("0-0", "0-1", "0-2", "0-3");
                    // DefaultLoadBalanceStrategy: sorted consumers get contiguous ranges of sorted partitions
                    assertThat(zk.view().data(owners + "/0-0")).isEqualTo("split_a");
                    assertThat(zk.view().data(owners + "/0-1")).isEqualTo("split_a");
                    assertThat(zk.view().data(owners + "/0-2")).isEqualTo("split_b");
                    assertThat(zk.view().data(owners + "/0-3")).isEqualTo("split_b");
                });

                LegacyOutput.Result ra = a.stop(Duration.ofSeconds(15));
                assertThat(ra.exitCode()).as(ra.describe()).isZero();
                assertThat(ra.done()).hasValue(0);

                // b is killed, not stopped: close() must leave no process behind
                long pid = b.pid();
                b.close();
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            }
        }
    }

    @Test
    void deadline_endsARunThatWouldNotFinish_withErrorTimeout() throws Exception {
        // No /meta/brokers/ids at all: the consumer registers, then keeps retrying its rebalance inside
        // completeSubscribe (NoNode for /meta/brokers/ids) and never gets READY; the deadline ends it.
        LegacyOutput.Result r = client.run(Duration.ofSeconds(4), "consume-forever", "--topic", "t2", "--group", "g2");

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).startsWith("timeout"));
        assertThat(r.tokensOf("READY")).isEmpty();
        assertThat(r.stderrTail()).contains("NoNode for /meta/brokers/ids");
    }

    /** Writes the nodes of PROTOCOL.md §5.1 for broker 0 at 127.0.0.1:port, as the 1.4.6.2 broker does. */
    private void registerSilentBroker(String topic, int partitions, int port) throws Exception {
        String url = "meta://127.0.0.1:" + port;
        String json = "{\"broker\":\"0-m\",\"numParts\":" + partitions + "}";
        zk.view().put("/meta/brokers/ids/0", url);
        zk.view().put("/meta/brokers/ids/0/master", url);
        zk.view().put("/meta/brokers/topics/" + topic + "/0-m", Integer.toString(partitions));
        zk.view().put("/meta/brokers/topics-pub/" + topic + "/0-m", json);
        zk.view().put("/meta/brokers/topics-sub/" + topic + "/0-m", json);
    }
}
