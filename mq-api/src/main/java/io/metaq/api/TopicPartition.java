package io.metaq.api;

import static java.util.Objects.requireNonNull;

/**
 * One partition of a topic on one broker. The string form {@code topic-partition} is also the name
 * of the partition's directory in a store (PROTOCOL.md §4).
 */
public record TopicPartition(String topic, int partition) implements Comparable<TopicPartition> {

    public TopicPartition {
        TopicNames.validate(requireNonNull(topic, "topic is null"));
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0: " + partition);
        }
    }

    /**
     * Parses a directory name {@code <topic>-<partition>}; the partition is after the last dash
     * since topic names may themselves contain dashes.
     *
     * @throws IllegalArgumentException if the name is not of that form
     */
    public static TopicPartition parse(String dirName) {
        int dash = dirName.lastIndexOf('-');
        if (dash <= 0 || dash == dirName.length() - 1) {
            throw new IllegalArgumentException("not a <topic>-<partition> name: " + dirName);
        }
        try {
            return new TopicPartition(dirName.substring(0, dash), Integer.parseInt(dirName.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a <topic>-<partition> name: " + dirName, e);
        }
    }

    @Override
    public int compareTo(TopicPartition o) {
        int c = topic.compareTo(o.topic);
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
