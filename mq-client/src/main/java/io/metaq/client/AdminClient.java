package io.metaq.client;

import static java.util.Objects.requireNonNull;

import io.metaq.client.internal.ClientContext;
import io.metaq.spi.transport.OffsetForTimeRequest;
import io.metaq.spi.transport.OffsetRequest;
import io.metaq.spi.transport.Request;
import io.metaq.spi.transport.Response;
import io.metaq.spi.transport.ResultResponse;
import io.metaq.spi.transport.StatsRequest;
import io.metaq.spi.transport.ValueResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * Operations for tools: brokers, per-partition offsets, broker stats, the broker admin extension, and
 * consumer groups as ZooKeeper holds them. Obtained from {@link MessagingClient#admin()}; thread-safe.
 */
public final class AdminClient {
    private final ClientContext ctx;

    AdminClient(ClientContext ctx) {
        this.ctx = ctx;
    }

    /** Live brokers: id → {@code meta://host:port}. */
    public Map<Integer, String> brokers() {
        return ctx.cluster().brokers();
    }

    /** Topics some broker publishes, sorted. */
    public List<String> topics() {
        List<String> t = new ArrayList<>(ctx.cluster().topics());
        Collections.sort(t);
        return t;
    }

    /** A topic's partitions as consumers see them. */
    public List<Partition> partitions(String topic) {
        return ctx.cluster().subscribablePartitions(topic);
    }

    /** The first retained offset of a partition. */
    public long minOffset(String topic, Partition partition) {
        return offset(send(partition.brokerId(), new OffsetRequest(topic, "metaq-admin", partition.partition(), 0, 0)));
    }

    /** The end (visible max offset) of a partition. */
    public long maxOffset(String topic, Partition partition) {
        return offset(send(partition.brokerId(),
                new OffsetRequest(topic, "metaq-admin", partition.partition(), Long.MAX_VALUE, 0)));
    }

    /** The offset of the first message appended at or after a time (PROTOCOL-EXTENSIONS E4). */
    public long offsetForTime(String topic, Partition partition, long timestampMs) {
        return offset(send(partition.brokerId(), new OffsetForTimeRequest(topic, partition.partition(), timestampMs, 0)));
    }

    /**
     * A broker's {@code stats} answer as ordered name → value pairs ({@code item} "" for the summary,
     * or "topics", "offsets", "realtime", a topic name, ...).
     */
    public Map<String, String> stats(int brokerId, String item) {
        ResultResponse r = send(brokerId, new StatsRequest(requireNonNull(item, "item is null"), 0));
        if (r.code() != ResultResponse.OK) {
            throw new ClientException("stats '" + item + "' on broker " + brokerId + " answered " + r.code() + ": "
                    + r.text());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : r.text().split("\r\n")) {
            if (line.isEmpty() || line.equals("STATS") || line.equals("END")) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space < 0) {
                out.put(line, "");
            } else {
                out.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return out;
    }

    /**
     * Sends an admin operation (PROTOCOL-EXTENSIONS.md E5) to one broker: a JSON object with an
     * {@code "op"} field. Returns the broker's answer (200 with a JSON body, else a code and a reason).
     */
    public ResultResponse admin(int brokerId, String json) {
        return send(brokerId, new io.metaq.spi.transport.AdminRequest(requireNonNull(json, "json is null"), 0));
    }

    /**
     * Creates a topic on one broker ({@code create-topic}); {@code settings} are extra per-topic keys of
     * broker.yaml's {@code topics:} section (e.g. {@code flush -> group}), values as JSON literals or strings.
     *
     * @return the broker's answer; 200 also when the topic already exists with that partition count
     */
    public ResultResponse createTopic(int brokerId, String topic, int partitions, Map<String, Object> settings) {
        io.metaq.api.TopicNames.validate(topic);
        StringBuilder json = new StringBuilder("{\"op\":\"create-topic\",\"topic\":\"").append(topic)
                .append("\",\"partitions\":").append(partitions);
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            json.append(",").append(jsonString(e.getKey())).append(":");
            Object v = e.getValue();
            json.append(v instanceof Number || v instanceof Boolean ? v.toString() : jsonString(String.valueOf(v)));
        }
        return admin(brokerId, json.append("}").toString());
    }

    /** Deletes a topic's partitions on one broker ({@code delete-topic}). */
    public ResultResponse deleteTopic(int brokerId, String topic) {
        io.metaq.api.TopicNames.validate(topic);
        return admin(brokerId, "{\"op\":\"delete-topic\",\"topic\":\"" + topic + "\"}");
    }

    /** The topics of one broker as JSON ({@code list-topics}). */
    public ResultResponse listTopics(int brokerId) {
        return admin(brokerId, "{\"op\":\"list-topics\"}");
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Sends any request to a broker and returns its {@code result} answer. */
    public ResultResponse send(int brokerId, Request request) {
        String url = ctx.cluster().brokerUrl(brokerId)
                .orElseThrow(() -> new ClientException("broker " + brokerId + " is not registered in ZooKeeper"));
        Response r;
        try {
            r = ctx.connections().get(url).thenCompose(c -> c.send(request, ctx.requestTimeoutMs()))
                    .get(ctx.requestTimeoutMs() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while waiting for broker " + brokerId, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new ClientException(request.command() + " to broker " + brokerId + " (" + url + ") failed: " + c, c);
        }
        if (r instanceof ValueResponse v) {
            v.records().close();
            throw new ClientException("broker " + brokerId + " answered " + request.command() + " with data");
        }
        return (ResultResponse) r;
    }

    private static long offset(ResultResponse r) {
        if (r.code() != ResultResponse.OK) {
            throw new ClientException("offset lookup answered " + r.code() + ": " + r.text());
        }
        return Long.parseLong(r.text().trim());
    }

    // ---- consumer groups in ZooKeeper -----------------------------------------------------------

    /** Groups that have registered members or committed offsets, sorted. */
    public List<String> groups() {
        List<String> g = children(ctx.layout().consumers());
        Collections.sort(g);
        return g;
    }

    /** A group's members, committed offsets and owners. */
    public GroupInfo describeGroup(String group) {
        List<String> members = children(ctx.layout().consumerIds(group));
        Collections.sort(members);
        Map<String, GroupInfo.PartitionState> states = new java.util.TreeMap<>();
        for (String topic : union(children(ctx.layout().offsets(group)), children(ctx.layout().owners(group)))) {
            for (String p : union(children(ctx.layout().offsets(group) + "/" + topic),
                    children(ctx.layout().owners(group) + "/" + topic))) {
                Partition partition;
                try {
                    partition = Partition.parse(p);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                String offsetText = data(ctx.layout().offset(group, topic, p));
                long offset = -1;
                if (offsetText != null && !offsetText.isBlank()) {
                    String s = offsetText.trim();
                    offset = Long.parseLong(s.substring(s.lastIndexOf('-') + 1));
                }
                String key = topic + "\u0000" + String.format("%010d-%010d", partition.brokerId(), partition.partition());
                states.put(key, new GroupInfo.PartitionState(topic, partition, offset,
                        data(ctx.layout().owner(group, topic, p))));
            }
        }
        return new GroupInfo(group, members, new ArrayList<>(states.values()));
    }

    /**
     * Writes a group's committed offset for one partition (in the 1.4.6.2 format, last message id
     * unknown). Members read it when they next take the partition; refuse while the group has members.
     */
    public void setCommittedOffset(String group, String topic, Partition partition, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0: " + offset);
        }
        String path = ctx.layout().offset(group, topic, partition.toString());
        try {
            ctx.zk().create().orSetData().creatingParentsIfNeeded()
                    .forPath(path, ("-1-" + offset).getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new ClientException("cannot write " + path + ": " + e, e);
        }
    }

    private List<String> children(String path) {
        CuratorFramework zk = ctx.zk();
        try {
            return new ArrayList<>(zk.getChildren().forPath(path));
        } catch (KeeperException.NoNodeException e) {
            return new ArrayList<>();
        } catch (Exception e) {
            throw new ClientException("cannot list " + path + " in ZooKeeper: " + e, e);
        }
    }

    private String data(String path) {
        try {
            byte[] d = ctx.zk().getData().forPath(path);
            return d == null ? null : new String(d, StandardCharsets.UTF_8);
        } catch (KeeperException.NoNodeException e) {
            return null;
        } catch (Exception e) {
            throw new ClientException("cannot read " + path + " in ZooKeeper: " + e, e);
        }
    }

    private static List<String> union(List<String> a, List<String> b) {
        java.util.TreeSet<String> s = new java.util.TreeSet<>(a);
        s.addAll(b);
        return new ArrayList<>(s);
    }
}
