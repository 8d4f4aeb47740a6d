package io.metaq.client;

import static java.util.Objects.requireNonNull;

import io.metaq.api.TopicNames;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * Consumer settings. Immutable; made with {@link #builder(String)}.
 *
 * @param group               the group name (the {@code <group>} of the ZooKeeper layout and of {@code get})
 * @param consumerId          this member's id suffix, or null for {@code <host>-<pid>-<millis>-<n>}
 * @param mode                clustering or broadcasting
 * @param startPosition       where a partition with no committed offset starts
 * @param maxRetries          how many times a message whose listener threw is re-delivered
 * @param retryBackoffMs      the pause before re-delivering
 * @param deadLetter          takes a message once its retries are used up; null publishes it to the
 *                            topic {@code <group>-DLQ}
 * @param filter              a client-side filter: messages it rejects are skipped (and count as
 *                            consumed); null accepts all
 * @param executor            runs the listeners; null uses the client's own threads
 * @param listenerThreads     the size of the client's own pool when {@code executor} is null
 * @param fetchMaxBytes       the most bytes one fetch asks for (grown when a single message is larger)
 * @param longPollMs          how long a fetch waits at the broker for a message; 0 polls
 * @param commitIntervalMs    how often changed offsets are committed
 * @param localOffsetDir      when non-null, offsets are kept in files there instead of ZooKeeper
 *                            (always the case when broadcasting; default {@code ~/.metaq/offsets})
 */
public record ConsumerConfig(String group, String consumerId, ConsumeMode mode, StartPosition startPosition,
        int maxRetries, long retryBackoffMs, DeadLetterHandler deadLetter, Predicate<ReceivedMessage> filter,
        Executor executor, int listenerThreads, int fetchMaxBytes, long longPollMs, long commitIntervalMs,
        Path localOffsetDir) {

    public static final int MAX_FETCH_BYTES = 4 << 20;

    public ConsumerConfig {
        requireNonNull(group, "group is null");
        if (group.isEmpty() || group.chars().anyMatch(c -> c <= ' ' || c == '/' || c == 0x7f)) {
            throw new IllegalArgumentException("group must be non-empty without spaces, control characters or '/': '"
                    + group + "'");
        }
        requireNonNull(mode, "mode is null");
        requireNonNull(startPosition, "startPosition is null");
        if (maxRetries < 0 || retryBackoffMs < 0 || longPollMs < 0) {
            throw new IllegalArgumentException("maxRetries, retryBackoffMs and longPollMs must be >= 0");
        }
        if (fetchMaxBytes < 64 || fetchMaxBytes > MAX_FETCH_BYTES) {
            throw new IllegalArgumentException("fetchMaxBytes must be 64.." + MAX_FETCH_BYTES + ", was " + fetchMaxBytes);
        }
        if (commitIntervalMs <= 0 || listenerThreads <= 0) {
            throw new IllegalArgumentException("commitIntervalMs and listenerThreads must be > 0");
        }
        if (deadLetter == null && TopicNames.problem(group + "-DLQ") != null) {
            throw new IllegalArgumentException("group '" + group + "' cannot name a dead-letter topic ("
                    + TopicNames.problem(group + "-DLQ") + "): set a deadLetter handler");
        }
        if (mode == ConsumeMode.BROADCASTING && localOffsetDir == null) {
            localOffsetDir = Path.of(System.getProperty("user.home"), ".metaq", "offsets");
        }
    }

    public static Builder builder(String group) {
        return new Builder(group);
    }

    /** The dead-letter topic used when no handler is set. */
    public String deadLetterTopic() {
        return group + "-DLQ";
    }

    /** Builds a {@link ConsumerConfig}; everything but the group has a default. */
    public static final class Builder {
        private final String group;
        private String consumerId;
        private ConsumeMode mode = ConsumeMode.CLUSTERING;
        private StartPosition startPosition = StartPosition.EARLIEST;
        private int maxRetries = 5;
        private long retryBackoffMs = 200;
        private DeadLetterHandler deadLetter;
        private Predicate<ReceivedMessage> filter;
        private Executor executor;
        private int listenerThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int fetchMaxBytes = 4 << 20;
        private long longPollMs = 5_000;
        private long commitIntervalMs = 5_000;
        private Path localOffsetDir;

        private Builder(String group) {
            this.group = group;
        }

        public Builder consumerId(String v) {
            consumerId = v;
            return this;
        }

        /** Default {@link ConsumeMode#CLUSTERING}. */
        public Builder mode(ConsumeMode v) {
            mode = v;
            return this;
        }

        /** Default {@link StartPosition#EARLIEST}. */
        public Builder startPosition(StartPosition v) {
            startPosition = v;
            return this;
        }

        /** Default 5. */
        public Builder maxRetries(int v) {
            maxRetries = v;
            return this;
        }

        /** Default 200 ms. */
        public Builder retryBackoffMs(long v) {
            retryBackoffMs = v;
            return this;
        }

        public Builder deadLetter(DeadLetterHandler v) {
            deadLetter = v;
            return this;
        }

        public Builder filter(Predicate<ReceivedMessage> v) {
            filter = v;
            return this;
        }

        public Builder executor(Executor v) {
            executor = v;
            return this;
        }

        /** Default max(2, CPUs). */
        public Builder listenerThreads(int v) {
            listenerThreads = v;
            return this;
        }

        /** Default 1 MiB. */
        public Builder fetchMaxBytes(int v) {
            fetchMaxBytes = v;
            return this;
        }

        /** Default 5 s. */
        public Builder longPollMs(long v) {
            longPollMs = v;
            return this;
        }

        /** Default 5 s. */
        public Builder commitIntervalMs(long v) {
            commitIntervalMs = v;
            return this;
        }

        public Builder localOffsetDir(Path v) {
            localOffsetDir = v;
            return this;
        }

        public ConsumerConfig build() {
            return new ConsumerConfig(group, consumerId, mode, startPosition, maxRetries, retryBackoffMs, deadLetter,
                    filter, executor, listenerThreads, fetchMaxBytes, longPollMs, commitIntervalMs, localOffsetDir);
        }
    }
}
