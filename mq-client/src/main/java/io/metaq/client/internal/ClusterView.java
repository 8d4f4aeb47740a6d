package io.metaq.client.internal;

import io.metaq.client.ClientException;
import io.metaq.client.Partition;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live copy of the brokers' part of the ZooKeeper layout ({@code <root>/brokers}, PROTOCOL.md §5.1):
 * which brokers are up at which URL and which partitions each publishes and serves per topic. Backed
 * by one {@link CuratorCache}, so new brokers and partitions appear without polling; listeners hear
 * of every change. Derived lists are recomputed only after a change. Thread-safe.
 */
public final class ClusterView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterView.class);
    private static final Pattern NUM_PARTS = Pattern.compile("\"numParts\"\\s*:\\s*(\\d+)");
    private static final Pattern BROKER_NODE = Pattern.compile("(\\d+)-(m|s\\d+)");

    private final CuratorCache cache;
    private final ZkLayout layout;
    private final AtomicLong version = new AtomicLong();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot snapshot = new Snapshot(-1, Map.of(), Map.of(), Map.of());

    private record Snapshot(long version, Map<Integer, String> brokers, Map<String, List<Partition>> pub,
            Map<String, List<Partition>> sub) {
    }

    private ClusterView(CuratorCache cache, ZkLayout layout) {
        this.cache = cache;
        this.layout = layout;
    }

    /** Starts following {@code <root>/brokers} and waits until the first full read is done. */
    public static ClusterView start(CuratorFramework zk, ZkLayout layout, long timeoutMs) throws InterruptedException {
        CuratorCache cache = CuratorCache.build(zk, layout.brokers());
        ClusterView view = new ClusterView(cache, layout);
        CountDownLatch initialized = new CountDownLatch(1);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forAll((type, oldData, data) -> view.changed())
                .forInitialized(initialized::countDown)
                .build());
        cache.start();
        if (!initialized.await(timeoutMs, TimeUnit.MILLISECONDS)) {
            cache.close();
            throw new ClientException("cannot read " + layout.brokers() + " from ZooKeeper within " + timeoutMs + " ms");
        }
        return view;
    }

    private void changed() {
        version.incrementAndGet();
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.warn("cluster listener failed", e);
            }
        }
    }

    /** Calls {@code listener} (on a ZooKeeper thread; it must not block) after every change. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** The master URL ({@code meta://host:port}) of a live broker. */
    public Optional<String> brokerUrl(int brokerId) {
        return Optional.ofNullable(current().brokers.get(brokerId));
    }

    /** Live brokers by id. */
    public Map<Integer, String> brokers() {
        return current().brokers;
    }

    /** The partitions producers may send to (from {@code topics-pub}), by broker id then partition. */
    public List<Partition> publishedPartitions(String topic) {
        return current().pub.getOrDefault(topic, List.of());
    }

    /** The partitions consumers read (from {@code topics-sub}), by broker id then partition. */
    public List<Partition> subscribablePartitions(String topic) {
        return current().sub.getOrDefault(topic, List.of());
    }

    /** Topics any broker publishes. */
    public List<String> topics() {
        return List.copyOf(current().pub.keySet());
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        long v = version.get();
        if (s.version == v) {
            return s;
        }
        s = build(v);
        snapshot = s;
        return s;
    }

    private Snapshot build(long v) {
        Map<Integer, String> brokers = new TreeMap<>();
        Map<String, Map<Integer, Integer>> pub = new HashMap<>();
        Map<String, Map<Integer, Integer>> sub = new HashMap<>();
        String idsPrefix = layout.brokerIds() + "/";
        String pubPrefix = layout.topicsPub() + "/";
        String subPrefix = layout.topicsSub() + "/";
        cache.stream().forEach(node -> {
            String path = node.getPath();
            if (path.startsWith(idsPrefix) && path.endsWith("/master")) {
                String id = path.substring(idsPrefix.length(), path.length() - "/master".length());
                String url = text(node);
                if (id.chars().allMatch(Character::isDigit) && !id.isEmpty() && url != null && !url.isBlank()) {
                    brokers.put(Integer.parseInt(id), url.trim());
                }
            } else if (path.startsWith(pubPrefix)) {
                addTopicNode(pub, path.substring(pubPrefix.length()), node);
            } else if (path.startsWith(subPrefix)) {
                addTopicNode(sub, path.substring(subPrefix.length()), node);
            }
        });
        return new Snapshot(v, Map.copyOf(brokers), partitions(pub, brokers), partitions(sub, brokers));
    }

    /** {@code rest} is {@code <topic>/<brokerId>-m} (or {@code -s<k>}); the data's numParts counts. */
    private static void addTopicNode(Map<String, Map<Integer, Integer>> into, String rest, ChildData node) {
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return;
        }
        Matcher m = BROKER_NODE.matcher(rest.substring(slash + 1));
        String data = text(node);
        if (!m.matches() || data == null) {
            return;
        }
        Matcher n = NUM_PARTS.matcher(data);
        if (!n.find()) {
            return;
        }
        int brokerId = Integer.parseInt(m.group(1));
        int numParts = Integer.parseInt(n.group(1));
        into.computeIfAbsent(rest.substring(0, slash), k -> new TreeMap<>()).merge(brokerId, numParts, Math::max);
    }

    /** Partitions of brokers that are up (a topic node can outlive its broker's master node briefly). */
    private static Map<String, List<Partition>> partitions(Map<String, Map<Integer, Integer>> byTopic,
            Map<Integer, String> brokers) {
        Map<String, List<Partition>> out = new HashMap<>();
        byTopic.forEach((topic, perBroker) -> {
            List<Partition> list = new ArrayList<>();
            perBroker.forEach((broker, n) -> {
                if (brokers.containsKey(broker)) {
                    for (int p = 0; p < n; p++) {
                        list.add(new Partition(broker, p));
                    }
                }
            });
            if (!list.isEmpty()) {
                out.put(topic, List.copyOf(list));
            }
        });
        return Map.copyOf(out);
    }

    private static String text(ChildData node) {
        byte[] d = node.getData();
        return d == null ? null : new String(d, StandardCharsets.UTF_8);
    }

    /** {@code meta://host:port} → host and port. */
    public static java.net.InetSocketAddress address(String url) {
        URI uri = URI.create(url);
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new ClientException("bad broker URL '" + url + "' (expected meta://host:port)");
        }
        return new java.net.InetSocketAddress(uri.getHost(), uri.getPort());
    }

    @Override
    public void close() {
        cache.close();
    }
}
