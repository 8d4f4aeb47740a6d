package io.metaq.store.mmap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read-only mappings of sealed segments, least recently used first, at most {@code max} at once
 * (a mapping evicted while a view still uses it stays until that view closes). A hand-written LRU
 * rather than a general cache because eviction must be synchronous and exact: the bound is on
 * address space and open mappings, not on an approximate weight.
 */
final class MappedSegmentCache {
    private final int max;
    private final LinkedHashMap<MmapSegmentStorage, MappedRegion> lru = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    MappedSegmentCache(int max) {
        this.max = max;
    }

    /** A pinned read-only mapping of {@code segment}; the caller releases it. */
    MappedRegion acquire(MmapSegmentStorage segment) throws IOException {
        List<MappedRegion> evicted = new ArrayList<>();
        MappedRegion region;
        synchronized (this) {
            if (closed) {
                throw new IOException("store closed");
            }
            region = lru.get(segment);
            if (region == null || !region.tryAcquire()) {
                region = segment.mapReadOnly();
                region.tryAcquire();
                lru.put(segment, region);
                Iterator<Map.Entry<MmapSegmentStorage, MappedRegion>> it = lru.entrySet().iterator();
                while (lru.size() > max && it.hasNext()) {
                    Map.Entry<MmapSegmentStorage, MappedRegion> e = it.next();
                    if (e.getKey() != segment) {
                        evicted.add(e.getValue());
                        it.remove();
                    }
                }
            }
        }
        evicted.forEach(MappedRegion::retire);
        return region;
    }

    /** Drops the segment's mapping (when the segment closes). */
    void evict(MmapSegmentStorage segment) {
        MappedRegion r;
        synchronized (this) {
            r = lru.remove(segment);
        }
        if (r != null) {
            r.retire();
        }
    }

    /** Mappings held now (pinned ones that were evicted are not counted). */
    synchronized int size() {
        return lru.size();
    }

    void close() {
        List<MappedRegion> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(lru.values());
            lru.clear();
        }
        all.forEach(MappedRegion::retire);
    }
}
