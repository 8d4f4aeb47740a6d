package io.metaq.client;

import java.util.Map;
import java.util.Set;

/**
 * A member of a consumer group. {@link #subscribe} the topics, then {@link #start()}: the consumer
 * joins the group, takes its share of the partitions (all of them when broadcasting), and delivers
 * each partition's messages to the topic's listener in offset order, fetching with long polls so a
 * message reaches it as soon as the broker has it. Offsets are committed periodically, when
 * partitions move to another member and on {@link #close()}; delivery is at least once.
 */
public interface Consumer extends AutoCloseable {
    /** Subscribes to a topic before {@link #start()}. */
    Consumer subscribe(String topic, MessageListener listener);

    /** Joins the group and begins delivering. */
    void start();

    /** The partitions this member currently reads, by topic. */
    Map<String, Set<Partition>> assignment();

    /**
     * Moves an owned partition to {@code offset} (a record boundary, e.g. a {@link ReceivedMessage}'s
     * offset); messages fetched but not yet delivered are dropped and fetched again from there.
     *
     * @throws ClientException when this member does not own the partition
     */
    void seek(String topic, Partition partition, long offset);

    /** Moves every owned partition of {@code topic} to the first message appended at or after the time. */
    void seekToTime(String topic, long timestampMs);

    /** Commits the offsets of everything delivered so far, now. */
    void commit();

    /**
     * Reads messages directly, outside the group: up to {@code maxBytes} of the partition from
     * {@code offset} (a record boundary), without waiting for new ones.
     */
    FetchResult fetch(String topic, Partition partition, long offset, int maxBytes);

    /** Stops delivering, commits offsets, leaves the group. */
    @Override
    void close();
}
