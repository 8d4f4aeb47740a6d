package io.metaq.client;

import java.util.List;

/**
 * A consumer group as ZooKeeper records it (PROTOCOL.md §5.3).
 *
 * @param group      the group name
 * @param members    the live member ids, sorted
 * @param partitions one entry per partition with a committed offset or an owner, by topic then partition
 */
public record GroupInfo(String group, List<String> members, List<PartitionState> partitions) {
    public GroupInfo {
        members = List.copyOf(members);
        partitions = List.copyOf(partitions);
    }

    /**
     * One partition of a group.
     *
     * @param committedOffset the committed next offset, or -1 when none is committed
     * @param owner           the owning member id, or null
     */
    public record PartitionState(String topic, Partition partition, long committedOffset, String owner) {
    }
}
