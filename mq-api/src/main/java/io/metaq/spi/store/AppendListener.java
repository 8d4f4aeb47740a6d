package io.metaq.spi.store;

import io.metaq.api.TopicPartition;

/**
 * Told when a partition's visible end ({@link PartitionLog#maxOffset()}) advances, so parked
 * long-poll fetches can be answered at once. Called on the store's appending or flushing thread:
 * implementations must return quickly and never block or call back into an append.
 */
@FunctionalInterface
public interface AppendListener {
    void onVisible(TopicPartition partition, long visibleEnd);
}
