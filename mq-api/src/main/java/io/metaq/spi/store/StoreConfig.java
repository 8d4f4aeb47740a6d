package io.metaq.spi.store;

import static java.util.Objects.requireNonNull;

import io.metaq.api.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * Settings for one {@link MessageStore}. Immutable; build with {@link #builder(Path)}.
 *
 * <p>{@code options} carries provider-specific keys (for example {@code mmap.maxMappedSegments});
 * a provider rejects keys it does not know that start with its own name and a dot.
 */
public final class StoreConfig {
    private final Path dataDir;
    private final int maxMessageSize;
    private final int flushThreads;
    private final long checkpointIntervalMs;
    private final long retentionCheckIntervalMs;
    private final LogConfig defaultLogConfig;
    private final LongSupplier clock;
    private final LongUnaryOperator timeOfId;
    private final Map<String, String> options;

    private StoreConfig(Builder b) {
        this.dataDir = b.dataDir;
        this.maxMessageSize = b.maxMessageSize;
        this.flushThreads = b.flushThreads;
        this.checkpointIntervalMs = b.checkpointIntervalMs;
        this.retentionCheckIntervalMs = b.retentionCheckIntervalMs;
        this.defaultLogConfig = b.defaultLogConfig;
        this.clock = b.clock;
        this.timeOfId = b.timeOfId;
        this.options = Map.copyOf(b.options);
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** The directory holding one sub-directory per partition. */
    public Path dataDir() {
        return dataDir;
    }

    /** The largest record payload accepted and the largest a recovery scan believes. */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** Threads that run fsyncs; partitions are flushed in parallel, each by one thread at a time. */
    public int flushThreads() {
        return flushThreads;
    }

    /** How often each partition's recovery point is checkpointed. */
    public long checkpointIntervalMs() {
        return checkpointIntervalMs;
    }

    /** How often retention runs. */
    public long retentionCheckIntervalMs() {
        return retentionCheckIntervalMs;
    }

    /** Settings for partitions opened without their own. */
    public LogConfig defaultLogConfig() {
        return defaultLogConfig;
    }

    /** Wall-clock milliseconds; replaceable so tests can age data. */
    public LongSupplier clock() {
        return clock;
    }

    /**
     * The append time encoded in a message id, or -1 when ids carry none. Used only to rebuild a
     * missing or damaged time index; without it a rebuilt index falls back to the segment file's
     * modification time, which is never earlier than any of its records.
     */
    public LongUnaryOperator timeOfId() {
        return timeOfId;
    }

    public Map<String, String> options() {
        return options;
    }

    /** A provider-specific option as an int, or {@code def} when absent. */
    public int intOption(String key, int def) {
        String v = options.get(key);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "not an integer: '" + v + "'");
        }
    }

    /** Builder with production defaults: 4 MiB messages, 2 flush threads, 1 s checkpoints, 60 s retention checks. */
    public static final class Builder {
        private final Path dataDir;
        private int maxMessageSize = 4 << 20;
        private int flushThreads = 2;
        private long checkpointIntervalMs = 1000;
        private long retentionCheckIntervalMs = 60_000;
        private LogConfig defaultLogConfig = LogConfig.defaults();
        private LongSupplier clock = System::currentTimeMillis;
        private LongUnaryOperator timeOfId = id -> -1;
        private Map<String, String> options = Map.of();

        private Builder(Path dataDir) {
            this.dataDir = requireNonNull(dataDir, "dataDir is null");
        }

        public Builder maxMessageSize(int v) {
            if (v < 1) {
                throw new ConfigException("maxMessageSize", "must be positive, was " + v);
            }
            this.maxMessageSize = v;
            return this;
        }

        public Builder flushThreads(int v) {
            if (v < 1) {
                throw new ConfigException("flushThreads", "must be positive, was " + v);
            }
            this.flushThreads = v;
            return this;
        }

        public Builder checkpointIntervalMs(long v) {
            if (v < 1) {
                throw new ConfigException("checkpointIntervalMs", "must be positive, was " + v);
            }
            this.checkpointIntervalMs = v;
            return this;
        }

        public Builder retentionCheckIntervalMs(long v) {
            if (v < 1) {
                throw new ConfigException("retentionCheckIntervalMs", "must be positive, was " + v);
            }
            this.retentionCheckIntervalMs = v;
            return this;
        }

        public Builder defaultLogConfig(LogConfig v) {
            this.defaultLogConfig = requireNonNull(v, "defaultLogConfig is null");
            return this;
        }

        public Builder clock(LongSupplier v) {
            this.clock = requireNonNull(v, "clock is null");
            return this;
        }

        public Builder timeOfId(LongUnaryOperator v) {
            this.timeOfId = requireNonNull(v, "timeOfId is null");
            return this;
        }

        public Builder options(Map<String, String> v) {
            this.options = requireNonNull(v, "options is null");
            return this;
        }

        public StoreConfig build() {
            return new StoreConfig(this);
        }
    }
}
