package io.metaq.client;

import io.metaq.api.Message;
import java.util.List;

/**
 * Chooses the partition a message goes to. Called concurrently; must be thread-safe and fast.
 * {@link PartitionSelectors} has the built-in ones.
 */
@FunctionalInterface
public interface PartitionSelector {
    /**
     * @param partitions the topic's writable partitions, ordered by broker id then partition, never empty
     * @param key        the key the message was sent with, or null
     * @return one of {@code partitions}
     */
    Partition select(String topic, List<Partition> partitions, Message message, String key);
}
