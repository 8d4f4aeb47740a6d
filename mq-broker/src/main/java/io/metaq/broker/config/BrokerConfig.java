package io.metaq.broker.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.metaq.api.ConfigException;
import io.metaq.api.TopicNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code conf/broker.yaml}, as read by {@link BrokerConfigLoader}: every section optional, every key
 * checked, defaults filled in by {@link #resolve(Path)}. Immutable.
 */
public record BrokerConfig(
        @JsonProperty("broker") Broker broker,
        @JsonProperty("zookeeper") ZooKeeper zookeeper,
        @JsonProperty("store") Store store,
        @JsonProperty("transport") Transport transport,
        @JsonProperty("limits") Limits limits,
        @JsonProperty("admin") Admin admin,
        @JsonProperty("autoCreateTopics") Boolean autoCreateTopics,
        @JsonProperty("topicDefaults") TopicSettings topicDefaults,
        @JsonProperty("topics") Map<String, TopicSettings> topics,
        @JsonProperty("plugins") Plugins plugins,
        @JsonProperty("filters") Map<String, Map<String, FilterSettings>> filters) {

    /** The sections of this file, in order; {@link #changedSections} compares them. */
    static final List<String> SECTIONS = List.of("broker", "zookeeper", "store", "transport", "limits", "admin",
            "autoCreateTopics", "topicDefaults", "topics", "plugins", "filters");

    /** An empty file: every default. */
    public static BrokerConfig empty() {
        return new BrokerConfig(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Identity and address: {@code id} 0..1023 (it is part of every message id), bind host and port. */
    public record Broker(@JsonProperty("id") Integer id, @JsonProperty("host") String host,
            @JsonProperty("port") Integer port, @JsonProperty("dataDir") String dataDir,
            @JsonProperty("advertisedHost") String advertisedHost) {
    }

    /** {@code connect: embedded} runs a ZooKeeper server in the broker on 127.0.0.1:{@code embeddedPort}. */
    public record ZooKeeper(@JsonProperty("connect") String connect, @JsonProperty("embeddedPort") Integer embeddedPort,
            @JsonProperty("root") String root, @JsonProperty("sessionTimeoutMs") Integer sessionTimeoutMs,
            @JsonProperty("connectionTimeoutMs") Integer connectionTimeoutMs) {
        public boolean embedded() {
            return "embedded".equals(connect);
        }
    }

    /** The store provider by name, its flush threads and provider-specific options. */
    public record Store(@JsonProperty("provider") String provider, @JsonProperty("flushThreads") Integer flushThreads,
            @JsonProperty("options") Map<String, String> options) {
    }

    /** The transport provider by name and its settings. */
    public record Transport(@JsonProperty("provider") String provider, @JsonProperty("ioThreads") Integer ioThreads,
            @JsonProperty("maxConnections") Integer maxConnections,
            @JsonProperty("idleTimeoutMs") Long idleTimeoutMs,
            @JsonProperty("options") Map<String, String> options) {
    }

    /**
     * Bounds: the largest message, the most bytes one {@code get} returns, the longest command line,
     * and long-poll fetches parked at once (in total and per connection) and their longest wait.
     */
    public record Limits(@JsonProperty("maxMessageSize") String maxMessageSize,
            @JsonProperty("maxTransferSize") String maxTransferSize,
            @JsonProperty("maxLineLength") Integer maxLineLength,
            @JsonProperty("maxLongPolls") Integer maxLongPolls,
            @JsonProperty("maxLongPollsPerConnection") Integer maxLongPollsPerConnection,
            @JsonProperty("maxLongPollWaitMs") Long maxLongPollWaitMs,
            @JsonProperty("maxFilterScanBytes") String maxFilterScanBytes,
            @JsonProperty("slowFilterMs") Long slowFilterMs) {
    }

    /**
     * Where filter plugins are: {@code dir} (default {@code plugins}, relative to the installation
     * directory, the parent of {@code conf/}); a missing directory means no plugins.
     */
    public record Plugins(@JsonProperty("dir") String dir) {
    }

    /**
     * The admin extension of the protocol (PROTOCOL-EXTENSIONS.md E5: create, delete and list topics):
     * {@code enabled} defaults to true, as the broker binds 127.0.0.1 unless told otherwise; when false
     * every {@code admin} request is answered {@code 403}.
     */
    public record Admin(@JsonProperty("enabled") Boolean enabled) {
    }

    /** This configuration with every default filled in and every value checked; relative paths resolve against {@code baseDir}. */
    public ResolvedConfig resolve(Path baseDir) {
        Broker b = broker != null ? broker : new Broker(null, null, null, null, null);
        int id = b.id() != null ? b.id() : 0;
        if (id < 0 || id > 1023) {
            throw new ConfigException("broker.id", "must be between 0 and 1023, was " + id);
        }
        int port = b.port() != null ? b.port() : 8123;
        checkPort("broker.port", port);
        String host = b.host() != null ? b.host() : "127.0.0.1";
        Path dataDir = baseDir.resolve(b.dataDir() != null ? b.dataDir() : "data").normalize();

        ZooKeeper z = zookeeper != null ? zookeeper : new ZooKeeper(null, null, null, null, null);
        String connect = z.connect() != null ? z.connect().trim() : "embedded";
        if (connect.isEmpty()) {
            throw new ConfigException("zookeeper.connect", "is empty; use 'embedded' or host:port[,host:port...]");
        }
        int zkPort = z.embeddedPort() != null ? z.embeddedPort() : 2181;
        checkPort("zookeeper.embeddedPort", zkPort);
        String root = z.root() != null ? z.root() : "/meta";
        if (!root.startsWith("/") || root.length() > 1 && root.endsWith("/")) {
            throw new ConfigException("zookeeper.root", "must start with '/' and not end with one: '" + root + "'");
        }
        int session = positive("zookeeper.sessionTimeoutMs", z.sessionTimeoutMs(), 30_000);
        int connection = positive("zookeeper.connectionTimeoutMs", z.connectionTimeoutMs(), 30_000);

        Store s = store != null ? store : new Store(null, null, null);
        Transport t = transport != null ? transport : new Transport(null, null, null, null, null);
        Limits l = limits != null ? limits : new Limits(null, null, null, null, null, null, null, null);
        long maxMessage = Sizes.bytes("limits.maxMessageSize", l.maxMessageSize() != null ? l.maxMessageSize() : "1m");
        long maxTransfer = Sizes.bytes("limits.maxTransferSize", l.maxTransferSize() != null ? l.maxTransferSize() : "4m");
        if (maxMessage < 1 || maxMessage > (256 << 20)) {
            throw new ConfigException("limits.maxMessageSize", "must be between 1 and 256m");
        }
        if (maxTransfer < 1024 || maxTransfer > (256 << 20)) {
            throw new ConfigException("limits.maxTransferSize", "must be between 1k and 256m");
        }
        long idle = t.idleTimeoutMs() != null ? t.idleTimeoutMs() : 120_000;
        if (idle < 0) {
            throw new ConfigException("transport.idleTimeoutMs", "must be >= 0 (0 = never)");
        }
        int ioThreads = t.ioThreads() != null ? t.ioThreads() : 0;
        if (ioThreads < 0) {
            throw new ConfigException("transport.ioThreads", "must be >= 0 (0 = automatic)");
        }

        TopicSettings defaults = (topicDefaults != null ? topicDefaults : TopicSettings.builtIn())
                .withDefaults(TopicSettings.builtIn());
        TopicConfig defaultTopic = TopicConfig.from("topicDefaults", "*", defaults);
        Map<String, TopicConfig> resolvedTopics = new LinkedHashMap<>();
        if (topics != null) {
            for (Map.Entry<String, TopicSettings> e : topics.entrySet()) {
                String problem = TopicNames.problem(e.getKey());
                if (problem != null) {
                    throw new ConfigException("topics." + e.getKey(), problem);
                }
                TopicSettings ts = e.getValue() == null ? defaults : e.getValue().withDefaults(defaults);
                resolvedTopics.put(e.getKey(), TopicConfig.from("topics." + e.getKey(), e.getKey(), ts));
            }
        }
        long maxFilterScan = Sizes.bytes("limits.maxFilterScanBytes",
                l.maxFilterScanBytes() != null ? l.maxFilterScanBytes() : "16m");
        if (maxFilterScan < 1024 || maxFilterScan > (1L << 30)) {
            throw new ConfigException("limits.maxFilterScanBytes", "must be between 1k and 1g");
        }
        long slowFilterMs = l.slowFilterMs() != null ? l.slowFilterMs() : 10;
        if (slowFilterMs < 1) {
            throw new ConfigException("limits.slowFilterMs", "must be positive, was " + slowFilterMs);
        }
        Path pluginsDir = baseDir.resolve(plugins != null && plugins.dir() != null ? plugins.dir() : "plugins")
                .normalize();
        if (plugins != null && plugins.dir() != null && plugins.dir().isBlank()) {
            throw new ConfigException("plugins.dir", "is empty");
        }
        List<FilterSpec> filterSpecs = filterSpecs(filters);
        return new ResolvedConfig(id, host, port, b.advertisedHost() != null ? b.advertisedHost() : host, dataDir,
                connect, zkPort, root, session, connection,
                s.provider() != null ? s.provider() : "file",
                positive("store.flushThreads", s.flushThreads(), 2),
                s.options() != null ? Map.copyOf(s.options()) : Map.of(),
                t.provider() != null ? t.provider() : "netty", ioThreads,
                positive("transport.maxConnections", t.maxConnections(), 10_000), idle,
                t.options() != null ? Map.copyOf(t.options()) : Map.of(),
                (int) maxMessage, (int) maxTransfer,
                positive("limits.maxLineLength", l.maxLineLength(), 1024),
                positive("limits.maxLongPolls", l.maxLongPolls(), 100_000),
                positive("limits.maxLongPollsPerConnection", l.maxLongPollsPerConnection(), 1024),
                l.maxLongPollWaitMs() != null ? l.maxLongPollWaitMs() : 60_000L,
                admin == null || admin.enabled() == null || admin.enabled(),
                autoCreateTopics == null || autoCreateTopics, defaultTopic, defaults, Map.copyOf(resolvedTopics),
                pluginsDir, filterSpecs, (int) maxFilterScan, slowFilterMs);
    }

    /**
     * Checks the {@code filters} section: topic names, group names, a provider name for each, string
     * parameters, {@code onError} accept or reject. Whether the provider exists is checked when the
     * filters are made (the broker knows its providers then).
     */
    static List<FilterSpec> filterSpecs(Map<String, Map<String, FilterSettings>> filters) {
        List<FilterSpec> out = new ArrayList<>();
        if (filters == null) {
            return out;
        }
        for (Map.Entry<String, Map<String, FilterSettings>> t : filters.entrySet()) {
            String topic = t.getKey();
            String problem = TopicNames.problem(topic);
            if (problem != null) {
                throw new ConfigException("filters." + topic, problem);
            }
            if (t.getValue() == null) {
                throw new ConfigException("filters." + topic, "must map consumer groups to filter settings "
                        + "({provider: <name>, params: {...}, onError: accept|reject})");
            }
            for (Map.Entry<String, FilterSettings> g : t.getValue().entrySet()) {
                String group = g.getKey();
                String key = "filters." + topic + "." + group;
                if (group.isEmpty() || group.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                    throw new ConfigException(key, "a consumer group name must be non-empty, without spaces or "
                            + "control characters");
                }
                FilterSettings f = g.getValue();
                if (f == null || f.provider() == null || f.provider().isBlank()) {
                    throw new ConfigException(key + ".provider", "is required: the name of a filter provider");
                }
                Map<String, String> params = new LinkedHashMap<>();
                if (f.params() != null) {
                    for (Map.Entry<String, String> p : f.params().entrySet()) {
                        if (p.getValue() == null) {
                            throw new ConfigException(key + ".params." + p.getKey(), "has no value");
                        }
                        params.put(p.getKey(), p.getValue());
                    }
                }
                FilterSpec.OnError onError;
                if (f.onError() == null || f.onError().equals("reject")) {
                    onError = FilterSpec.OnError.REJECT;
                } else if (f.onError().equals("accept")) {
                    onError = FilterSpec.OnError.ACCEPT;
                } else {
                    throw new ConfigException(key + ".onError", "must be accept or reject, was '" + f.onError() + "'");
                }
                out.add(new FilterSpec(topic, group, f.provider().strip(), params, onError));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The top-level sections whose content differs between this file and {@code other}, in file
     * order (a section left out and one written with every default count as different).
     */
    public List<String> changedSections(BrokerConfig other) {
        Object[] mine = sections();
        Object[] theirs = other.sections();
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < mine.length; i++) {
            if (!java.util.Objects.equals(mine[i], theirs[i])) {
                changed.add(SECTIONS.get(i));
            }
        }
        return changed;
    }

    private Object[] sections() {
        return new Object[] {broker, zookeeper, store, transport, limits, admin, autoCreateTopics, topicDefaults,
            topics, plugins, filters};
    }

    private static void checkPort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigException(key, "must be between 0 and 65535, was " + port);
        }
    }

    private static int positive(String key, Integer v, int def) {
        int n = v != null ? v : def;
        if (n < 1) {
            throw new ConfigException(key, "must be positive, was " + n);
        }
        return n;
    }
}
