package io.metaq.broker.core;

import static java.util.Objects.requireNonNull;

import io.metaq.api.ConfigException;
import io.metaq.api.TopicNames;
import io.metaq.api.TopicPartition;
import io.metaq.broker.config.ResolvedConfig;
import io.metaq.broker.config.TopicConfig;
import io.metaq.broker.config.TopicSettings;
import io.metaq.broker.config.TopicsFile;
import io.metaq.spi.store.MessageStore;
import io.metaq.spi.store.PartitionLog;
import io.metaq.spi.transport.ResultResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics this broker serves and their open partitions. Topics come from {@code broker.yaml} at
 * start, from {@code <dataDir>/topics.yaml} (those created through the admin extension,
 * PROTOCOL-EXTENSIONS.md E5), from the partition directories found on disk, and, when auto-creation is
 * on (the default, as in the original), from the first put to an unknown topic. Creation listeners
 * (ZooKeeper registration, long polling) hear of every topic opened; removal listeners of every topic
 * deleted, before its partitions are closed and deleted.
 *
 * <p>Thread-safe. Lookups take no lock; opening, creating and deleting a topic are serialised by one
 * lock and touch the disk (and, through listeners, ZooKeeper): never call them from an event loop.
 */
public final class TopicRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(TopicRegistry.class);

    /** Where a topic comes from: {@code broker.yaml}, the admin extension or auto-creation / the disk. */
    public enum Source {
        CONFIG, ADMIN, AUTO;

        /** {@code config}, {@code admin} or {@code auto}, as the admin extension lists it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One topic and its partition logs. */
    public record Topic(TopicConfig config, PartitionLog[] partitions, Source source) {
        public String name() {
            return config.name();
        }

        /** The partition, or null when out of range. */
        public PartitionLog partition(int index) {
            return index >= 0 && index < partitions.length ? partitions[index] : null;
        }
    }

    /** The outcome of {@link #create}: the topic, and whether this call made it. */
    public record Created(Topic topic, boolean created) {
    }

    private final ResolvedConfig config;
    private final MessageStore store;
    private final Path topicsFile;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<Topic>> listeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<Topic>> removalListeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    /** The content of topics.yaml, including entries shadowed by broker.yaml; guarded by {@link #lock}. */
    private final Map<String, TopicSettings> adminTopics = new TreeMap<>();

    public TopicRegistry(ResolvedConfig config, MessageStore store) {
        this.config = requireNonNull(config, "config is null");
        this.store = requireNonNull(store, "store is null");
        this.topicsFile = TopicsFile.in(config.dataDir());
    }

    /**
     * Opens every topic of {@code broker.yaml}, then those of {@code topics.yaml} (a topic declared in
     * both takes the settings of {@code broker.yaml}, with a warning), then every other topic found on
     * disk (with the default settings, as an auto-created topic).
     *
     * @throws ConfigException when {@code topics.yaml} cannot be read or holds a bad value
     */
    public void openAll() {
        synchronized (lock) {
            for (String name : config.topics().keySet()) {
                open(config.topic(name), Source.CONFIG);
            }
            Map<String, TopicSettings> saved = TopicsFile.read(topicsFile);
            adminTopics.putAll(saved);
            for (Map.Entry<String, TopicSettings> e : saved.entrySet()) {
                String name = e.getKey();
                if (config.topics().containsKey(name)) {
                    LOG.warn("topic {} is declared in broker.yaml and in {}; using broker.yaml", name, topicsFile);
                    continue;
                }
                String key = topicsFile + " topics." + name;
                String problem = TopicNames.problem(name);
                if (problem != null) {
                    throw new ConfigException(key, problem);
                }
                open(config.resolveTopic(key, name, e.getValue()), Source.ADMIN);
            }
            for (TopicPartition tp : store.partitions()) {
                if (!topics.containsKey(tp.topic())) {
                    open(config.topic(tp.topic()), Source.AUTO);
                }
            }
        }
    }

    /** Called with every topic opened or created, now and later (also for those already open). */
    public void addListener(Consumer<Topic> listener) {
        synchronized (lock) {
            listeners.add(listener);
            topics.values().forEach(listener);
        }
    }

    /** Called with every topic deleted, after it is gone from lookups and before its partitions close. */
    public void addRemovalListener(Consumer<Topic> listener) {
        removalListeners.add(requireNonNull(listener, "listener is null"));
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
        synchronized (lock) {
            t = topics.get(name);
            return t != null ? t : open(config.topic(name), Source.AUTO);
        }
    }

    /**
     * Creates a topic for the admin extension and records it in {@code topics.yaml} (first, so that a
     * crash leaves the topic to be created at the next start rather than an undeclared one). Settings
     * not given come from {@code topicDefaults}.
     *
     * @return the topic; {@code created} false when it already existed with the same partition count
     * @throws AdminException 400 for a bad name or setting or a different partition count, 500 when the
     *     file cannot be written or a partition cannot be opened
     */
    public Created create(String name, TopicSettings settings) {
        String problem = TopicNames.problem(name);
        if (problem != null) {
            throw new AdminException(ResultResponse.BAD_REQUEST, problem);
        }
        TopicConfig tc;
        try {
            tc = config.resolveTopic("", name, settings);
        } catch (ConfigException e) {
            throw new AdminException(ResultResponse.BAD_REQUEST, e.getMessage());
        }
        synchronized (lock) {
            Topic existing = topics.get(name);
            if (existing != null) {
                if (existing.partitions().length == tc.partitions()) {
                    return new Created(existing, false);
                }
                throw new AdminException(ResultResponse.BAD_REQUEST, "topic " + name + " exists with "
                        + existing.partitions().length + " partitions; cannot change to " + tc.partitions());
            }
            adminTopics.put(name, settings.withPartitions(tc.partitions()));
            saveOrRollBack(() -> adminTopics.remove(name));
            try {
                return new Created(open(tc, Source.ADMIN), true);
            } catch (RuntimeException e) {
                adminTopics.remove(name);
                try {
                    saveAdminTopics();
                } catch (IOException io) {
                    LOG.warn("could not remove topic {} from {} after its creation failed: {}", name, topicsFile,
                            io.toString());
                }
                deletePartitions(name);
                throw new AdminException(ResultResponse.INTERNAL_ERROR, "cannot create topic " + name + ": " + e, e);
            }
        }
    }

    /**
     * Deletes a topic that is not declared in {@code broker.yaml}: takes it out of lookups and of
     * {@code topics.yaml}, tells the removal listeners (ZooKeeper, parked fetches), then closes and
     * deletes its partitions (open read views keep their files until closed; appends to the closed
     * partitions fail).
     *
     * @throws AdminException 404 for an unknown topic, 400 for one declared in {@code broker.yaml}, 500
     *     when {@code topics.yaml} cannot be written
     */
    public Topic delete(String name) {
        synchronized (lock) {
            Topic t = topics.get(name);
            if (t == null) {
                throw new AdminException(ResultResponse.NOT_FOUND, "topic " + name + " does not exist on this broker");
            }
            if (t.source() == Source.CONFIG) {
                throw new AdminException(ResultResponse.BAD_REQUEST, "topic " + name
                        + " is declared in broker.yaml; remove it there and restart");
            }
            TopicSettings saved = adminTopics.remove(name);
            if (saved != null) {
                saveOrRollBack(() -> adminTopics.put(name, saved));
            }
            topics.remove(name);
            for (Consumer<Topic> l : removalListeners) {
                try {
                    l.accept(t);
                } catch (RuntimeException e) {
                    LOG.warn("topic removal listener failed for {}", name, e);
                }
            }
            deletePartitions(name);
            LOG.info("topic {} deleted ({} partitions, was {})", name, t.partitions().length, t.source().label());
            return t;
        }
    }

    /** Every topic, sorted by name. */
    public List<Topic> list() {
        List<Topic> out = new ArrayList<>(topics.values());
        out.sort(Comparator.comparing(Topic::name));
        return out;
    }

    public Collection<Topic> all() {
        return topics.values();
    }

    /** Opens a topic's partitions and tells the listeners; called under {@link #lock}. */
    private Topic open(TopicConfig tc, Source source) {
        String name = tc.name();
        PartitionLog[] logs = new PartitionLog[tc.partitions()];
        for (int i = 0; i < logs.length; i++) {
            logs[i] = store.openPartition(new TopicPartition(name, i), tc.logConfig());
        }
        Topic topic = new Topic(tc, logs, source);
        topics.put(name, topic);
        LOG.info("topic {} open with {} partitions (flush {}, {})", name, logs.length,
                tc.logConfig().flushMode(), source.label());
        for (Consumer<Topic> l : listeners) {
            try {
                l.accept(topic);
            } catch (RuntimeException e) {
                LOG.warn("topic listener failed for {}", name, e);
            }
        }
        return topic;
    }

    /** Deletes every partition of {@code name}, open or only on disk (beyond the count it was opened with). */
    private void deletePartitions(String name) {
        for (TopicPartition tp : store.partitions()) {
            if (tp.topic().equals(name)) {
                store.deletePartition(tp);
            }
        }
    }

    private void saveOrRollBack(Runnable undo) {
        try {
            saveAdminTopics();
        } catch (IOException e) {
            undo.run();
            throw new AdminException(ResultResponse.INTERNAL_ERROR, "cannot write " + topicsFile + ": " + e, e);
        }
    }

    private void saveAdminTopics() throws IOException {
        TopicsFile.write(topicsFile, adminTopics);
    }
}
