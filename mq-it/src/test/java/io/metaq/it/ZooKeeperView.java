package io.metaq.it;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.data.Stat;

/** A Curator client for tests to read (and, for fakes, write) the ZooKeeper tree of PROTOCOL.md §5. */
public final class ZooKeeperView implements AutoCloseable {

    private final CuratorFramework curator;

    public ZooKeeperView(String connectString) throws InterruptedException {
        curator = CuratorFrameworkFactory.newClient(connectString, 15_000, 5_000, new RetryNTimes(3, 200));
        curator.start();
        if (!curator.blockUntilConnected(10, TimeUnit.SECONDS)) {
            curator.close();
            throw new IllegalStateException("cannot reach ZooKeeper at " + connectString);
        }
    }

    /** Children of a path, sorted, or an empty list if the path does not exist. */
    public List<String> children(String path) throws Exception {
        return curator.checkExists().forPath(path) == null ? List.of()
                : curator.getChildren().forPath(path).stream().sorted().toList();
    }

    /** UTF-8 data of a node, or null if it does not exist. */
    public String data(String path) throws Exception {
        return curator.checkExists().forPath(path) == null ? null
                : new String(curator.getData().forPath(path), StandardCharsets.UTF_8);
    }

    /** True if the node exists and is ephemeral. */
    public boolean isEphemeral(String path) throws Exception {
        Stat stat = curator.checkExists().forPath(path);
        return stat != null && stat.getEphemeralOwner() != 0;
    }

    /** Creates (with parents) or overwrites a persistent node with UTF-8 data. */
    public void put(String path, String data) throws Exception {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        if (curator.checkExists().forPath(path) == null) {
            curator.create().creatingParentsIfNeeded().forPath(path, bytes);
        } else {
            curator.setData().forPath(path, bytes);
        }
    }

    /** The session owning an ephemeral node, 0 for a persistent one, -1 if the node does not exist. */
    public long ephemeralOwner(String path) throws Exception {
        Stat stat = curator.checkExists().forPath(path);
        return stat == null ? -1 : stat.getEphemeralOwner();
    }

    /** Deletes a node and its children if it exists. */
    public void delete(String path) throws Exception {
        if (curator.checkExists().forPath(path) != null) {
            curator.delete().deletingChildrenIfNeeded().forPath(path);
        }
    }

    @Override
    public void close() {
        curator.close();
    }
}
