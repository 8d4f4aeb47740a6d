package io.metaq.store.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The sparse time index of one segment, file {@code <base>.timeindex}: 16-byte entries
 * {@code [appendTimeMs:8][offset:8]} (big-endian, absolute log offsets), times non-decreasing and
 * offsets increasing, the first entry at the segment's first record. An entry is added at the first
 * append batch that starts {@code intervalBytes} or more after the previous entry, so a lookup lands
 * at most about that far before its target. Every entry's offset is a record boundary, which also
 * makes the index the starting point for checking that a read offset is one.
 *
 * <p>While the segment is active the entries are held in memory and written out lazily
 * ({@link #persist()}, by the flush thread): the index is derived data, checked and rebuilt at
 * recovery, so it needs no fsync of its own. A sealed index drops its memory and answers lookups
 * by binary search in the file. All methods are synchronized; lookups are rare.
 */
final class TimeIndex {
    static final int ENTRY_SIZE = 16;

    private final Path path;
    private final int intervalBytes;
    private long[] times;
    private long[] offsets;
    private int count;
    private int persisted;
    private long firstTime = -1;
    private long lastRecordTime = -1;
    private boolean sealed;

    private TimeIndex(Path path, int intervalBytes, long[] times, long[] offsets, int count, int persisted) {
        this.path = path;
        this.intervalBytes = intervalBytes;
        this.times = times;
        this.offsets = offsets;
        this.count = count;
        this.persisted = persisted;
        if (count > 0) {
            firstTime = times[0];
            lastRecordTime = times[count - 1];
        }
    }

    static Path pathFor(Path dir, long baseOffset) {
        return dir.resolve(SegmentFiles.name(baseOffset, SegmentFiles.INDEX_SUFFIX));
    }

    /** An index over entries already validated (or rebuilt); {@code persistedEntries} of them are in the file. */
    static TimeIndex of(Path path, int intervalBytes, long[] times, long[] offsets, int count, int persistedEntries) {
        return new TimeIndex(path, intervalBytes, times, offsets, count, persistedEntries);
    }

    static TimeIndex empty(Path path, int intervalBytes) {
        return new TimeIndex(path, intervalBytes, new long[64], new long[64], 0, 0);
    }

    /**
     * Reads and checks the index file of a segment holding bytes {@code [base, base+dataSize)}.
     * Entries at or past the end are dropped (they describe bytes lost to truncation).
     *
     * @return the entries, or null when the file is missing or damaged and must be rebuilt
     */
    static TimeIndex load(Path path, int intervalBytes, long base, long dataSize) throws IOException {
        if (!Files.exists(path)) {
            return null;
        }
        long size = Files.size(path);
        if (size % ENTRY_SIZE != 0 || size / ENTRY_SIZE > Integer.MAX_VALUE - 8) {
            return null;
        }
        int n = (int) (size / ENTRY_SIZE);
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size, 1 << 20));
        long[] times = new long[Math.max(n, 16)];
        long[] offsets = new long[Math.max(n, 16)];
        int valid = 0;
        boolean truncated = false;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long pos = 0;
            scan:
            while (pos < size) {
                buf.clear();
                while (buf.hasRemaining() && pos + buf.position() < size) {
                    if (ch.read(buf, pos + buf.position()) < 0) {
                        return null;
                    }
                }
                buf.flip();
                while (buf.remaining() >= ENTRY_SIZE) {
                    long t = buf.getLong();
                    long o = buf.getLong();
                    boolean ordered = valid == 0 ? o == base : t >= times[valid - 1] && o > offsets[valid - 1];
                    if (!ordered || t < 0) {
                        if (valid > 0 && o >= base + dataSize && o > offsets[valid - 1]) {
                            // Entries for bytes that recovery truncated away: keep the ones before them.
                            truncated = true;
                            break scan;
                        }
                        return null;
                    }
                    if (o >= base + dataSize) {
                        truncated = true;
                        break scan;
                    }
                    times[valid] = t;
                    offsets[valid] = o;
                    valid++;
                }
                pos += buf.position();
            }
        }
        if (valid == 0 && dataSize > 0) {
            return null;
        }
        return of(path, intervalBytes, times, offsets, valid, truncated ? -1 : valid);
    }

    /** Records one append batch at {@code offset} stamped {@code time} (non-decreasing). */
    synchronized void onAppend(long time, long offset) {
        if (count == 0 || offset - offsets[count - 1] >= intervalBytes) {
            add(time, offset);
        }
        lastRecordTime = Math.max(lastRecordTime, time);
    }

    /**
     * Adds the entry (newest time, newest batch offset) when a segment is sealed or closed, so the
     * index records exactly how new the segment's data is; it keeps the index's invariant that an
     * entry's time is at least that of every record before its offset.
     */
    synchronized void addFinalEntry(long time, long offset) {
        if (count > 0 && offset > offsets[count - 1] && time >= times[count - 1]) {
            add(time, offset);
        }
        lastRecordTime = Math.max(lastRecordTime, time);
    }

    /** Adds an entry rebuilt at recovery for records past the last persisted one. */
    synchronized void extend(long time, long offset) {
        if (count == 0 || (offset > offsets[count - 1] && time >= times[count - 1])) {
            add(time, offset);
            lastRecordTime = Math.max(lastRecordTime, time);
        }
    }

    /** Offset of the last entry, -1 when empty. */
    synchronized long lastEntryOffset() {
        return count == 0 ? -1 : sealed ? -1 : offsets[count - 1];
    }

    private void add(long time, long offset) {
        if (count == times.length) {
            times = Arrays.copyOf(times, count * 2);
            offsets = Arrays.copyOf(offsets, count * 2);
        }
        times[count] = time;
        offsets[count] = offset;
        if (count == 0) {
            firstTime = time;
        }
        count++;
    }

    /** Time of the first entry, -1 when empty. */
    synchronized long firstTime() {
        return firstTime;
    }

    /** Newest append time recorded, -1 when empty. */
    synchronized long lastTime() {
        return lastRecordTime;
    }

    /** Raises the newest known time (after recovery, from the file's modification time). */
    synchronized void observeTime(long time) {
        lastRecordTime = Math.max(lastRecordTime, time);
    }

    /** Offset of the last entry older than {@code time}, or -1 when the first entry is not older. */
    synchronized long lastOffsetBefore(long time) throws IOException {
        if (count == 0) {
            return -1;
        }
        if (!sealed) {
            int lo = 0;
            int hi = count - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (times[mid] < time) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found < 0 ? -1 : offsets[found];
        }
        return searchFile(0, time);
    }

    /** The greatest entry offset at or below {@code offset} (a record boundary), or -1 when none. */
    synchronized long floorOffset(long offset) throws IOException {
        if (count == 0) {
            return -1;
        }
        if (!sealed) {
            int i = java.util.Arrays.binarySearch(offsets, 0, count, offset);
            int at = i >= 0 ? i : -i - 2;
            return at < 0 ? -1 : offsets[at];
        }
        return searchFile(8, offset + 1);
    }

    /**
     * Binary search of the sealed index file: the offset of the last entry whose field at
     * {@code fieldPos} (0 = time, 8 = offset) is below {@code bound}, or -1.
     */
    private long searchFile(int fieldPos, long bound) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer entry = ByteBuffer.allocate(ENTRY_SIZE);
            int lo = 0;
            int hi = count - 1;
            long found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                entry.clear();
                while (entry.hasRemaining()) {
                    if (ch.read(entry, (long) mid * ENTRY_SIZE + entry.position()) < 0) {
                        throw new IOException(path + ": index shorter than its " + count + " entries");
                    }
                }
                if (entry.getLong(fieldPos) < bound) {
                    found = entry.getLong(8);
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found;
        }
    }

    /** Writes entries not yet in the file. A persisted count of -1 means the file must be rewritten. */
    synchronized void persist() throws IOException {
        if (persisted == count && persisted >= 0) {
            return;
        }
        boolean rewrite = persisted < 0;
        int from = rewrite ? 0 : persisted;
        ByteBuffer buf = ByteBuffer.allocate((count - from) * ENTRY_SIZE);
        for (int i = from; i < count; i++) {
            buf.putLong(times[i]).putLong(offsets[i]);
        }
        buf.flip();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (rewrite) {
                ch.truncate(0);
            }
            long pos = (long) from * ENTRY_SIZE;
            while (buf.hasRemaining()) {
                pos += ch.write(buf, pos);
            }
        }
        persisted = count;
    }

    /** Persists and frees the in-memory entries; lookups then read the file. */
    synchronized void seal() throws IOException {
        persist();
        sealed = true;
        times = null;
        offsets = null;
    }

    /** Forces a full rewrite at the next {@link #persist()}. */
    synchronized void markDirty() {
        persisted = -1;
    }
}
