package io.metaq.client;

import static java.util.Objects.requireNonNull;

/**
 * Producer settings. Immutable; made with {@link #builder()}.
 *
 * @param selector               chooses each message's partition
 * @param batchBytes             a partition's batch is sent once it holds this many bytes
 * @param lingerMs               how long a non-full batch waits for more messages while the partition
 *                               already has requests in flight; 0 sends as soon as the window allows,
 *                               so batches form only under load
 * @param maxInFlightPerPartition requests in flight per partition; with more than 1 a retried batch
 *                               may land after a later one
 * @param bufferBytes            memory for messages not yet acknowledged; a full buffer blocks senders
 * @param maxBlockMs             the longest a send blocks on a full buffer
 * @param requestTimeoutMs       a batch not acknowledged this long is failed (and retried)
 * @param retries                how many times a batch that failed for a transient reason is re-sent
 * @param retryBackoffMs         the pause before a retry (doubled per attempt)
 */
public record ProducerConfig(PartitionSelector selector, int batchBytes, long lingerMs, int maxInFlightPerPartition,
        long bufferBytes, long maxBlockMs, long requestTimeoutMs, int retries, long retryBackoffMs) {

    public ProducerConfig {
        requireNonNull(selector, "selector is null");
        positive("batchBytes", batchBytes);
        notNegative("lingerMs", lingerMs);
        positive("maxInFlightPerPartition", maxInFlightPerPartition);
        positive("bufferBytes", bufferBytes);
        notNegative("maxBlockMs", maxBlockMs);
        positive("requestTimeoutMs", requestTimeoutMs);
        notNegative("retries", retries);
        notNegative("retryBackoffMs", retryBackoffMs);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ProducerConfig defaults() {
        return builder().build();
    }

    private static void positive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + v);
        }
    }

    private static void notNegative(String name, long v) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + v);
        }
    }

    /** Builds a {@link ProducerConfig}; every setting has a default. */
    public static final class Builder {
        private PartitionSelector selector;
        private int batchBytes = 256 * 1024;
        private long lingerMs = 0;
        private int maxInFlightPerPartition = 4;
        private long bufferBytes = 64L << 20;
        private long maxBlockMs = 30_000;
        private long requestTimeoutMs = 10_000;
        private int retries = 3;
        private long retryBackoffMs = 100;

        private Builder() {
        }

        /** Default: key hash for messages sent with a key, round-robin for the others. */
        public Builder selector(PartitionSelector v) {
            selector = v;
            return this;
        }

        /** Default 256 KiB. */
        public Builder batchBytes(int v) {
            batchBytes = v;
            return this;
        }

        /** Default 0. */
        public Builder lingerMs(long v) {
            lingerMs = v;
            return this;
        }

        /** Default 4. */
        public Builder maxInFlightPerPartition(int v) {
            maxInFlightPerPartition = v;
            return this;
        }

        /** Default 64 MiB. */
        public Builder bufferBytes(long v) {
            bufferBytes = v;
            return this;
        }

        /** Default 30 s. */
        public Builder maxBlockMs(long v) {
            maxBlockMs = v;
            return this;
        }

        /** Default 10 s. */
        public Builder requestTimeoutMs(long v) {
            requestTimeoutMs = v;
            return this;
        }

        /** Default 3. */
        public Builder retries(int v) {
            retries = v;
            return this;
        }

        /** Default 100 ms. */
        public Builder retryBackoffMs(long v) {
            retryBackoffMs = v;
            return this;
        }

        public ProducerConfig build() {
            return new ProducerConfig(selector == null ? PartitionSelectors.keyHash() : selector, batchBytes, lingerMs,
                    maxInFlightPerPartition, bufferBytes, maxBlockMs, requestTimeoutMs, retries, retryBackoffMs);
        }
    }
}
