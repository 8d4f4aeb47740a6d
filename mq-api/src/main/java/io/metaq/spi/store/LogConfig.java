package io.metaq.spi.store;

import io.metaq.api.ConfigException;

/**
 * Per-partition log settings, usually from the topic's section of {@code broker.yaml}. Immutable.
 *
 * @param segmentBytes          a segment rolls once it holds this many bytes (a single batch larger
 *                              than this gets a segment of its own)
 * @param flushMode             when appends complete
 * @param flushIntervalMessages INTERVAL mode: fsync after this many unflushed messages
 * @param flushIntervalMs       INTERVAL mode: fsync when data has been unflushed this long
 * @param retentionMs           segments whose newest record is older are deleted; {@code -1} keeps all
 * @param retentionBytes        oldest segments are deleted while the partition is larger; {@code -1} no limit
 * @param indexIntervalBytes    the sparse time index gets an entry at most every this many bytes
 */
public record LogConfig(long segmentBytes, FlushMode flushMode, int flushIntervalMessages, long flushIntervalMs,
        long retentionMs, long retentionBytes, int indexIntervalBytes) {

    public static final long DEFAULT_SEGMENT_BYTES = 1L << 30;
    public static final long MAX_SEGMENT_BYTES = Integer.MAX_VALUE;

    public LogConfig {
        if (segmentBytes < 1024 || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new ConfigException("segmentBytes", "must be between 1024 and " + MAX_SEGMENT_BYTES + ", was " + segmentBytes);
        }
        if (flushMode == null) {
            throw new ConfigException("flush", "is missing");
        }
        if (flushIntervalMessages < 1) {
            throw new ConfigException("flushIntervalMessages", "must be >= 1, was " + flushIntervalMessages);
        }
        if (flushIntervalMs < 1) {
            throw new ConfigException("flushIntervalMs", "must be >= 1, was " + flushIntervalMs);
        }
        if (retentionMs < -1 || retentionMs == 0) {
            throw new ConfigException("retentionMs", "must be positive or -1 (keep all), was " + retentionMs);
        }
        if (retentionBytes < -1 || retentionBytes == 0) {
            throw new ConfigException("retentionBytes", "must be positive or -1 (no limit), was " + retentionBytes);
        }
        if (indexIntervalBytes < 1) {
            throw new ConfigException("indexIntervalBytes", "must be >= 1, was " + indexIntervalBytes);
        }
    }

    /** Group commit, 1 GiB segments, seven days' retention, a time index entry per 4 KiB. */
    public static LogConfig defaults() {
        return new LogConfig(DEFAULT_SEGMENT_BYTES, FlushMode.GROUP, 10_000, 1000, 7L * 24 * 3600 * 1000, -1, 4096);
    }

    public LogConfig withSegmentBytes(long v) {
        return new LogConfig(v, flushMode, flushIntervalMessages, flushIntervalMs, retentionMs, retentionBytes, indexIntervalBytes);
    }

    public LogConfig withFlushMode(FlushMode v) {
        return new LogConfig(segmentBytes, v, flushIntervalMessages, flushIntervalMs, retentionMs, retentionBytes, indexIntervalBytes);
    }

    public LogConfig withFlushInterval(int messages, long ms) {
        return new LogConfig(segmentBytes, flushMode, messages, ms, retentionMs, retentionBytes, indexIntervalBytes);
    }

    public LogConfig withRetention(long ms, long bytes) {
        return new LogConfig(segmentBytes, flushMode, flushIntervalMessages, flushIntervalMs, ms, bytes, indexIntervalBytes);
    }

    public LogConfig withIndexIntervalBytes(int v) {
        return new LogConfig(segmentBytes, flushMode, flushIntervalMessages, flushIntervalMs, retentionMs, retentionBytes, v);
    }
}
