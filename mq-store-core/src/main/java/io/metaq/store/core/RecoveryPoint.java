package io.metaq.store.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partition's {@code recovery-point} checkpoint: {@code "<offset>\n"}, an offset below which every
 * byte was durable when it was written. Only ever written with an offset that is already durable.
 */
final class RecoveryPoint {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryPoint.class);

    private RecoveryPoint() {
    }

    /** The checkpointed offset, or 0 when the file is missing or unreadable (recovery then scans more). */
    static long read(Path dir) {
        Path file = dir.resolve(SegmentFiles.RECOVERY_POINT);
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            String s = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
            long v = Long.parseLong(s);
            return v < 0 ? 0 : v;
        } catch (IOException | NumberFormatException e) {
            LOG.warn("{}: unreadable recovery point ({}); scanning the whole log", file, e.toString());
            return 0;
        }
    }

    static void write(Path dir, long offset) throws IOException {
        FileSync.writeAtomically(dir.resolve(SegmentFiles.RECOVERY_POINT), offset + "\n");
    }
}
