package io.metaq.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.client.Partition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterViewTest {
    private TestingServer server;
    private CuratorFramework zk;
    private final ZkLayout layout = new ZkLayout("/meta");

    @BeforeEach
    void start() throws Exception {
        // 127.0.0.1 only: Curator's default server binds every interface
        server = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, -1, -1,
                java.util.Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1"), true);
        zk = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100));
        zk.start();
        zk.blockUntilConnected(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        zk.close();
        server.close();
    }

    private void put(String path, String data, CreateMode mode) throws Exception {
        zk.create().orSetData().creatingParentsIfNeeded().withMode(mode)
                .forPath(path, data.getBytes(StandardCharsets.UTF_8));
    }

    private void broker(int id, String topic, int parts) throws Exception {
        put("/meta/brokers/ids/" + id, "meta://127.0.0.1:" + (8000 + id), CreateMode.PERSISTENT);
        put("/meta/brokers/ids/" + id + "/master", "meta://127.0.0.1:" + (8000 + id), CreateMode.EPHEMERAL);
        String json = "{\"broker\":\"" + id + "-m\",\"numParts\":" + parts + "}";
        put("/meta/brokers/topics-pub/" + topic + "/" + id + "-m", json, CreateMode.EPHEMERAL);
        put("/meta/brokers/topics-sub/" + topic + "/" + id + "-m", json, CreateMode.EPHEMERAL);
        put("/meta/brokers/topics/" + topic + "/" + id + "-m", Integer.toString(parts), CreateMode.EPHEMERAL);
    }

    @Test
    void readsTheOriginalLayoutAndFollowsChanges() throws Exception {
        broker(0, "orders", 2);
        broker(10, "orders", 1);
        AtomicInteger changes = new AtomicInteger();
        try (ClusterView view = ClusterView.start(zk, layout, 10_000)) {
            view.addListener(changes::incrementAndGet);
            assertThat(view.brokerUrl(0)).contains("meta://127.0.0.1:8000");
            assertThat(view.publishedPartitions("orders"))
                    .containsExactly(new Partition(0, 0), new Partition(0, 1), new Partition(10, 0));
            assertThat(view.subscribablePartitions("orders")).hasSize(3);
            assertThat(view.publishedPartitions("other")).isEmpty();

            broker(2, "orders", 3);
            Awaitility.await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> view.publishedPartitions("orders").size() == 6);
            assertThat(changes.get()).isPositive();
            assertThat(view.publishedPartitions("orders").get(2)).isEqualTo(new Partition(2, 0));

            zk.delete().forPath("/meta/brokers/ids/10/master"); // broker 10 went down
            Awaitility.await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> !view.publishedPartitions("orders").contains(new Partition(10, 0)));
            assertThat(view.brokerUrl(10)).isEmpty();
        }
    }

    @Test
    void slavePartitionsMergeIntoTheirMastersForConsumers() throws Exception {
        broker(0, "t", 2);
        put("/meta/brokers/topics-sub/t/0-s1", "{\"broker\":\"0-s1\",\"numParts\":4}", CreateMode.EPHEMERAL);
        try (ClusterView view = ClusterView.start(zk, layout, 10_000)) {
            assertThat(view.subscribablePartitions("t")).hasSize(4);
            assertThat(view.publishedPartitions("t")).hasSize(2);
        }
    }

    @Test
    void ignoresNodesItCannotRead() throws Exception {
        broker(0, "t", 2);
        put("/meta/brokers/topics-pub/t/garbage", "x", CreateMode.PERSISTENT);
        put("/meta/brokers/topics-pub/u/1-m", "not json", CreateMode.PERSISTENT);
        try (ClusterView view = ClusterView.start(zk, layout, 10_000)) {
            assertThat(view.publishedPartitions("t")).hasSize(2);
            assertThat(view.topics()).containsExactly("t");
        }
    }

    @Test
    void urlsGiveSocketAddresses() {
        assertThat(ClusterView.address("meta://127.0.0.1:8123").getPort()).isEqualTo(8123);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterView.address("meta://nohost"))
                .hasMessageContaining("meta://nohost");
    }

    @Test
    void groupMembersClaimAndReleaseOwnerNodes() throws Exception {
        GroupMembership a = new GroupMembership(zk, layout, "g", "g_a");
        GroupMembership b = new GroupMembership(zk, layout, "g", "g_b");
        AtomicInteger changes = new AtomicInteger();
        a.join(List.of("t", "u"), 10_000, changes::incrementAndGet);
        b.join(List.of("u"), 10_000, () -> { });
        try {
            assertThat(a.membersOf("t")).containsExactly("g_a");
            assertThat(a.membersOf("u")).containsExactly("g_a", "g_b");
            assertThat(new String(zk.getData().forPath("/meta/consumers/g/ids/g_a"), StandardCharsets.UTF_8))
                    .isEqualTo("t,u");
            Partition p = new Partition(0, 1);
            assertThat(a.claim("u", p)).isTrue();
            assertThat(a.claim("u", p)).isTrue();
            assertThat(b.claim("u", p)).isFalse();
            assertThat(b.owns("u", p)).isFalse();
            b.release("u", p); // not b's: must stay
            assertThat(a.owns("u", p)).isTrue();
            a.release("u", p);
            assertThat(b.claim("u", p)).isTrue();
        } finally {
            b.close();
            a.close();
        }
        assertThat(zk.checkExists().forPath("/meta/consumers/g/ids/g_a")).isNull();
        assertThat(changes.get()).isPositive();
    }
}
