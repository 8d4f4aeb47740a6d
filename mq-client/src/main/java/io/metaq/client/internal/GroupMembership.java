package io.metaq.client.internal;

import io.metaq.client.ClientException;
import io.metaq.client.Partition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * A clustering member's presence in ZooKeeper, in the 1.4.6.2 layout (PROTOCOL.md §5.3): the
 * ephemeral {@code ids/<consumerId>} node listing its topics (kept by a {@link PersistentNode}, so it
 * comes back after a session expiry), the member list it rebalances on, and the ephemeral owner
 * nodes it claims and releases. Every change of the member list or of the ZooKeeper connection calls
 * the change callback.
 */
final class GroupMembership implements AutoCloseable {
    private final CuratorFramework zk;
    private final ZkLayout layout;
    private final String group;
    private final String consumerId;
    private final byte[] idBytes;
    private PersistentNode idNode;
    private CuratorCache members;
    private ConnectionStateListener connectionListener;

    GroupMembership(CuratorFramework zk, ZkLayout layout, String group, String consumerId) {
        this.zk = zk;
        this.layout = layout;
        this.group = group;
        this.consumerId = consumerId;
        this.idBytes = consumerId.getBytes(StandardCharsets.UTF_8);
    }

    /** Joins the group (blocks until the id node exists) and starts watching it. */
    void join(Collection<String> topics, long timeoutMs, Runnable onChange) {
        idNode = new PersistentNode(zk, CreateMode.EPHEMERAL, false, layout.consumerId(group, consumerId),
                String.join(",", topics).getBytes(StandardCharsets.UTF_8));
        idNode.start();
        try {
            if (!idNode.waitForInitialCreate(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new ClientException("cannot register consumer " + consumerId + " in ZooKeeper within " + timeoutMs
                        + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while joining group " + group, e);
        }
        members = CuratorCache.build(zk, layout.consumerIds(group));
        members.listenable().addListener(CuratorCacheListener.builder().forAll((t, o, n) -> onChange.run()).build());
        members.start();
        connectionListener = (client, state) -> {
            if (state == ConnectionState.RECONNECTED) {
                onChange.run(); // owner nodes of an expired session are gone: claim them again
            }
        };
        zk.getConnectionStateListenable().addListener(connectionListener);
    }

    String consumerId() {
        return consumerId;
    }

    /** The members subscribed to {@code topic}, sorted, read fresh from ZooKeeper. */
    List<String> membersOf(String topic) throws Exception {
        List<String> out = new ArrayList<>();
        for (String id : zk.getChildren().forPath(layout.consumerIds(group))) {
            byte[] data;
            try {
                data = zk.getData().forPath(layout.consumerId(group, id));
            } catch (KeeperException.NoNodeException e) {
                continue; // left meanwhile
            }
            String topics = data == null ? "" : new String(data, StandardCharsets.UTF_8);
            if (Arrays.stream(topics.split(",")).map(String::trim).anyMatch(topic::equals)) {
                out.add(id);
            }
        }
        Collections.sort(out);
        return out;
    }

    /** Creates this member's owner node; true when it owns the partition (now or already). */
    boolean claim(String topic, Partition p) throws Exception {
        String path = layout.owner(group, topic, p.toString());
        try {
            zk.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, idBytes);
            return true;
        } catch (KeeperException.NodeExistsException e) {
            return owns(topic, p);
        }
    }

    /** True when the owner node names this member. */
    boolean owns(String topic, Partition p) throws Exception {
        try {
            byte[] data = zk.getData().forPath(layout.owner(group, topic, p.toString()));
            return data != null && consumerId.equals(new String(data, StandardCharsets.UTF_8));
        } catch (KeeperException.NoNodeException e) {
            return false;
        }
    }

    /** Deletes the owner node if it is this member's. */
    void release(String topic, Partition p) throws Exception {
        String path = layout.owner(group, topic, p.toString());
        try {
            Stat stat = new Stat();
            byte[] data = zk.getData().storingStatIn(stat).forPath(path);
            if (data != null && consumerId.equals(new String(data, StandardCharsets.UTF_8))) {
                zk.delete().withVersion(stat.getVersion()).forPath(path);
            }
        } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
            // gone already, or someone else's now
        }
    }

    @Override
    public void close() {
        if (connectionListener != null) {
            zk.getConnectionStateListenable().removeListener(connectionListener);
        }
        if (members != null) {
            members.close();
        }
        if (idNode != null) {
            try {
                idNode.close();
            } catch (java.io.IOException e) {
                throw new ClientException("cannot leave group " + group + ": " + e, e);
            }
        }
    }
}
