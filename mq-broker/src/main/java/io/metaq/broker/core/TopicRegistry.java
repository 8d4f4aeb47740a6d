package io.metaq.broker.core;

import static java.util.Objects.requireNonNull;

import io.metaq.api.TopicNames;
import io.metaq.api.TopicPartition;
import io.metaq.broker.config.ResolvedConfig;
import io.metaq.broker.config.TopicConfig;
import io.metaq.spi.store.MessageStore;
import io.metaq.spi.store.PartitionLog;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics this broker serves and their open partitions. Topics come from the configuration at
 * start and, when auto-creation is on (the default, as in the original), from the first put to an
 * unknown topic. Listeners (ZooKeeper registration) hear of every topic created. Thread-safe.
 */
public final class TopicRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(TopicRegistry.class);

    /** One topic and its partition logs. */
    public record Topic(TopicConfig config, PartitionLog[] partitions) {
        public String name() {
            return config.name();
        }

        /** The partition, or null when out of range. */
        public PartitionLog partition(int index) {
            return index >= 0 && index < partitions.length ? partitions[index] : null;
        }
    }

    private final ResolvedConfig config;
    private final MessageStore store;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<Topic>> listeners = new CopyOnWriteArrayList<>();

    public TopicRegistry(ResolvedConfig config, MessageStore store) {
        this.config = requireNonNull(config, "config is null");
        this.store = requireNonNull(store, "store is null");
    }

    /** Opens every configured topic and every topic found on disk. */
    public void openAll() {
        for (String name : config.topics().keySet()) {
            create(name);
        }
        for (TopicPartition tp : store.partitions()) {
            if (!topics.containsKey(tp.topic())) {
                create(tp.topic());
            }
        }
    }

    /** Called with every topic opened or created, now and later (also for those already open). */
    public void addListener(Consumer<Topic> listener) {
        listeners.add(listener);
        topics.values().forEach(listener);
    }

    public Topic get(String name) {
        return topics.get(name);
    }

    /** The topic, creating it when auto-creation is on; null when it does not exist and may not be made. */
    public Topic getOrCreate(String name) {
        Topic t = topics.get(name);
        if (t != null || !config.autoCreateTopics() || TopicNames.problem(name) != null) {
            return t;
        }
        return create(name);
    }

    private Topic create(String name) {
        boolean[] created = {false};
        Topic topic = topics.computeIfAbsent(name, n -> {
            TopicConfig tc = config.topic(n);
            PartitionLog[] logs = new PartitionLog[tc.partitions()];
            for (int i = 0; i < logs.length; i++) {
                logs[i] = store.openPartition(new TopicPartition(n, i), tc.logConfig());
            }
            created[0] = true;
            return new Topic(tc, logs);
        });
        if (created[0]) {
            LOG.info("topic {} open with {} partitions (flush {})", name, topic.partitions.length,
                    topic.config.logConfig().flushMode());
            for (Consumer<Topic> l : listeners) {
                try {
                    l.accept(topic);
                } catch (RuntimeException e) {
                    LOG.warn("topic listener failed for {}", name, e);
                }
            }
        }
        return topic;
    }

    public Collection<Topic> all() {
        return topics.values();
    }
}
