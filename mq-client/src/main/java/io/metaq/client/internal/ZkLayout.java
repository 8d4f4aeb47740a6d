package io.metaq.client.internal;

/** Paths of the MetaQ 1.4.6.2 ZooKeeper layout (PROTOCOL.md §5) under a root such as {@code /meta}. */
public final class ZkLayout {
    private final String root;

    public ZkLayout(String root) {
        if (!root.startsWith("/") || (root.length() > 1 && root.endsWith("/"))) {
            throw new IllegalArgumentException("ZooKeeper root must start with '/' and not end with one: " + root);
        }
        this.root = root.equals("/") ? "" : root;
    }

    public String brokers() {
        return root + "/brokers";
    }

    public String brokerIds() {
        return root + "/brokers/ids";
    }

    public String brokerMaster(int brokerId) {
        return brokerIds() + "/" + brokerId + "/master";
    }

    public String topicsPub() {
        return root + "/brokers/topics-pub";
    }

    public String topicsSub() {
        return root + "/brokers/topics-sub";
    }

    public String consumers() {
        return root + "/consumers";
    }

    public String owners(String group) {
        return root + "/consumers/" + group + "/owners";
    }

    public String offsets(String group) {
        return root + "/consumers/" + group + "/offsets";
    }

    public String consumerIds(String group) {
        return root + "/consumers/" + group + "/ids";
    }

    public String consumerId(String group, String consumerId) {
        return consumerIds(group) + "/" + consumerId;
    }

    public String owner(String group, String topic, String partition) {
        return root + "/consumers/" + group + "/owners/" + topic + "/" + partition;
    }

    public String offset(String group, String topic, String partition) {
        return root + "/consumers/" + group + "/offsets/" + topic + "/" + partition;
    }
}
