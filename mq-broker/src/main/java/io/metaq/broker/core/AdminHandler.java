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
import io.metaq.broker.config.FilterSpec;
import io.metaq.broker.config.TopicSettings;
import io.metaq.broker.filter.FilterManager;
import io.metaq.broker.filter.PluginInfo;
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
    private final FilterManager filters;
    private final Map<String, Op> ops = new LinkedHashMap<>();

    AdminHandler(TopicRegistry topics, Executor executor, boolean enabled, FilterManager filters) {
        this.topics = topics;
        this.executor = executor;
        this.enabled = enabled;
        this.filters = filters;
        ops.put("create-topic", this::createTopic);
        ops.put("delete-topic", this::deleteTopic);
        ops.put("list-topics", this::listTopics);
        ops.put("reload", this::reload);
        ops.put("list-plugins", this::listPlugins);
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

    /**
     * {@code {"op":"reload"}}: re-reads the configuration file and puts its {@code filters} section in
     * service → {@code {"reloaded":true,"filters":[...],"restartRequired":[sections]}}; a bad file or a
     * filter that cannot be made is {@code 400} and the filters in service stay.
     */
    private JsonNode reload(ObjectNode args) {
        onlyFields(args, "reload", Set.of());
        FilterManager.Outcome outcome;
        try {
            outcome = filters.reload();
        } catch (ConfigException e) {
            throw new AdminException(ResultResponse.BAD_REQUEST, "reload: " + e.getMessage()
                    + "; the filters in service are unchanged");
        }
        ObjectNode out = JSON.createObjectNode().put("reloaded", true);
        out.set("filters", filtersJson(outcome.filters()));
        ArrayNode restart = out.putArray("restartRequired");
        outcome.restartRequired().forEach(restart::add);
        out.put("note", outcome.restartRequired().isEmpty()
                ? "a reload applies the filters section only; other changes need a restart"
                : "filters applied; changes to " + String.join(", ", outcome.restartRequired())
                        + " need a restart");
        return out;
    }

    static ArrayNode filtersJson(java.util.List<FilterManager.Status> status) {
        ArrayNode list = JSON.createArrayNode();
        for (FilterManager.Status s : status) {
            FilterSpec spec = s.spec();
            ObjectNode f = list.addObject().put("topic", spec.topic()).put("group", spec.group())
                    .put("provider", spec.provider());
            if (s.plugin() != null) {
                f.put("plugin", s.plugin());
            }
            ObjectNode params = f.putObject("params");
            new java.util.TreeMap<>(spec.params()).forEach(params::put);
            f.put("onError", spec.onError().label());
        }
        return list;
    }

    /** {@code {"op":"list-plugins"}} → {@code [{"name","version","apiVersion","dir","providers":[...]}]}. */
    private JsonNode listPlugins(ObjectNode args) {
        onlyFields(args, "list-plugins", Set.of());
        ArrayNode out = JSON.createArrayNode();
        for (PluginInfo p : filters.plugins()) {
            ObjectNode o = out.addObject().put("name", p.name()).put("version", p.version())
                    .put("apiVersion", p.apiVersion()).put("dir", p.dir().toString());
            ArrayNode providers = o.putArray("providers");
            p.providers().forEach(providers::add);
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
