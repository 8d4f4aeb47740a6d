package io.metaq.broker.zk;

import java.util.Arrays;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few idempotent node operations registration needs, on top of Curator. Parents are created as
 * persistent nodes (not containers, which the server would delete when empty). Not thread-safe by itself:
 * {@link BrokerRegistration} serialises calls.
 */
final class ZkNodes {
    private static final Logger LOG = LoggerFactory.getLogger(ZkNodes.class);
    /** Rounds of create / inspect / replace before giving up on a node that keeps changing. */
    private static final int MAX_ATTEMPTS = 5;

    private final CuratorFramework client;

    ZkNodes(CuratorFramework client) {
        this.client = client;
    }

    /** The id of the client's current session. */
    long sessionId() {
        try {
            return client.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            throw new RegistrationException("cannot get the ZooKeeper session: " + e.getMessage(), e);
        }
    }

    /**
     * Makes {@code path} an ephemeral node of the current session holding {@code data}. A node left by another
     * session (our previous one, or a previous run) is replaced, unless it holds different data and
     * {@code onForeignConflict} is non-null: then that callback decides (typically by throwing).
     */
    void ensureEphemeral(String path, byte[] data, Consumer<byte[]> onForeignConflict) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, data);
                LOG.debug("Created ephemeral {}", path);
                return;
            } catch (KeeperException.NodeExistsException e) {
                // inspect below
            } catch (Exception e) {
                throw failure("create", path, e);
            }
            Stat stat = new Stat();
            byte[] current;
            try {
                current = client.getData().storingStatIn(stat).forPath(path);
            } catch (KeeperException.NoNodeException e) {
                continue;
            } catch (Exception e) {
                throw failure("read", path, e);
            }
            current = current == null ? new byte[0] : current;
            long owner = stat.getEphemeralOwner();
            try {
                if (owner == sessionId()) {
                    if (!Arrays.equals(current, data)) {
                        client.setData().withVersion(stat.getVersion()).forPath(path, data);
                    }
                    return;
                }
                if (onForeignConflict != null && !Arrays.equals(current, data)) {
                    onForeignConflict.accept(current);
                }
                LOG.info("Replacing {} left by ZooKeeper session 0x{}", path, Long.toHexString(owner));
                client.delete().withVersion(stat.getVersion()).forPath(path);
            } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
                // changed under us: go round again
            } catch (RegistrationException e) {
                throw e;
            } catch (Exception e) {
                throw failure("replace", path, e);
            }
        }
        throw new RegistrationException("cannot register " + path + ": it kept changing during "
                + MAX_ATTEMPTS + " attempts");
    }

    /** Makes {@code path} a persistent node holding {@code data}, creating persistent parents as needed. */
    void ensurePersistent(String path, byte[] data) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                client.setData().forPath(path, data);
                return;
            } catch (KeeperException.NoNodeException e) {
                // create below
            } catch (Exception e) {
                throw failure("write", path, e);
            }
            try {
                client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(path, data);
                return;
            } catch (KeeperException.NodeExistsException e) {
                // created concurrently: set it on the next round
            } catch (Exception e) {
                throw failure("create", path, e);
            }
        }
        throw new RegistrationException("cannot write " + path + ": it kept changing during " + MAX_ATTEMPTS
                + " attempts");
    }

    /** Deletes {@code path} if it is an ephemeral node of the current session; other owners' nodes stay. */
    void deleteIfOwned(String path) {
        try {
            Stat stat = client.checkExists().forPath(path);
            if (stat != null && stat.getEphemeralOwner() == sessionId()) {
                client.delete().withVersion(stat.getVersion()).forPath(path);
                LOG.debug("Deleted {}", path);
            }
        } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
            LOG.debug("{} changed while deleting it; left alone", path);
        } catch (RegistrationException e) {
            throw e;
        } catch (Exception e) {
            throw failure("delete", path, e);
        }
    }

    /** Sets {@code path} to empty bytes if it still holds {@code expected}. */
    void emptyIfHolds(String path, byte[] expected) {
        try {
            Stat stat = new Stat();
            byte[] current = client.getData().storingStatIn(stat).forPath(path);
            if (Arrays.equals(current, expected)) {
                client.setData().withVersion(stat.getVersion()).forPath(path, new byte[0]);
            }
        } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
            LOG.debug("{} changed while emptying it; left alone", path);
        } catch (Exception e) {
            throw failure("empty", path, e);
        }
    }

    private static RegistrationException failure(String operation, String path, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new RegistrationException("cannot " + operation + " ZooKeeper node " + path + ": " + e, e);
    }
}
