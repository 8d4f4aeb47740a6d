package io.metaq.client.internal;

import java.util.List;

/**
 * The 1.4.6.2 client's default assignment ({@code DefaultLoadBalanceStrategy}): consumers and
 * partitions both sorted as strings; each consumer takes a contiguous range, the first
 * {@code partitions % consumers} consumers one partition more. Identical arithmetic is what lets an
 * old and a new member share a group without fighting over partitions.
 */
final class RangeAssignor {
    private RangeAssignor() {
    }

    /**
     * @param consumers  the group's members subscribed to the topic, sorted
     * @param partitions the topic's partitions as {@code <brokerId>-<partition>}, sorted as strings
     * @return the partitions of {@code consumerId}, empty when it is not among {@code consumers}
     */
    static List<String> assign(String consumerId, List<String> consumers, List<String> partitions) {
        int me = consumers.indexOf(consumerId);
        if (me < 0 || consumers.isEmpty()) {
            return List.of();
        }
        int perConsumer = partitions.size() / consumers.size();
        int withExtra = partitions.size() % consumers.size();
        int start = perConsumer * me + Math.min(me, withExtra);
        int count = perConsumer + (me + 1 > withExtra ? 0 : 1);
        return count <= 0 ? List.of() : List.copyOf(partitions.subList(start, start + count));
    }
}
