package io.metaq.bench.load;

/**
 * A run's settings, defaults resolved and values checked (see the subcommands' options). Producer
 * settings are unused by consume, the group by produce.
 *
 * @param mode         the mode
 * @param zk           the ZooKeeper connect string
 * @param zkRoot       the MetaQ root node
 * @param topic        the topic
 * @param partitions   the partitions the topic is expected to have (0: do not wait for them)
 * @param messages     messages to send or receive
 * @param size         payload bytes
 * @param threads      sending threads
 * @param batchBytes   the producer's batch size
 * @param lingerMs     the producer's linger time
 * @param rate         messages/s in total, 0 = unlimited
 * @param durationS    the longest the run may take
 * @param group        the consumer group
 * @param warmup       messages left out of the latency histogram
 * @param idleTimeoutS stop waiting after this long without progress (0: only the duration)
 */
public record LoadSettings(LoadMode mode, String zk, String zkRoot, String topic, int partitions, long messages,
        int size, int threads, int batchBytes, long lingerMs, long rate, long durationS, String group, long warmup,
        long idleTimeoutS) {
}
