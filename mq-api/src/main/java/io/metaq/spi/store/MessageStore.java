package io.metaq.spi.store;

import io.metaq.api.TopicPartition;
import java.util.Optional;
import java.util.Set;

/**
 * All partitions of one broker in one data directory (layout in {@link PartitionLog}). Made by a
 * {@link StoreProvider}; owns its partitions, its flush threads and its retention schedule.
 *
 * <p>Thread-safe. {@link #close()} flushes every partition, writes each recovery point and the
 * clean-shutdown markers, and releases files and mappings; appends still pending then fail with
 * {@link io.metaq.api.StoreClosedException}.
 */
public interface MessageStore extends AutoCloseable {

    /** The provider name that made this store. */
    String providerName();

    /**
     * Opens the partition, creating its directory if needed, with {@code config}; an already open
     * partition is returned as is (its config is not changed).
     */
    PartitionLog openPartition(TopicPartition partition, LogConfig config);

    /** Opens with the store's default log config. */
    default PartitionLog openPartition(TopicPartition partition) {
        return openPartition(partition, null);
    }

    /** The open partition, if any. */
    Optional<PartitionLog> partition(TopicPartition partition);

    /** Partitions open now or found on disk when the store was created. */
    Set<TopicPartition> partitions();

    /** Closes the partition and deletes its directory. Views still open keep their files until closed. */
    void deletePartition(TopicPartition partition);

    /** Applies retention to every open partition now (it also runs on a schedule). */
    void enforceRetention();

    @Override
    void close();
}
