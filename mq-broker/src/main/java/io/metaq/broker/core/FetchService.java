package io.metaq.broker.core;

import io.metaq.api.StoreClosedException;
import io.metaq.api.TopicPartition;
import io.metaq.spi.store.PartitionLog;
import io.metaq.spi.store.ReadResult;
import io.metaq.spi.transport.Connection;
import io.metaq.spi.transport.GetRequest;
import io.metaq.spi.transport.ResultResponse;
import io.metaq.spi.transport.Responder;
import io.metaq.spi.transport.ValueResponse;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code get} (PROTOCOL.md §2.2) on fetch threads, never on an event loop: a {@code value}
 * with the stored bytes sent zero-copy, or 404 / 301 / 400 as the original does; a long-poll get
 * with nothing to read is parked and answered by the next append or after its wait.
 */
final class FetchService {
    private static final Logger LOG = LoggerFactory.getLogger(FetchService.class);

    private final TopicRegistry topics;
    private final Executor executor;
    private final LongPollRegistry longPolls;
    private final int maxTransferSize;
    private final long maxWaitMs;
    private final BrokerStats stats;

    FetchService(TopicRegistry topics, Executor executor, LongPollRegistry longPolls, int maxTransferSize,
            long maxWaitMs, BrokerStats stats) {
        this.topics = topics;
        this.executor = executor;
        this.longPolls = longPolls;
        this.maxTransferSize = maxTransferSize;
        this.maxWaitMs = maxWaitMs;
        this.stats = stats;
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
            responder.respond(ResultResponse.of(ResultResponse.NOT_FOUND, "The topic `" + req.topic()
                    + "` in partition `" + req.partition() + "` is not exists", opaque));
            return;
        }
        ReadResult r;
        try {
            r = log.read(req.offset(), Math.min(req.maxSize(), maxTransferSize));
        } catch (StoreClosedException e) {
            // The partition closed under the read: its topic was deleted (404, as if it had not existed) or
            // the broker is stopping.
            boolean deleted = topics.get(req.topic()) != topic;
            responder.respond(deleted
                    ? ResultResponse.of(ResultResponse.NOT_FOUND, "The topic `" + req.topic() + "` in partition `"
                            + req.partition() + "` is not exists", opaque)
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
}
