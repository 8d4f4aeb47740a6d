package io.metaq.store.mmap;

import io.metaq.store.core.RefCount;
import java.nio.MappedByteBuffer;

/**
 * One mapping, unmapped exactly once: when its owner has retired it and the last view over it has
 * been closed. Touching a buffer after unmapping would crash the JVM, so every use is bracketed by
 * {@link #tryAcquire()} and {@link #release()}.
 */
final class MappedRegion {
    final MappedByteBuffer buffer;
    private final RefCount refs;

    MappedRegion(MappedByteBuffer buffer) {
        this.buffer = buffer;
        this.refs = new RefCount(() -> Unmapper.unmap(buffer));
    }

    boolean tryAcquire() {
        return refs.tryAcquire();
    }

    void release() {
        refs.release();
    }

    void retire() {
        if (!refs.isRetired()) {
            refs.retire();
        }
    }
}
