package io.metaq.client.internal;

import io.metaq.client.ClientException;
import io.metaq.client.Partition;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * Offsets in ZooKeeper exactly where and how the 1.4.6.2 client keeps them
 * ({@code <root>/consumers/<group>/offsets/<topic>/<brokerId>-<partition>} = {@code <lastMsgId>-<offset>}),
 * so old and new members of a group resume from each other's positions.
 */
final class ZkOffsetStore implements OffsetStore {
    private final CuratorFramework zk;
    private final ZkLayout layout;
    private final String group;

    ZkOffsetStore(CuratorFramework zk, ZkLayout layout, String group) {
        this.zk = zk;
        this.layout = layout;
        this.group = group;
    }

    @Override
    public Optional<Committed> load(String topic, Partition partition) {
        String path = layout.offset(group, topic, partition.toString());
        try {
            byte[] data = zk.getData().forPath(path);
            if (data == null || data.length == 0) {
                return Optional.empty();
            }
            return Optional.of(Committed.parse(new String(data, StandardCharsets.UTF_8)));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            throw new ClientException("bad offset in ZooKeeper at " + path + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new ClientException("cannot read offset " + path + " from ZooKeeper: " + e, e);
        }
    }

    @Override
    public void commit(String topic, Partition partition, Committed committed) {
        String path = layout.offset(group, topic, partition.toString());
        try {
            zk.create().orSetData().creatingParentsIfNeeded()
                    .forPath(path, committed.format().getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new ClientException("cannot commit offset " + committed.format() + " to " + path + ": " + e, e);
        }
    }

    @Override
    public void close() {
        // the client's ZooKeeper session is not ours to close
    }
}
