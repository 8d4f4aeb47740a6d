package io.metaq.broker.filter;

import io.metaq.broker.config.FilterSpec;
import io.metaq.spi.filter.FilterContext;
import io.metaq.spi.filter.MessageFilter;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured filter in service: the {@link MessageFilter} of a (topic, group), its provider's
 * class loader (the thread's context loader while it runs), its counters and rate-limited reports.
 * Reference counted: a fetch {@linkplain FilterManager#acquire acquires} it for its scan and
 * {@link #release releases} it after, and the filter is closed when it has been replaced (or the
 * broker stops) and the last fetch using it is done.
 */
public final class ActiveFilter {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveFilter.class);
    /** At most one error report and one slowness report per filter in this time. */
    static final long REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final FilterSpec spec;
    private final MessageFilter filter;
    private final ClassLoader loader;
    private final String plugin;
    private final FilterCounters counters;
    private final long slowNanos;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final AtomicLong nextErrorReport = new AtomicLong(System.nanoTime());
    private final AtomicLong nextSlowReport = new AtomicLong(System.nanoTime());
    private final AtomicLong unreportedErrors = new AtomicLong();
    private final AtomicLong unreportedSlow = new AtomicLong();

    ActiveFilter(FilterSpec spec, MessageFilter filter, ClassLoader loader, String plugin, FilterCounters counters,
            long slowNanos) {
        this.spec = spec;
        this.filter = filter;
        this.loader = loader;
        this.plugin = plugin;
        this.counters = counters;
        this.slowNanos = slowNanos;
    }

    public FilterSpec spec() {
        return spec;
    }

    /** The plugin the provider came from, or null for a provider on the broker's class path. */
    public String plugin() {
        return plugin;
    }

    public FilterCounters counters() {
        return counters;
    }

    boolean acquire() {
        while (true) {
            int n = refs.get();
            if (n <= 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Ends a use begun by {@link FilterManager#acquire}; closes the filter after the last use once retired. */
    public void release() {
        if (refs.decrementAndGet() == 0) {
            closeFilter();
        }
    }

    /** Takes the filter out of service: closed now, or by the last fetch still using it. */
    void retire() {
        release();
    }

    private void closeFilter() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            filter.close();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("closing the filter of topic {} group {} (provider '{}') failed", spec.topic(), spec.group(),
                    spec.provider(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Runs the filter over one window (see {@link FilterScanner#scan}), with the provider's class
     * loader as context loader, and counts and reports what happened.
     */
    public FilterScanner.Result scan(FilterScanner scanner, ByteBuffer window, long baseOffset, FilterContext context) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        FilterScanner.Result r;
        try {
            r = scanner.scan(window, baseOffset, filter, context, spec.onError() == FilterSpec.OnError.ACCEPT);
        } finally {
            thread.setContextClassLoader(previous);
        }
        counters.accepted.add(r.accepted());
        counters.rejected.add(r.rejected());
        counters.scannedBytes.add(r.nextAccepted() >= 0 ? r.nextAccepted()
                : r.acceptedEnd() > 0 ? r.acceptedEnd() : r.wholeEnd());
        if (r.errors() > 0) {
            counters.errors.add(r.errors());
            reportErrors(r, context);
        }
        if (r.slow() > 0) {
            counters.slow.add(r.slow());
            reportSlow(r, context);
        }
        return r;
    }

    private void reportErrors(FilterScanner.Result r, FilterContext context) {
        unreportedErrors.addAndGet(r.errors());
        if (!due(nextErrorReport)) {
            return;
        }
        long n = unreportedErrors.getAndSet(0);
        LOG.warn("filter of topic {} group {} (provider '{}'{}) threw on {} record(s) since the last report "
                + "(partition {}); they were {} (onError: {}); first: ", spec.topic(), spec.group(), spec.provider(),
                plugin == null ? "" : ", plugin " + plugin, n,
                context.partition(), spec.onError() == FilterSpec.OnError.ACCEPT ? "delivered" : "not delivered",
                spec.onError().label(), r.firstError());
    }

    private void reportSlow(FilterScanner.Result r, FilterContext context) {
        unreportedSlow.addAndGet(r.slow());
        if (!due(nextSlowReport)) {
            return;
        }
        long n = unreportedSlow.getAndSet(0);
        LOG.warn("filter of topic {} group {} (provider '{}'{}) is slow: {} call(s) over {} ms since the last "
                + "report, the slowest {} ms (partition {})", spec.topic(), spec.group(), spec.provider(),
                plugin == null ? "" : ", plugin " + plugin, n, TimeUnit.NANOSECONDS.toMillis(slowNanos),
                String.format(java.util.Locale.ROOT, "%.1f", r.slowestNanos() / 1e6), context.partition());
    }

    /** True for the one caller that may report now; moves the next report time on. */
    private static boolean due(AtomicLong next) {
        long now = System.nanoTime();
        long at = next.get();
        return now - at >= 0 && next.compareAndSet(at, now + REPORT_INTERVAL_NANOS);
    }

    @Override
    public String toString() {
        return "ActiveFilter[" + spec.key() + " provider=" + spec.provider() + "]";
    }
}
