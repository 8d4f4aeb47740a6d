package io.metaq.broker.core;

import io.metaq.api.StoreClosedException;
import io.metaq.api.TopicPartition;
import io.metaq.broker.filter.ActiveFilter;
import io.metaq.broker.filter.FilterManager;
import io.metaq.broker.filter.FilterScanner;
import io.metaq.spi.filter.FilterContext;
import io.metaq.spi.store.BufferView;
import io.metaq.spi.store.FileRegionView;
import io.metaq.spi.store.PartitionLog;
import io.metaq.spi.store.ReadResult;
import io.metaq.spi.store.ReadView;
import io.metaq.spi.transport.Connection;
import io.metaq.spi.transport.GetRequest;
import io.metaq.spi.transport.ResultResponse;
import io.metaq.spi.transport.Responder;
import io.metaq.spi.transport.ValueResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code get} (PROTOCOL.md §2.2) on fetch threads, never on an event loop: a {@code value}
 * with the stored bytes sent zero-copy, or 404 / 301 / 400 as the original does; a long-poll get
 * with nothing to read is parked and answered by the next append or after its wait.
 *
 * <p>A group with a server-side filter ({@link FilterManager}) is answered by scanning instead
 * (PROTOCOL-EXTENSIONS.md, "Server-side filters"): a {@code value} holds only the run of accepted
 * records that starts at the requested offset, and a rejected first record is answered {@code 301}
 * with the offset of the next accepted record, or of the end of what was scanned. Unfiltered groups
 * keep the zero-copy path untouched.
 */
final class FetchService {
    private static final Logger LOG = LoggerFactory.getLogger(FetchService.class);

    private final TopicRegistry topics;
    private final Executor executor;
    private final LongPollRegistry longPolls;
    private final int maxTransferSize;
    private final long maxWaitMs;
    private final BrokerStats stats;
    private final FilterManager filters;
    private final int maxFilterScanBytes;
    private final int maxPayload;
    /** Per fetch thread: the window of a file-region read, and the filter scanner with its view. */
    private final ThreadLocal<ByteBuffer> scratch = new ThreadLocal<>();
    private final ThreadLocal<FilterScanner> scanners;

    /**
     * @param maxFilterScanBytes the most bytes one filtered get scans before answering 301 with the
     *                           position reached
     * @param maxPayload         a record header claiming a longer payload is treated as the end of data
     */
    FetchService(TopicRegistry topics, Executor executor, LongPollRegistry longPolls, int maxTransferSize,
            long maxWaitMs, BrokerStats stats, FilterManager filters, int maxFilterScanBytes, int maxPayload) {
        this.topics = topics;
        this.executor = executor;
        this.longPolls = longPolls;
        this.maxTransferSize = maxTransferSize;
        this.maxWaitMs = maxWaitMs;
        this.stats = stats;
        this.filters = filters;
        this.maxFilterScanBytes = maxFilterScanBytes;
        this.maxPayload = maxPayload;
        long slow = filters.slowNanos();
        this.scanners = ThreadLocal.withInitial(() -> new FilterScanner(slow, maxPayload));
    }

    void handle(Connection conn, GetRequest req, Responder responder) {
        try {
            executor.execute(() -> fetch(conn, req, responder, true));
        } catch (RejectedExecutionException e) {
            responder.respond(ResultResponse.of(ResultResponse.SERVICE_UNAVAILABLE, "broker is shutting down",
                    req.opaque()));
        }
    }

    /**
     * Runs another store read (one that may touch the disk) on a fetch thread, answering 503 when the
     * broker is shutting down.
     */
    void execute(Runnable read, int opaque, Responder responder) {
        try {
            executor.execute(read);
        } catch (RejectedExecutionException e) {
            responder.respond(ResultResponse.of(ResultResponse.SERVICE_UNAVAILABLE, "broker is shutting down", opaque));
        }
    }

    private void fetch(Connection conn, GetRequest req, Responder responder, boolean mayPark) {
        int opaque = req.opaque();
        if (req.maxSize() <= 0) {
            responder.respond(ResultResponse.of(ResultResponse.BAD_REQUEST, "Bad request,invalid max size:" + req.maxSize(), opaque));
            return;
        }
        TopicRegistry.Topic topic = topics.get(req.topic());
        PartitionLog log = topic == null ? null : topic.partition(req.partition());
        if (log == null) {
            stats.getMiss.increment();
            responder.respond(notExists(req));
            return;
        }
        if (!filters.isEmpty()) {
            ActiveFilter filter = filters.acquire(req.topic(), req.group());
            if (filter != null) {
                try {
                    filtered(conn, req, responder, topic, log, filter, req.offset(), 0L);
                } finally {
                    filter.release();
                }
                return;
            }
        }
        ReadResult r;
        try {
            r = log.read(req.offset(), Math.min(req.maxSize(), maxTransferSize));
        } catch (StoreClosedException e) {
            // The partition closed under the read: its topic was deleted (404, as if it had not existed) or
            // the broker is stopping.
            boolean deleted = topics.get(req.topic()) != topic;
            responder.respond(deleted
                    ? notExists(req)
                    : ResultResponse.of(ResultResponse.SERVICE_UNAVAILABLE, "broker is shutting down", opaque));
            return;
        } catch (RuntimeException e) {
            LOG.warn("get {}-{} at {} failed", req.topic(), req.partition(), req.offset(), e);
            responder.respond(ResultResponse.of(ResultResponse.INTERNAL_ERROR, e.toString(), opaque));
            return;
        }
        switch (r.status()) {
            case DATA -> {
                stats.bytesOut.add(r.view().size());
                responder.respond(new ValueResponse(r.view(), opaque));
            }
            case AT_END -> {
                if (mayPark && req.maxWaitMs() > 0 && conn.isOpen() && park(conn, req, responder, log)) {
                    return;
                }
                stats.getMiss.increment();
                responder.respond(ResultResponse.of(ResultResponse.NOT_FOUND,
                        "Could not find message at position " + req.offset(), opaque));
            }
            case OUT_OF_RANGE, NOT_A_BOUNDARY, CORRUPT_RECORD -> {
                if (r.status() == ReadResult.Status.CORRUPT_RECORD) {
                    LOG.warn("{}-{}: skipping the corrupt record at {} for group {}", req.topic(), req.partition(),
                            req.offset(), req.group());
                }
                responder.respond(ResultResponse.of(ResultResponse.MOVED, Long.toString(r.nextOffset()), opaque));
            }
            default -> throw new IllegalStateException("unexpected " + r);
        }
    }

    private boolean park(Connection conn, GetRequest req, Responder responder, PartitionLog log) {
        TopicPartition tp = log.topicPartition();
        LongPollRegistry.Parked p = new LongPollRegistry.Parked(conn.id(), req.offset(),
                () -> handleAgain(conn, req, responder),
                () -> responder.respond(ResultResponse.of(ResultResponse.NOT_FOUND,
                        "Could not find message at position " + req.offset(), req.opaque())));
        if (!longPolls.park(tp, p, Math.min(req.maxWaitMs(), maxWaitMs))) {
            return false;
        }
        stats.longPollsParked.increment();
        // An append between the read and the park would otherwise go unnoticed until the wait ends.
        if (log.maxOffset() > req.offset()) {
            longPolls.wake(tp, log.maxOffset());
        }
        return true;
    }

    private void handleAgain(Connection conn, GetRequest req, Responder responder) {
        try {
            executor.execute(() -> fetch(conn, req, responder, false));
        } catch (RejectedExecutionException e) {
            responder.respond(ResultResponse.of(ResultResponse.SERVICE_UNAVAILABLE, "broker is shutting down",
                    req.opaque()));
        }
    }

    // ---- filtered fetch -------------------------------------------------------------------------

    /**
     * Answers a get of a filtered group, scanning from {@code from} (the requested offset, or where a
     * parked scan stopped): at most {@code maxFilterScanBytes} per call, then {@code 301} with the
     * position reached.
     *
     * @param deadline {@link System#nanoTime()} when a long poll's wait ends; 0 before it first parks
     */
    private void filtered(Connection conn, GetRequest req, Responder responder, TopicRegistry.Topic topic,
            PartitionLog log, ActiveFilter filter, long from, long deadline) {
        int opaque = req.opaque();
        FilterContext context = new FilterContext(req.topic(), req.group(), req.partition());
        FilterScanner scanner = scanners.get();
        long pos = from;
        long scanned = 0;
        while (true) {
            boolean atRequest = pos == req.offset();
            // A value is bounded by the request's maxSize; windows scanned ahead only decide where to move,
            // and stay within what is left of the scan budget.
            int window = atRequest ? Math.min(req.maxSize(), maxTransferSize)
                    : (int) Math.min(maxTransferSize, Math.max(maxFilterScanBytes - scanned, 1024));
            ReadResult r;
            try {
                r = log.read(pos, window);
            } catch (StoreClosedException e) {
                boolean deleted = topics.get(req.topic()) != topic;
                responder.respond(deleted ? notExists(req)
                        : ResultResponse.of(ResultResponse.SERVICE_UNAVAILABLE, "broker is shutting down", opaque));
                return;
            } catch (RuntimeException e) {
                LOG.warn("filtered get {}-{} at {} failed", req.topic(), req.partition(), pos, e);
                responder.respond(ResultResponse.of(ResultResponse.INTERNAL_ERROR, e.toString(), opaque));
                return;
            }
            switch (r.status()) {
                case DATA -> {
                    ReadView view = r.view();
                    FilterScanner.Result s;
                    try {
                        s = filter.scan(scanner, windowBytes(view), pos, context);
                    } catch (RuntimeException e) {
                        view.close();
                        LOG.warn("filtered get {}-{} at {} failed", req.topic(), req.partition(), pos, e);
                        responder.respond(ResultResponse.of(ResultResponse.INTERNAL_ERROR, e.toString(), opaque));
                        return;
                    }
                    if (s.acceptedEnd() > 0) {
                        if (atRequest) {
                            ReadView value = truncate(view, s.acceptedEnd());
                            stats.bytesOut.add(value.size());
                            responder.respond(new ValueResponse(value, opaque));
                        } else {
                            view.close();
                            moved(responder, pos, opaque);
                        }
                        return;
                    }
                    if (s.nextAccepted() >= 0) {
                        view.close();
                        moved(responder, pos + s.nextAccepted(), opaque);
                        return;
                    }
                    if (s.wholeEnd() == 0) {
                        // Not one whole record in the window: as unfiltered, so the client asks for more bytes.
                        if (atRequest) {
                            stats.bytesOut.add(view.size());
                            responder.respond(new ValueResponse(view, opaque));
                        } else {
                            view.close();
                            moved(responder, pos, opaque);
                        }
                        return;
                    }
                    view.close();
                    pos += s.wholeEnd();
                    scanned += s.wholeEnd();
                    if (scanned >= maxFilterScanBytes) {
                        moved(responder, pos, opaque);
                        return;
                    }
                }
                case AT_END -> {
                    if (req.maxWaitMs() > 0 && conn.isOpen()) {
                        long now = System.nanoTime();
                        long end = deadline != 0 ? deadline
                                : now + TimeUnit.MILLISECONDS.toNanos(Math.min(req.maxWaitMs(), maxWaitMs));
                        long left = TimeUnit.NANOSECONDS.toMillis(end - now);
                        if (left > 0 && parkFiltered(conn, req, responder, log, pos, end, left)) {
                            return;
                        }
                    }
                    if (atRequest) {
                        stats.getMiss.increment();
                        responder.respond(ResultResponse.of(ResultResponse.NOT_FOUND,
                                "Could not find message at position " + req.offset(), opaque));
                    } else {
                        moved(responder, pos, opaque); // past the rejected records scanned
                    }
                    return;
                }
                case OUT_OF_RANGE, NOT_A_BOUNDARY, CORRUPT_RECORD -> {
                    if (atRequest) {
                        if (r.status() == ReadResult.Status.CORRUPT_RECORD) {
                            LOG.warn("{}-{}: skipping the corrupt record at {} for group {}", req.topic(),
                                    req.partition(), pos, req.group());
                        }
                        moved(responder, r.nextOffset(), opaque);
                    } else {
                        moved(responder, pos, opaque); // the next get at pos meets this itself
                    }
                    return;
                }
                default -> throw new IllegalStateException("unexpected " + r);
            }
        }
    }

    private static void moved(Responder responder, long offset, int opaque) {
        responder.respond(ResultResponse.of(ResultResponse.MOVED, Long.toString(offset), opaque));
    }

    private static ResultResponse notExists(GetRequest req) {
        return partitionNotFound(req.topic(), req.partition(), req.opaque());
    }

    /** The original broker's 404 for a topic or partition it does not hold (its wording, kept for old tools). */
    static ResultResponse partitionNotFound(String topic, int partition, int opaque) {
        return ResultResponse.of(ResultResponse.NOT_FOUND, "The topic `" + topic + "` in partition `" + partition
                + "` is not exists", opaque);
    }

    /**
     * Parks a filtered long poll at {@code pos} (where its scan stopped) until an append there or
     * {@code deadline}: woken, it scans on from {@code pos}; expired, it answers 404 when nothing was
     * scanned, else 301 to {@code pos} so the client does not scan the rejected records again.
     */
    private boolean parkFiltered(Connection conn, GetRequest req, Responder responder, PartitionLog log, long pos,
            long deadline, long waitMs) {
        TopicPartition tp = log.topicPartition();
        LongPollRegistry.Parked p = new LongPollRegistry.Parked(conn.id(), pos,
                () -> resumeFiltered(conn, req, responder, pos, deadline),
                () -> {
                    if (pos == req.offset()) {
                        stats.getMiss.increment();
                        responder.respond(ResultResponse.of(ResultResponse.NOT_FOUND,
                                "Could not find message at position " + req.offset(), req.opaque()));
                    } else {
                        moved(responder, pos, req.opaque());
                    }
                });
        if (!longPolls.park(tp, p, waitMs)) {
            return false;
        }
        stats.longPollsParked.increment();
        if (log.maxOffset() > pos) {
            longPolls.wake(tp, log.maxOffset());
        }
        return true;
    }

    private void resumeFiltered(Connection conn, GetRequest req, Responder responder, long pos, long deadline) {
        try {
            executor.execute(() -> {
                TopicRegistry.Topic topic = topics.get(req.topic());
                PartitionLog log = topic == null ? null : topic.partition(req.partition());
                if (log == null) {
                    stats.getMiss.increment();
                    responder.respond(notExists(req));
                    return;
                }
                ActiveFilter filter = filters.acquire(req.topic(), req.group());
                if (filter == null) {
                    // The filter was removed by a reload while the get waited.
                    if (pos == req.offset()) {
                        fetch(conn, req, responder, false);
                    } else {
                        moved(responder, pos, req.opaque());
                    }
                    return;
                }
                try {
                    filtered(conn, req, responder, topic, log, filter, pos, deadline);
                } finally {
                    filter.release();
                }
            });
        } catch (RejectedExecutionException e) {
            responder.respond(ResultResponse.of(ResultResponse.SERVICE_UNAVAILABLE, "broker is shutting down",
                    req.opaque()));
        }
    }

    /**
     * The view's bytes for scanning: a memory-mapped or held buffer as is; a file region read into
     * this thread's direct scratch buffer (valid until the thread's next window).
     */
    private ByteBuffer windowBytes(ReadView view) {
        if (view instanceof BufferView b) {
            return b.buffer();
        }
        FileRegionView f = (FileRegionView) view;
        ByteBuffer buf = scratch.get();
        if (buf == null || buf.capacity() < f.size()) {
            buf = ByteBuffer.allocateDirect(Math.max(f.size(), Math.min(maxTransferSize, 1 << 20)));
            scratch.set(buf);
        }
        buf.clear().limit(f.size());
        try {
            while (buf.hasRemaining()) {
                int n = f.channel().read(buf, f.position() + buf.position());
                if (n < 0) {
                    throw new IllegalStateException("segment ended inside read view at offset " + f.offset());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading view at offset " + f.offset(), e);
        }
        return buf.flip();
    }

    /** The first {@code size} bytes of a view, sent the same way (zero-copy for a file region); closes it when closed. */
    private static ReadView truncate(ReadView view, int size) {
        if (size == view.size()) {
            return view;
        }
        if (view instanceof FileRegionView f) {
            return new FileRegionView(f.offset(), f.channel(), f.position(), size, f::close);
        }
        BufferView b = (BufferView) view;
        return new BufferView(b.offset(), b.buffer().limit(size).slice(), b::close);
    }
}
