package io.metaq.store.core;

import io.metaq.api.StoreCorruptedException;
import io.metaq.api.TopicPartition;
import io.metaq.spi.store.LogConfig;
import io.metaq.spi.store.StoreConfig;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a partition directory: lists its segments, checks they are contiguous, scans every segment
 * past the recovery point and always the last one, truncates a torn tail, quarantines records that
 * fail their checksum, and loads or rebuilds each time index.
 */
final class LogLoader {
    private static final Logger LOG = LoggerFactory.getLogger(LogLoader.class);

    /** The recovered segments, oldest first (never empty), and the newest known append time. */
    record Loaded(List<Segment> segments, long lastAppendTime) {
    }

    private final TopicPartition partition;
    private final Path dir;
    private final LogConfig config;
    private final StoreConfig storeConfig;
    private final SegmentStorageFactory storages;

    LogLoader(TopicPartition partition, Path dir, LogConfig config, StoreConfig storeConfig,
            SegmentStorageFactory storages) {
        this.partition = partition;
        this.dir = dir;
        this.config = config;
        this.storeConfig = storeConfig;
        this.storages = storages;
    }

    Loaded load() throws IOException {
        Files.createDirectories(dir);
        deleteTempFiles();
        Path marker = dir.resolve(SegmentFiles.CLEAN_SHUTDOWN);
        boolean clean = Files.exists(marker);
        long[] cleanState = readCleanMarker(marker);
        long recoveryPoint = RecoveryPoint.read(dir);
        List<Long> bases = SegmentFiles.listBases(dir);
        List<Segment> segments = new ArrayList<>();
        long lastAppendTime = -1;
        if (bases.isEmpty()) {
            Path path = SegmentFiles.segmentPath(dir, 0);
            segments.add(new Segment(0, path, storages.open(path, 0, true, config.segmentBytes(), config.flushMode()),
                    TimeIndex.empty(TimeIndex.pathFor(dir, 0), config.indexIntervalBytes()), 0, null));
            FileSync.syncDirectory(dir);
        } else {
            if (!clean) {
                LOG.warn("{}: unclean shutdown; recovering from offset {}", partition, recoveryPoint);
            }
            for (int i = 0; i < bases.size(); i++) {
                boolean last = i == bases.size() - 1;
                long next = last ? -1 : bases.get(i + 1);
                Segment s = loadSegment(bases.get(i), next, recoveryPoint, last ? cleanState : null);
                segments.add(s);
                if (last) {
                    lastAppendTime = s.timeIndex.lastTime();
                }
            }
        }
        Files.deleteIfExists(marker);
        return new Loaded(segments, lastAppendTime);
    }

    /**
     * The clean-shutdown marker's {end offset, newest append time}, or null when the last stop was not
     * clean (or the marker is from an older format).
     */
    private static long[] readCleanMarker(Path marker) {
        try {
            String[] parts = Files.readString(marker).trim().split(" ");
            return parts.length == 2 ? new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])} : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private Segment loadSegment(long base, long nextBase, long recoveryPoint, long[] cleanState) throws IOException {
        Path path = SegmentFiles.segmentPath(dir, base);
        Path indexPath = TimeIndex.pathFor(dir, base);
        boolean last = nextBase < 0;
        long fileSize = Files.size(path);
        long expected = last ? fileSize : nextBase - base;
        if (fileSize < expected) {
            throw new StoreCorruptedException(path, "holds " + fileSize + " bytes but the next segment starts "
                    + expected + " bytes after its start; data is missing");
        }
        long size = expected;
        List<long[]> holes = new ArrayList<>();
        TimeIndexBuilder rebuilt = null;
        if (last || base + expected > recoveryPoint) {
            rebuilt = new TimeIndexBuilder(base, storeConfig.timeOfId(), config.indexIntervalBytes());
            SegmentScanner.Result r = SegmentScanner.scan(path, 0, expected, storeConfig.maxMessageSize(), rebuilt);
            for (long[] h : r.holes()) {
                holes.add(new long[] {base + h[0], base + h[1]});
                LOG.warn("{}: record at offset {} failed its checksum; it will not be served", partition, base + h[0]);
            }
            if (last) {
                size = r.validEnd();
                if (fileSize > size) {
                    FileSync.truncate(path, size);
                    LOG.info("{}: truncated {} bytes of torn or preallocated tail from {}", partition,
                            fileSize - size, path.getFileName());
                }
            } else if (r.validEnd() < expected) {
                holes.add(new long[] {base + r.validEnd(), base + expected});
                LOG.warn("{}: bytes {}..{} of {} are not valid records; they will not be served", partition,
                        r.validEnd(), expected, path.getFileName());
            }
            FileSync.force(path);
        }
        // After a clean stop the marker knows the newest append time exactly; otherwise records the
        // index does not cover may be as new as the file's modification time.
        long knownNewest = cleanState != null && cleanState[0] == base + size ? cleanState[1] : -1;
        TimeIndex index = loadIndex(path, indexPath, base, size, rebuilt, knownNewest);
        long capacity = last ? Math.max(config.segmentBytes(), size) : size;
        SegmentStorage storage = storages.open(path, size, last, capacity, config.flushMode());
        Segment s = new Segment(base, path, storage, index, size, flatten(holes));
        if (!last) {
            index.seal();
            storage.seal(size);
            s.sealed = true;
        } else {
            index.persist();
        }
        return s;
    }

    private TimeIndex loadIndex(Path segPath, Path indexPath, long base, long size, TimeIndexBuilder rebuilt,
            long knownNewest) throws IOException {
        int interval = config.indexIntervalBytes();
        if (size == 0) {
            Files.deleteIfExists(indexPath);
            return TimeIndex.empty(indexPath, interval);
        }
        TimeIndex index = TimeIndex.load(indexPath, interval, base, size);
        if (index != null) {
            if (rebuilt != null) {
                long lastEntry = index.lastEntryOffset();
                for (int i = 0; i < rebuilt.count(); i++) {
                    if (rebuilt.offset(i) > lastEntry) {
                        index.extend(rebuilt.time(i), rebuilt.offset(i));
                    }
                }
                if (knownNewest >= 0) {
                    index.observeTime(knownNewest);
                } else if (rebuilt.unknownTimes()) {
                    index.observeTime(Files.getLastModifiedTime(segPath).toMillis());
                }
            }
            return index;
        }
        LOG.warn("{}: time index {} missing or damaged; rebuilding", partition, indexPath.getFileName());
        if (rebuilt == null) {
            rebuilt = new TimeIndexBuilder(base, storeConfig.timeOfId(), interval);
            SegmentScanner.scan(segPath, 0, size, storeConfig.maxMessageSize(), rebuilt);
        }
        TimeIndex fresh = rebuilt.toIndex(indexPath,
                knownNewest >= 0 ? knownNewest : Files.getLastModifiedTime(segPath).toMillis());
        fresh.persist();
        return fresh;
    }

    private static long[] flatten(List<long[]> holes) {
        long[] out = new long[holes.size() * 2];
        for (int i = 0; i < holes.size(); i++) {
            out[2 * i] = holes.get(i)[0];
            out[2 * i + 1] = holes.get(i)[1];
        }
        return out;
    }

    private void deleteTempFiles() throws IOException {
        try (DirectoryStream<Path> tmp = Files.newDirectoryStream(dir, "*.tmp")) {
            for (Path p : tmp) {
                Files.deleteIfExists(p);
            }
        }
    }
}
