package io.metaq.broker.zk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BrokerRegistrationTest {
    private static final String URL = "meta://127.0.0.1:8123";
    private static final long CHECKSUM = 3896982975L; // from a dump of the original broker's tree

    private TestingServer server;
    private CuratorFramework client;
    private CuratorFramework observer;

    @BeforeEach
    void setUp() throws Exception {
        server = io.metaq.broker.testing.TestBroker.loopbackZooKeeper();
        client = newClient();
        observer = newClient();
    }

    @AfterEach
    void tearDown() throws Exception {
        observer.close();
        client.close();
        server.close();
    }

    @Test
    void register_writesBrokerNodesExactly() throws Exception {
        try (BrokerRegistration registration = register(client, 0, URL)) {
            long session = sessionId(client);
            assertPersistent("/meta/brokers/ids/0", URL);
            assertEphemeral("/meta/brokers/ids/0/master", URL, session);
            assertEphemeral("/meta/brokers/ids/0/master_config_checksum", "3896982975", session);
            assertThat(observer.getChildren().forPath("/meta/brokers/ids/0"))
                    .containsExactlyInAnyOrder("master", "master_config_checksum");
            for (String parent : new String[] {"/meta", "/meta/brokers", "/meta/brokers/ids"}) {
                assertThat(stat(parent).getEphemeralOwner()).as(parent).isZero();
            }
            assertThat(registration.registeredTopics()).isEmpty();
        }
    }

    @Test
    void register_customRoot_writesUnderIt() throws Exception {
        try (BrokerRegistration registration = new BrokerRegistration(client, "/custom/root/", 5, URL, 1L)) {
            registration.register();
            registration.registerTopic("t", 1, true, true);
            assertEphemeral("/custom/root/brokers/ids/5/master", URL, sessionId(client));
            assertEphemeral("/custom/root/brokers/topics-pub/t/5-m", "{\"broker\":\"5-m\",\"numParts\":1}",
                    sessionId(client));
            assertThat(observer.checkExists().forPath("/meta")).isNull();
        }
    }

    @Test
    void registerTopic_publishAndSubscribe_writesThreeNodesExactly() throws Exception {
        try (BrokerRegistration registration = register(client, 7, URL)) {
            registration.registerTopic("bench", 4, true, true);

            long session = sessionId(client);
            assertEphemeral("/meta/brokers/topics/bench/7-m", "4", session);
            assertEphemeral("/meta/brokers/topics-pub/bench/7-m", "{\"broker\":\"7-m\",\"numParts\":4}", session);
            assertEphemeral("/meta/brokers/topics-sub/bench/7-m", "{\"broker\":\"7-m\",\"numParts\":4}", session);
            for (String parent : new String[] {"/meta/brokers/topics/bench", "/meta/brokers/topics-pub/bench",
                    "/meta/brokers/topics-sub/bench"}) {
                assertThat(stat(parent).getEphemeralOwner()).as(parent).isZero();
            }
            assertThat(registration.registeredTopics()).containsExactly("bench");
        }
    }

    @Test
    void registerTopic_withoutPublish_hasNoPubNode_andReRegisterUpdatesNodes() throws Exception {
        try (BrokerRegistration registration = register(client, 0, URL)) {
            registration.registerTopic("orders", 2, false, true);
            assertThat(observer.checkExists().forPath("/meta/brokers/topics-pub/orders/0-m")).isNull();
            assertEphemeral("/meta/brokers/topics/orders/0-m", "2", sessionId(client));
            assertEphemeral("/meta/brokers/topics-sub/orders/0-m", "{\"broker\":\"0-m\",\"numParts\":2}",
                    sessionId(client));

            registration.registerTopic("orders", 3, true, false);
            assertEphemeral("/meta/brokers/topics/orders/0-m", "3", sessionId(client));
            assertEphemeral("/meta/brokers/topics-pub/orders/0-m", "{\"broker\":\"0-m\",\"numParts\":3}",
                    sessionId(client));
            assertThat(observer.checkExists().forPath("/meta/brokers/topics-sub/orders/0-m")).isNull();
        }
    }

    @Test
    void unregisterTopic_removesBrokerNodesAndKeepsParents() throws Exception {
        try (BrokerRegistration registration = register(client, 0, URL)) {
            registration.registerTopic("a", 4, true, true);
            registration.registerTopic("b", 1, true, true);

            registration.unregisterTopic("a");
            registration.unregisterTopic("never-registered");

            for (String dir : new String[] {"topics", "topics-pub", "topics-sub"}) {
                assertThat(observer.checkExists().forPath("/meta/brokers/" + dir + "/a/0-m")).as(dir).isNull();
                assertThat(observer.checkExists().forPath("/meta/brokers/" + dir + "/a")).as(dir).isNotNull();
                assertThat(observer.checkExists().forPath("/meta/brokers/" + dir + "/b/0-m")).as(dir).isNotNull();
            }
            assertThat(registration.registeredTopics()).containsExactly("b");
        }
    }

    @Test
    void sessionExpiredOnServer_everyNodeIsRecreatedInNewSession() throws Exception {
        try (BrokerRegistration registration = register(client, 0, URL)) {
            registration.registerTopic("bench", 4, true, false);
            long oldSession = sessionId(client);

            expireSessionOnServer(client);

            await().atMost(Duration.ofSeconds(20))
                    // a node may be between deletion and re-creation while we look
                    .ignoreExceptionsInstanceOf(KeeperException.NoNodeException.class)
                    .untilAsserted(() -> {
                long session = sessionId(client);
                assertThat(session).isNotEqualTo(oldSession);
                assertEphemeral("/meta/brokers/ids/0/master", URL, session);
                assertEphemeral("/meta/brokers/ids/0/master_config_checksum", "3896982975", session);
                assertEphemeral("/meta/brokers/topics/bench/0-m", "4", session);
                assertEphemeral("/meta/brokers/topics-pub/bench/0-m", "{\"broker\":\"0-m\",\"numParts\":4}", session);
            });
            assertThat(observer.checkExists().forPath("/meta/brokers/topics-sub/bench/0-m")).isNull();
            assertPersistent("/meta/brokers/ids/0", URL);
        }
    }

    @Test
    void sessionExpiryInjected_nodesOfOldLiveSessionAreReplaced() throws Exception {
        try (BrokerRegistration registration = register(client, 0, URL)) {
            registration.registerTopic("bench", 4, true, true);
            long oldSession = sessionId(client);

            // Client-side expiry: the server still holds the old session and its nodes until it times out.
            KillSession.kill(client.getZookeeperClient().getZooKeeper());

            await().atMost(Duration.ofSeconds(20))
                    // a node may be between deletion and re-creation while we look
                    .ignoreExceptionsInstanceOf(KeeperException.NoNodeException.class)
                    .untilAsserted(() -> {
                long session = sessionId(client);
                assertThat(session).isNotEqualTo(oldSession);
                assertEphemeral("/meta/brokers/ids/0/master", URL, session);
                assertEphemeral("/meta/brokers/ids/0/master_config_checksum", "3896982975", session);
                assertEphemeral("/meta/brokers/topics/bench/0-m", "4", session);
                assertEphemeral("/meta/brokers/topics-pub/bench/0-m", "{\"broker\":\"0-m\",\"numParts\":4}", session);
                assertEphemeral("/meta/brokers/topics-sub/bench/0-m", "{\"broker\":\"0-m\",\"numParts\":4}", session);
            });
        }
    }

    @Test
    void register_idOwnedByAnotherLiveBroker_isRefusedAndLeavesItsNodesAlone() throws Exception {
        try (BrokerRegistration first = register(client, 3, URL);
                CuratorFramework otherClient = newClient()) {
            BrokerRegistration second = new BrokerRegistration(otherClient, "/meta", 3, "meta://10.0.0.9:8123", 9L);

            assertThatThrownBy(second::register)
                    .isInstanceOf(RegistrationException.class)
                    .hasMessageContaining("broker id 3 already registered by " + URL);

            assertPersistent("/meta/brokers/ids/3", URL);
            assertEphemeral("/meta/brokers/ids/3/master", URL, sessionId(client));
            assertEphemeral("/meta/brokers/ids/3/master_config_checksum", "3896982975", sessionId(client));
            assertThat(otherClient.getState()).isEqualTo(CuratorFrameworkState.STARTED);
            assertThatThrownBy(() -> second.registerTopic("t", 1, true, true))
                    .isInstanceOf(IllegalStateException.class);
            second.close();
        }
    }

    @Test
    void register_staleMasterWithOurUrlFromAnotherSession_isReplaced() throws Exception {
        // Left by our previous run whose session has not timed out yet.
        try (CuratorFramework previousRun = newClient()) {
            previousRun.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                    .forPath("/meta/brokers/ids/0/master", URL.getBytes(UTF_8));

            try (BrokerRegistration registration = register(client, 0, URL)) {
                assertEphemeral("/meta/brokers/ids/0/master", URL, sessionId(client));
            }
        }
    }

    @Test
    void close_removesEphemeralNodesEmptiesIdNodeAndKeepsBorrowedClientOpen() throws Exception {
        BrokerRegistration registration = register(client, 0, URL);
        registration.registerTopic("bench", 4, true, true);

        registration.close();
        registration.close(); // idempotent

        assertPersistent("/meta/brokers/ids/0", "");
        assertThat(observer.getChildren().forPath("/meta/brokers/ids/0")).isEmpty();
        for (String dir : new String[] {"topics", "topics-pub", "topics-sub"}) {
            assertThat(observer.getChildren().forPath("/meta/brokers/" + dir + "/bench")).as(dir).isEmpty();
        }
        assertThat(client.getState()).isEqualTo(CuratorFrameworkState.STARTED);
        assertThat(client.checkExists().forPath("/meta")).isNotNull();
        assertThatThrownBy(() -> registration.registerTopic("late", 1, true, true))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void register_withConnectString_ownsAndClosesItsClient() throws Exception {
        BrokerRegistration registration = BrokerRegistration.register(server.getConnectString(), 10_000, 5_000,
                MetaZkPaths.DEFAULT_ROOT, 1, URL, CHECKSUM);
        assertEphemeral("/meta/brokers/ids/1/master", URL, sessionId(registration.client()));

        registration.close();

        assertThat(registration.client().getState()).isEqualTo(CuratorFrameworkState.STOPPED);
        assertThat(observer.checkExists().forPath("/meta/brokers/ids/1/master")).isNull();
        assertPersistent("/meta/brokers/ids/1", "");
    }

    @Test
    void register_zooKeeperUnreachable_failsNamingConnectString() throws Exception {
        String connect = "127.0.0.1:" + server.getPort();
        server.stop();
        assertThatThrownBy(() -> BrokerRegistration.register(connect, 10_000, 1_000, "/meta", 0, URL, CHECKSUM))
                .isInstanceOf(RegistrationException.class)
                .hasMessageContaining("cannot connect to ZooKeeper at " + connect + " within 1000 ms");
    }

    @Test
    void constructor_rejectsBadArguments() {
        assertThatThrownBy(() -> new BrokerRegistration(client, "/meta", 1024, URL, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024");
        assertThatThrownBy(() -> new BrokerRegistration(client, "/meta", -1, URL, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BrokerRegistration(client, "/meta", 0, "127.0.0.1:8123", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("meta://");
        assertThatThrownBy(() -> new BrokerRegistration(client, "meta", 0, URL, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zk root");
    }

    @Test
    void registerTopic_rejectsPathLikeNames() throws Exception {
        try (BrokerRegistration registration = register(client, 0, URL)) {
            assertThatThrownBy(() -> registration.registerTopic("a/b", 1, true, true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a/b");
            assertThatThrownBy(() -> registration.registerTopic("..", 1, true, true))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> registration.registerTopic("t", 0, true, true))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private CuratorFramework newClient() {
        return ZooKeeperClients.create(server.getConnectString(), 10_000, 5_000);
    }

    private static BrokerRegistration register(CuratorFramework c, int brokerId, String url) {
        BrokerRegistration registration = new BrokerRegistration(c, MetaZkPaths.DEFAULT_ROOT, brokerId, url, CHECKSUM);
        registration.register();
        return registration;
    }

    private static long sessionId(CuratorFramework c) throws Exception {
        return c.getZookeeperClient().getZooKeeper().getSessionId();
    }

    private Stat stat(String path) throws Exception {
        Stat stat = observer.checkExists().forPath(path);
        assertThat(stat).as(path).isNotNull();
        return stat;
    }

    private void assertEphemeral(String path, String data, long session) throws Exception {
        Stat stat = new Stat();
        byte[] bytes = observer.getData().storingStatIn(stat).forPath(path);
        assertThat(bytes).as(path).isEqualTo(data.getBytes(UTF_8));
        assertThat(stat.getEphemeralOwner()).as("owner of " + path).isEqualTo(session);
    }

    private void assertPersistent(String path, String data) throws Exception {
        Stat stat = new Stat();
        byte[] bytes = observer.getData().storingStatIn(stat).forPath(path);
        assertThat(bytes).as(path).isEqualTo(data.getBytes(UTF_8));
        assertThat(stat.getEphemeralOwner()).as("owner of " + path).isZero();
    }

    /** Closes the client's session on the server, as an expiry would, by attaching to it and closing. */
    private void expireSessionOnServer(CuratorFramework c) throws Exception {
        ZooKeeper zk = c.getZookeeperClient().getZooKeeper();
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper killer = new ZooKeeper(server.getConnectString(), 10_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        }, zk.getSessionId(), zk.getSessionPasswd());
        try {
            assertThat(connected.await(10, TimeUnit.SECONDS)).as("attached to the session").isTrue();
        } finally {
            killer.close();
        }
    }
}
