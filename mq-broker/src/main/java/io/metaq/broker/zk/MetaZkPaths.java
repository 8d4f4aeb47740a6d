package io.metaq.broker.zk;

import static java.util.Objects.requireNonNull;

import org.apache.curator.utils.PathUtils;

/**
 * The ZooKeeper paths of the MetaQ 1.4.6.2 layout (PROTOCOL.md §5.1), as built by the original
 * {@code MetaZookeeper}. The root is a path prefix (default {@code /meta}), not a chroot. Immutable.
 */
public final class MetaZkPaths {
    /** The original's default {@code zk.zkRoot}. */
    public static final String DEFAULT_ROOT = "/meta";

    private final String root;

    /**
     * @param root an absolute ZooKeeper path such as {@code /meta}; a trailing {@code /} is dropped
     * @throws IllegalArgumentException if the root is not a valid absolute path
     */
    public MetaZkPaths(String root) {
        requireNonNull(root, "root is null");
        String r = root.length() > 1 && root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        try {
            PathUtils.validatePath(r);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid zk root '" + root + "': " + e.getMessage(), e);
        }
        this.root = "/".equals(r) ? "" : r;
    }

    /** The root as given (normalised), e.g. {@code /meta}. */
    public String root() {
        return root.isEmpty() ? "/" : root;
    }

    /** {@code <root>/brokers/ids}. */
    public String brokerIds() {
        return root + "/brokers/ids";
    }

    /** {@code <root>/brokers/ids/<id>}: persistent, the master URL for old clients. */
    public String brokerId(int brokerId) {
        return brokerIds() + "/" + brokerId;
    }

    /** {@code <root>/brokers/ids/<id>/master}: ephemeral, the master URL. */
    public String master(int brokerId) {
        return brokerId(brokerId) + "/master";
    }

    /** {@code <root>/brokers/ids/<id>/master_config_checksum}: ephemeral, decimal checksum. */
    public String masterConfigChecksum(int brokerId) {
        return brokerId(brokerId) + "/master_config_checksum";
    }

    /** {@code <root>/brokers/topics/<topic>/<id>-m}: ephemeral, the partition count (old clients). */
    public String topicMaster(String topic, int brokerId) {
        return root + "/brokers/topics/" + topic + "/" + brokerId + "-m";
    }

    /** {@code <root>/brokers/topics-pub/<topic>/<id>-m}: ephemeral JSON, read by producers. */
    public String topicPubMaster(String topic, int brokerId) {
        return root + "/brokers/topics-pub/" + topic + "/" + brokerId + "-m";
    }

    /** {@code <root>/brokers/topics-sub/<topic>/<id>-m}: ephemeral JSON, read by consumers. */
    public String topicSubMaster(String topic, int brokerId) {
        return root + "/brokers/topics-sub/" + topic + "/" + brokerId + "-m";
    }

    @Override
    public String toString() {
        return "MetaZkPaths[" + root() + "]";
    }
}
