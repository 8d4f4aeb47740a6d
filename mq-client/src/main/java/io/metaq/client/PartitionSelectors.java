package io.metaq.client;

import java.util.concurrent.atomic.AtomicInteger;

/** The built-in partition selectors. */
public final class PartitionSelectors {
    private PartitionSelectors() {
    }

    /** Spreads messages over the partitions in turn. */
    public static PartitionSelector roundRobin() {
        AtomicInteger next = new AtomicInteger();
        return (topic, partitions, message, key) ->
                partitions.get(Math.floorMod(next.getAndIncrement(), partitions.size()));
    }

    /**
     * Sends every message with the same key to the same partition (while the partition count does not
     * change), so messages of one key keep their order; messages without a key go round-robin.
     */
    public static PartitionSelector keyHash() {
        PartitionSelector fallback = roundRobin();
        return (topic, partitions, message, key) -> key == null
                ? fallback.select(topic, partitions, message, null)
                : partitions.get(Math.floorMod(murmurMix(key.hashCode()), partitions.size()));
    }

    /** Spreads String.hashCode's poorly mixed low bits (MurmurHash3's finaliser). */
    private static int murmurMix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
