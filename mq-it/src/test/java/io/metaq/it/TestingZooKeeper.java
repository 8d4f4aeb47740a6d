package io.metaq.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * A real ZooKeeper 3.9 server (Curator's {@link TestingServer}) bound to 127.0.0.1 on an ephemeral port,
 * with a {@link ZooKeeperView} for the test to look at the tree.
 */
public final class TestingZooKeeper implements AutoCloseable {

    private final TestingServer server;
    private final ZooKeeperView view;

    public TestingZooKeeper(Path dataDir) throws Exception {
        InstanceSpec spec = new InstanceSpec(dataDir.toFile(), -1, -1, -1, true, -1, -1, 60,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1");
        this.server = new TestingServer(spec, true);
        try {
            this.view = new ZooKeeperView(connectString());
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    public String connectString() {
        return "127.0.0.1:" + server.getPort();
    }

    public ZooKeeperView view() {
        return view;
    }

    @Override
    public void close() throws IOException {
        try {
            view.close();
        } finally {
            server.close();
        }
    }
}
