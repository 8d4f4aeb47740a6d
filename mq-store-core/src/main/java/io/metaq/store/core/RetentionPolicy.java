package io.metaq.store.core;

import io.metaq.spi.store.LogConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a partition's oldest sealed segments while they are older than the retention time or the
 * partition is larger than the retention size. The active segment is never deleted; a segment a
 * reader still holds a view of disappears from the log at once and from disk when the view closes.
 */
final class RetentionPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionPolicy.class);

    private RetentionPolicy() {
    }

    /** @return the number of segments removed */
    static int apply(SegmentedLog log, long now) {
        LogConfig cfg = log.config();
        if (cfg.retentionMs() < 0 && cfg.retentionBytes() < 0) {
            return 0;
        }
        long total = log.sizeInBytes();
        int removed = 0;
        for (Segment seg : log.segmentList()) {
            if (!seg.sealed) {
                break;
            }
            boolean expired = cfg.retentionMs() > 0 && log.newestTime(seg) < now - cfg.retentionMs();
            boolean oversize = cfg.retentionBytes() > 0 && total > cfg.retentionBytes();
            if (!expired && !oversize) {
                break;
            }
            if (log.removeSegment(seg)) {
                total -= seg.size;
                removed++;
                LOG.info("{}: retention removed segment {} ({} bytes, {})", log.topicPartition(), seg.baseOffset,
                        seg.size, expired ? "expired" : "over size limit");
            }
        }
        return removed;
    }
}
