package io.metaq.broker.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaq.api.ConfigException;
import io.metaq.broker.config.BrokerConfigLoader;
import io.metaq.broker.config.TopicSettings;
import io.metaq.spi.transport.AdminRequest;
import io.metaq.spi.transport.Responder;
import io.metaq.spi.transport.ResultResponse;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin extension (PROTOCOL-EXTENSIONS.md E5): a JSON object whose {@code "op"} names an operation
 * in a table, so later operations are one more entry. Operations run one at a time on the admin
 * thread (they write files and talk to ZooKeeper), never on an event loop. Answers are
 * {@code result 200} with a JSON body, or another code with a text reason; the connection stays open.
 */
final class AdminHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** One operation: its arguments (the request object without {@code op}) to a 200 body. */
    @FunctionalInterface
    private interface Op {
        JsonNode run(ObjectNode args);
    }

    private final TopicRegistry topics;
    private final Executor executor;
    private final boolean enabled;
    private final Map<String, Op> ops = new LinkedHashMap<>();

    AdminHandler(TopicRegistry topics, Executor executor, boolean enabled) {
        this.topics = topics;
        this.executor = executor;
        this.enabled = enabled;
        ops.put("create-topic", this::createTopic);
        ops.put("delete-topic", this::deleteTopic);
        ops.put("list-topics", this::listTopics);
    }

    void handle(AdminRequest req, Responder responder) {
        if (!enabled) {
            responder.respond(ResultResponse.of(ResultResponse.FORBIDDEN, "admin operations are disabled",
                    req.opaque()));
            return;
        }
        try {
            executor.execute(() -> responder.respond(run(req)));
        } catch (RejectedExecutionException e) {
            responder.respond(ResultResponse.of(ResultResponse.SERVICE_UNAVAILABLE, "broker is shutting down",
                    req.opaque()));
        }
    }

    /** Parses, dispatches and runs one request; never throws. */
    ResultResponse run(AdminRequest req) {
        int opaque = req.opaque();
        JsonNode root;
        try {
            root = JSON.readTree(req.json());
        } catch (JsonProcessingException e) {
            return bad("malformed JSON: " + e.getOriginalMessage() + (e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr()), opaque);
        }
        if (root == null || !root.isObject()) {
            return bad("the admin body must be a JSON object with an \"op\" field", opaque);
        }
        ObjectNode args = (ObjectNode) root;
        JsonNode opNode = args.remove("op");
        if (opNode == null || !opNode.isTextual()) {
            return bad("missing \"op\" (a string) in the admin request", opaque);
        }
        String name = opNode.asText();
        Op op = ops.get(name);
        if (op == null) {
            return bad("unknown op '" + name + "'; known ops: " + String.join(", ", ops.keySet()), opaque);
        }
        try {
            JsonNode answer = op.run(args);
            return new ResultResponse(ResultResponse.OK, JSON.writeValueAsBytes(answer), opaque);
        } catch (AdminException e) {
            return ResultResponse.of(e.code(), e.getMessage(), opaque);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("admin op {} failed", name, e);
            return ResultResponse.of(ResultResponse.INTERNAL_ERROR, "admin op " + name + " failed: " + e, opaque);
        }
    }

    /** {@code {"op":"create-topic","topic":t, ...topic settings}} → {@code {"topic","partitions","created"}}. */
    private JsonNode createTopic(ObjectNode args) {
        String topic = topicArgument(args, "create-topic");
        TopicSettings settings;
        try {
            settings = BrokerConfigLoader.topicSettings("", args);
        } catch (ConfigException e) {
            throw new AdminException(ResultResponse.BAD_REQUEST, "create-topic: " + e.getMessage());
        }
        TopicRegistry.Created c = topics.create(topic, settings);
        return JSON.createObjectNode().put("topic", topic).put("partitions", c.topic().partitions().length)
                .put("created", c.created());
    }

    /** {@code {"op":"delete-topic","topic":t}} → {@code {"topic","deleted":true}}. */
    private JsonNode deleteTopic(ObjectNode args) {
        String topic = topicArgument(args, "delete-topic");
        onlyFields(args, "delete-topic", Set.of());
        topics.delete(topic);
        return JSON.createObjectNode().put("topic", topic).put("deleted", true);
    }

    /** {@code {"op":"list-topics"}} → {@code [{"topic","partitions","source"}, ...]} sorted by name. */
    private JsonNode listTopics(ObjectNode args) {
        onlyFields(args, "list-topics", Set.of());
        ArrayNode out = JSON.createArrayNode();
        for (TopicRegistry.Topic t : topics.list()) {
            out.addObject().put("topic", t.name()).put("partitions", t.partitions().length)
                    .put("source", t.source().label());
        }
        return out;
    }

    /** Removes and returns the required string field {@code topic}. */
    private static String topicArgument(ObjectNode args, String op) {
        JsonNode t = args.remove("topic");
        if (t == null || !t.isTextual()) {
            throw new AdminException(ResultResponse.BAD_REQUEST, op + ": missing \"topic\" (a string)");
        }
        return t.asText();
    }

    private static void onlyFields(ObjectNode args, String op, Set<String> allowed) {
        for (Iterator<String> it = args.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new AdminException(ResultResponse.BAD_REQUEST, op + ": unknown field \"" + f + "\"");
            }
        }
    }

    private static ResultResponse bad(String reason, int opaque) {
        return ResultResponse.of(ResultResponse.BAD_REQUEST, reason, opaque);
    }
}
