package io.metaq.client;

/**
 * One partition of a topic as the MetaQ ZooKeeper layout names it: {@code <brokerId>-<partition>},
 * the partition index being local to its broker. Ordered by broker id, then partition.
 */
public record Partition(int brokerId, int partition) implements Comparable<Partition> {
    public Partition {
        if (brokerId < 0 || partition < 0) {
            throw new IllegalArgumentException("broker id and partition must be >= 0: " + brokerId + "-" + partition);
        }
    }

    /** Parses {@code <brokerId>-<partition>}. */
    public static Partition parse(String text) {
        int dash = text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1) {
            throw new IllegalArgumentException("not a <brokerId>-<partition> name: " + text);
        }
        try {
            return new Partition(Integer.parseInt(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a <brokerId>-<partition> name: " + text, e);
        }
    }

    @Override
    public int compareTo(Partition o) {
        int c = Integer.compare(brokerId, o.brokerId);
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }

    @Override
    public String toString() {
        return brokerId + "-" + partition;
    }
}
