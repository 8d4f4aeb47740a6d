package io.metaq.store.mmap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults in the pages of active segments ahead of the writer, on a thread of its own, so that an
 * append is a plain memory copy rather than a page fault every 4 KiB. A page is touched with a
 * compare-and-set of its first int from 0 to 0: it makes the page present and writable but can
 * never overwrite bytes the appender has already put there, however the two threads interleave.
 */
final class PageToucher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PageToucher.class);
    static final int PAGE = 4096;
    /** How far ahead of the write position pages are kept faulted in. */
    static final long AHEAD = 32L << 20;
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final LinkedBlockingQueue<MmapSegmentStorage> requests = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    PageToucher(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.setContextClassLoader(null);
        thread.start();
    }

    /** Asks for pages of {@code storage} to be touched up to {@code AHEAD} past its write position. */
    void request(MmapSegmentStorage storage) {
        if (!closed) {
            requests.offer(storage);
        }
    }

    private void run() {
        while (!closed) {
            try {
                MmapSegmentStorage s = requests.take();
                s.touchAhead(this);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("page touching failed: {}", e.toString());
            }
        }
    }

    /** Touches whole pages in [from, to) of a pinned mapping; returns the end reached. */
    static long touch(MappedRegion region, long from, long to) {
        long page = (from + PAGE - 1) / PAGE * PAGE;
        for (; page + 4 <= to; page += PAGE) {
            INTS.compareAndSet(region.buffer, (int) page, 0, 0);
        }
        return Math.min(page, to);
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
