package io.metaq.transport.netty;

import io.metaq.spi.store.BufferView;
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
import io.metaq.spi.transport.ValueResponse;
import io.metaq.spi.transport.VersionRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers from memory, echo style: version → {@code result 200 test-1.0}; put → {@code <id> <partition>
 * <bodyLen>}; get → a {@code value} whose bytes are {@code topic/group/offset}; others → a 200 naming what
 * arrived. Records what it saw. {@link #behaviour} lets a test take over answering.
 */
class TestingRequestHandler implements RequestHandler {
    static final String VERSION = "test-1.0";

    final Queue<Request> requests = new ConcurrentLinkedQueue<>();
    final List<Connection> opened = new CopyOnWriteArrayList<>();
    final List<Connection> closed = new CopyOnWriteArrayList<>();
    final AtomicInteger viewsClosed = new AtomicInteger();
    final AtomicLong ids = new AtomicLong();
    /** Put bodies as copied strings, in arrival order. */
    final Queue<String> putBodies = new ConcurrentLinkedQueue<>();
    volatile Behaviour behaviour;

    @FunctionalInterface
    interface Behaviour {
        /** @return true when the request was answered (or deliberately left unanswered) */
        boolean handle(Connection connection, Request request, Responder responder);
    }

    @Override
    public void handle(Connection connection, Request request, Responder responder) {
        requests.add(request);
        Behaviour o = behaviour;
        if (o != null && o.handle(connection, request, responder)) {
            return;
        }
        if (request instanceof VersionRequest v) {
            responder.respond(ResultResponse.of(200, VERSION, v.opaque()));
        } else if (request instanceof PutRequest p) {
            putBodies.add(StandardCharsets.UTF_8.decode(p.body().duplicate()).toString());
            responder.respond(ResultResponse.of(200, ids.incrementAndGet() + " " + p.partition() + " "
                    + p.body().remaining(), p.opaque()));
        } else if (request instanceof BatchPutRequest b) {
            responder.respond(ResultResponse.of(200, "1 " + b.partition() + " 0 " + b.count(), b.opaque()));
        } else if (request instanceof GetRequest g) {
            responder.respond(new ValueResponse(view(g.topic() + "/" + g.group() + "/" + g.offset()), g.opaque()));
        } else if (request instanceof OffsetRequest o2) {
            responder.respond(ResultResponse.of(200, Long.toString(o2.offset()), o2.opaque()));
        } else if (request instanceof OffsetForTimeRequest ot) {
            responder.respond(ResultResponse.of(200, ot.topic() + "-" + ot.partition() + "@" + ot.timestampMs(),
                    ot.opaque()));
        } else if (request instanceof StatsRequest s) {
            responder.respond(ResultResponse.of(200, "STATS\r\nitem [" + s.item() + "]\r\nEND\r\n", s.opaque()));
        } else if (request instanceof TransactionRequest t) {
            if (!t.type().equals("END")) {
                responder.respond(ResultResponse.of(200, t.type(), t.opaque()));
            }
        } else if (request instanceof AdminRequest a) {
            responder.respond(ResultResponse.of(200, "admin " + a.json(), a.opaque()));
        } else if (request instanceof SyncRequest s) {
            responder.respond(ResultResponse.of(200, s.msgId() + " " + s.partition(), s.opaque()));
        } else if (!(request instanceof QuitRequest)) {
            throw new AssertionError(request);
        }
    }

    /** A heap BufferView whose close is counted in {@link #viewsClosed}. */
    BufferView view(String text) {
        return new BufferView(0, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer(),
                viewsClosed::incrementAndGet);
    }

    @Override
    public void connectionOpened(Connection connection) {
        opened.add(connection);
    }

    @Override
    public void connectionClosed(Connection connection) {
        closed.add(connection);
    }
}
