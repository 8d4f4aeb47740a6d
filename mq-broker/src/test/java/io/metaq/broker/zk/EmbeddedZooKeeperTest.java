package io.metaq.broker.zk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedZooKeeperTest {
    @TempDir
    Path dir;

    @Test
    void start_ephemeralPort_servesCuratorClientOnLoopbackOnly() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0)) {
            assertThat(zk.isRunning()).isTrue();
            assertThat(zk.port()).isPositive();
            assertThat(zk.connectString()).isEqualTo("127.0.0.1:" + zk.port());
            assertThat(zk.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            try (CuratorFramework client = ZooKeeperClients.create(zk.connectString(), 10_000, 5_000)) {
                client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT)
                        .forPath("/meta/hello", "world".getBytes(UTF_8));
                assertThat(new String(client.getData().forPath("/meta/hello"), UTF_8)).isEqualTo("world");
            }
            // ZooKeeperServerMain would start Jetty's admin server; its pool threads are named "qtp...".
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("qtp"));
        }
        assertThat(Files.isDirectory(dir.resolve("data/version-2"))).isTrue();
        assertThat(Files.isDirectory(dir.resolve("datalog/version-2"))).isTrue();
    }

    @Test
    void close_stopsServerAndReleasesPort() throws Exception {
        EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0);
        int port = zk.port();
        zk.close();
        zk.close(); // idempotent

        assertThat(zk.isRunning()).isFalse();
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            }
        }).isInstanceOf(ConnectException.class);
        // The same port can be bound again right away.
        try (EmbeddedZooKeeper again = EmbeddedZooKeeper.start(dir, port)) {
            assertThat(again.port()).isEqualTo(port);
        }
    }

    @Test
    void start_portInUse_failsNamingHostAndPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedZooKeeper.start(dir, port))
                    .isInstanceOf(EmbeddedZooKeeperException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void restart_sameDirectory_keepsData() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0);
                CuratorFramework client = ZooKeeperClients.create(zk.connectString(), 10_000, 5_000)) {
            client.create().creatingParentsIfNeeded().forPath("/meta/consumers/g/offsets/t/0-0", "-1-42".getBytes(UTF_8));
        }
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0);
                CuratorFramework client = ZooKeeperClients.create(zk.connectString(), 10_000, 5_000)) {
            assertThat(new String(client.getData().forPath("/meta/consumers/g/offsets/t/0-0"), UTF_8))
                    .isEqualTo("-1-42");
        }
    }

    @Test
    void start_nonLoopbackHost_isRejected() {
        assertThatThrownBy(() -> EmbeddedZooKeeper.start(dir, "0.0.0.0", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.0.0.0");
    }
}
