package io.metaq.broker.core;

import io.metaq.api.TopicPartition;
import io.metaq.spi.store.PartitionLog;
import io.metaq.spi.transport.AdminRequest;
import io.metaq.spi.transport.BatchPutRequest;
import io.metaq.spi.transport.Connection;
import io.metaq.spi.transport.GetRequest;
import io.metaq.spi.transport.OffsetForTimeRequest;
import io.metaq.spi.transport.OffsetRequest;
import io.metaq.spi.transport.PutRequest;
import io.metaq.spi.transport.QuitRequest;
import io.metaq.spi.transport.Request;
import io.metaq.spi.transport.RequestHandler;
import io.metaq.spi.transport.Responder;
import io.metaq.spi.transport.ResultResponse;
import io.metaq.spi.transport.StatsRequest;
import io.metaq.spi.transport.SyncRequest;
import io.metaq.spi.transport.TransactionRequest;
import io.metaq.spi.transport.VersionRequest;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The broker's side of the MetaQ protocol: puts go to their partition's {@link PartitionWriter},
 * gets and offset-by-time lookups to fetch threads ({@link FetchService}), admin operations to the
 * admin thread ({@link AdminHandler}), the rest is answered at once. Runs on transport event loops and
 * never blocks there.
 */
public final class BrokerRequestHandler implements RequestHandler {
    private final TopicRegistry topics;
    private final MessageIdGenerator ids;
    private final Executor writerExecutor;
    private final FetchService fetches;
    private final LongPollRegistry longPolls;
    private final StatsReport statsReport;
    private final BrokerStats stats;
    private final int maxMessageSize;
    private final String brokerUrl;
    private final AdminHandler admin;
    private final Map<TopicPartition, PartitionWriter> writers = new ConcurrentHashMap<>();

    BrokerRequestHandler(TopicRegistry topics, MessageIdGenerator ids, Executor writerExecutor, FetchService fetches,
            LongPollRegistry longPolls, StatsReport statsReport, BrokerStats stats, int maxMessageSize,
            String brokerUrl, AdminHandler admin) {
        this.admin = admin;
        this.topics = topics;
        this.ids = ids;
        this.writerExecutor = writerExecutor;
        this.fetches = fetches;
        this.longPolls = longPolls;
        this.statsReport = statsReport;
        this.stats = stats;
        this.maxMessageSize = maxMessageSize;
        this.brokerUrl = brokerUrl;
    }

    @Override
    public void handle(Connection connection, Request request, Responder responder) {
        if (request instanceof PutRequest put) {
            stats.cmdPut.increment();
            put(put.topic(), put.partition(), put.txKey(), put.body(), put.flag(), put.checksum(), false,
                    put.opaque(), responder);
        } else if (request instanceof BatchPutRequest bput) {
            stats.cmdPut.increment();
            if (bput.count() > MessageIdGenerator.MAX_BLOCK) {
                stats.putFailed.increment();
                responder.respond(ResultResponse.of(ResultResponse.BAD_REQUEST, "batch of " + bput.count()
                        + " records exceeds " + MessageIdGenerator.MAX_BLOCK + " records per batch", bput.opaque()));
                return;
            }
            put(bput.topic(), bput.partition(), null, bput.records(), 0, -1, true, bput.opaque(), responder);
        } else if (request instanceof GetRequest get) {
            stats.cmdGet.increment();
            fetches.handle(connection, get, responder);
        } else if (request instanceof OffsetRequest off) {
            stats.cmdOffset.increment();
            offset(off, responder);
        } else if (request instanceof OffsetForTimeRequest otime) {
            fetches.execute(() -> offsetForTime(otime, responder), otime.opaque(), responder);
        } else if (request instanceof VersionRequest v) {
            responder.respond(ResultResponse.of(ResultResponse.OK, StatsReport.VERSION, v.opaque()));
        } else if (request instanceof StatsRequest s) {
            byte[] body = statsReport.render(s.item());
            responder.respond(body == null
                    ? ResultResponse.of(ResultResponse.NOT_FOUND, "unknown stats item '" + s.item() + "'", s.opaque())
                    : new ResultResponse(ResultResponse.OK, body, s.opaque()));
        } else if (request instanceof AdminRequest a) {
            admin.handle(a, responder);
        } else if (request instanceof QuitRequest) {
            connection.close();
        } else if (request instanceof TransactionRequest || request instanceof SyncRequest) {
            responder.respond(ResultResponse.of(ResultResponse.INTERNAL_ERROR,
                    "unsupported command '" + request.command() + "': transactions and replication are not available yet",
                    request.opaque()));
        } else {
            responder.respond(ResultResponse.of(ResultResponse.BAD_REQUEST, "unknown request", request.opaque()));
        }
    }

    private void put(String topicName, int partition, String txKey, ByteBuffer payload, int flag, int checksum,
            boolean batch, int opaque, Responder responder) {
        if (txKey != null) {
            responder.respond(ResultResponse.of(ResultResponse.INTERNAL_ERROR,
                    "unsupported: put inside transaction " + txKey + "; transactions are not available yet", opaque));
            return;
        }
        if (payload.remaining() > (batch ? Integer.MAX_VALUE : maxMessageSize)) {
            responder.respond(ResultResponse.of(ResultResponse.BAD_REQUEST, "message of " + payload.remaining()
                    + " bytes exceeds the limit of " + maxMessageSize, opaque));
            return;
        }
        TopicRegistry.Topic topic = topics.get(topicName);
        if (topic == null) {
            // Creating a topic touches the disk: never on the event loop.
            writerExecutor.execute(() -> {
                TopicRegistry.Topic created;
                try {
                    created = topics.getOrCreate(topicName);
                } catch (RuntimeException e) {
                    responder.respond(ResultResponse.of(ResultResponse.INTERNAL_ERROR, "Put message to [broker '"
                            + brokerUrl + "'] failed.Detail:cannot create topic `" + topicName + "`: " + e, opaque));
                    return;
                }
                putToTopic(created, topicName, partition, payload, flag, checksum, batch, opaque, responder);
            });
            return;
        }
        putToTopic(topic, topicName, partition, payload, flag, checksum, batch, opaque, responder);
    }

    private void putToTopic(TopicRegistry.Topic topic, String topicName, int partition, ByteBuffer payload, int flag,
            int checksum, boolean batch, int opaque, Responder responder) {
        if (topic == null) {
            responder.respond(ResultResponse.of(ResultResponse.INTERNAL_ERROR, "Put message to [broker '" + brokerUrl
                    + "'] failed.Detail:topic `" + topicName + "` does not exist and auto-creation is off", opaque));
            return;
        }
        int p = partition < 0 ? ThreadLocalRandom.current().nextInt(topic.partitions().length) : partition;
        PartitionLog log = topic.partition(p);
        if (log == null) {
            responder.respond(ResultResponse.of(ResultResponse.INTERNAL_ERROR, "Put message to [broker '" + brokerUrl
                    + "'] [partition '" + topicName + "-" + partition + "'] failed.Detail:partition does not exist; "
                    + topicName + " has " + topic.partitions().length + " partitions", opaque));
            return;
        }
        if (log.isReadOnly()) {
            responder.respond(ResultResponse.of(ResultResponse.INTERNAL_ERROR, "Put message to [broker '" + brokerUrl
                    + "'] [partition '" + topicName + "-" + p + "'] failed.Detail:partition is read-only after an I/O error",
                    opaque));
            return;
        }
        PartitionWriter writer = writers.get(log.topicPartition());
        if (writer == null || writer.log() != log) {
            // A topic deleted and made again has new logs: the old writer's appends fail as closed.
            writer = writers.compute(log.topicPartition(), (tp, w) -> w != null && w.log() == log ? w
                    : new PartitionWriter(topicName, tp.partition(), log, ids, writerExecutor, maxMessageSize, stats));
        }
        writer.submit(new PutRequestItem(payload, flag, checksum, batch, new PutRequestItem.PutCallback() {
            @Override
            public void stored(long firstId, long firstOffset, int count) {
                String body = firstId + " " + p + " " + firstOffset + (batch ? " " + count : "");
                responder.respond(ResultResponse.of(ResultResponse.OK, body, opaque));
            }

            @Override
            public void failed(int code, String message) {
                responder.respond(ResultResponse.of(code, message, opaque));
            }
        }));
    }

    /** Drops the writers of a deleted topic; puts still queued in them fail as the partitions close. */
    void forget(TopicRegistry.Topic topic) {
        for (PartitionLog log : topic.partitions()) {
            writers.computeIfPresent(log.topicPartition(), (tp, w) -> w.log() == log ? null : w);
        }
    }

    private void offset(OffsetRequest req, Responder responder) {
        TopicRegistry.Topic topic = topics.get(req.topic());
        PartitionLog log = topic == null ? null : topic.partition(req.partition());
        if (log == null) {
            responder.respond(FetchService.partitionNotFound(req.topic(), req.partition(), req.opaque()));
            return;
        }
        responder.respond(ResultResponse.of(ResultResponse.OK, Long.toString(log.nearestOffset(req.offset())),
                req.opaque()));
    }

    /**
     * {@code otime} (PROTOCOL-EXTENSIONS.md E4), on a fetch thread: a sealed segment's time index is
     * searched on disk.
     */
    private void offsetForTime(OffsetForTimeRequest req, Responder responder) {
        TopicRegistry.Topic topic = topics.get(req.topic());
        PartitionLog log = topic == null ? null : topic.partition(req.partition());
        if (log == null) {
            responder.respond(FetchService.partitionNotFound(req.topic(), req.partition(), req.opaque()));
            return;
        }
        long offset;
        try {
            offset = TimeSeek.offsetForTime(log, req.timestampMs(), maxMessageSize);
        } catch (RuntimeException e) {
            responder.respond(ResultResponse.of(ResultResponse.INTERNAL_ERROR, "offset by time in " + req.topic() + "-"
                    + req.partition() + " failed: " + e, req.opaque()));
            return;
        }
        responder.respond(ResultResponse.of(ResultResponse.OK, Long.toString(offset), req.opaque()));
    }

    @Override
    public void connectionOpened(Connection connection) {
        stats.connections.increment();
    }

    @Override
    public void connectionClosed(Connection connection) {
        stats.connections.decrement();
        longPolls.cancelConnection(connection.id());
    }
}
