package io.metaq.store.core;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Names of the files in a partition directory (layout in {@link io.metaq.spi.store.PartitionLog}). */
final class SegmentFiles {
    static final String SEGMENT_SUFFIX = ".meta";
    static final String INDEX_SUFFIX = ".timeindex";
    static final String RECOVERY_POINT = "recovery-point";
    static final String CLEAN_SHUTDOWN = "clean-shutdown";

    private SegmentFiles() {
    }

    /** {@code 00000000000000001024.meta} for base offset 1024. */
    static String name(long baseOffset, String suffix) {
        return String.format("%020d%s", baseOffset, suffix);
    }

    static Path segmentPath(Path dir, long baseOffset) {
        return dir.resolve(name(baseOffset, SEGMENT_SUFFIX));
    }

    /** Base offsets of the segment files in {@code dir}, ascending. Other files are ignored. */
    static List<Long> listBases(Path dir) throws IOException {
        List<Long> bases = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SEGMENT_SUFFIX)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                String digits = n.substring(0, n.length() - SEGMENT_SUFFIX.length());
                if (digits.length() == 20 && digits.chars().allMatch(Character::isDigit)) {
                    bases.add(Long.parseLong(digits));
                }
            }
        }
        Collections.sort(bases);
        return bases;
    }
}
