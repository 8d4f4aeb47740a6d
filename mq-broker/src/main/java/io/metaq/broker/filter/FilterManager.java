package io.metaq.broker.filter;

import static java.util.Objects.requireNonNull;

import io.metaq.api.ConfigException;
import io.metaq.broker.config.FilterSpec;
import io.metaq.spi.PluginClassLoader;
import io.metaq.spi.ProviderRegistry;
import io.metaq.spi.filter.FilterConfig;
import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.filter.MessageFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filters in service, per topic and consumer group ({@code broker.yaml}'s {@code filters}
 * section), made by the {@link FilterProvider}s on the class path and in {@code plugins/}.
 *
 * <p>{@link #install} (at start and on every reload) makes every new filter first, then swaps the
 * whole table at once and retires the old filters (each closed when the last fetch using it is
 * done); when one new filter cannot be made, the ones already made are closed and the old table stays.
 * {@link #acquire} is the fetch path's lookup: one volatile read and two hash lookups, nothing when no
 * filter is configured. Thread-safe.
 */
public final class FilterManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FilterManager.class);

    /** Where {@link #reload} reads the new filters from (the broker's configuration file). */
    @FunctionalInterface
    public interface ReloadSource {
        /**
         * @throws ConfigException when the file is unreadable or invalid
         */
        Reload read();
    }

    /**
     * A re-read configuration: its filters, and the other sections that differ from the running
     * configuration (they take effect only after a restart).
     */
    public record Reload(List<FilterSpec> filters, List<String> restartRequired) {
    }

    /** One filter in service and its counters, for stats and admin answers. */
    public record Status(FilterSpec spec, String plugin, long accepted, long rejected, long errors, long slow) {
    }

    /** What a reload did. */
    public record Outcome(List<Status> filters, List<String> restartRequired) {
    }

    private final ProviderRegistry<FilterProvider> providers;
    private final List<PluginInfo> plugins;
    private final long slowNanos;
    private final Map<String, FilterCounters> counters = new ConcurrentHashMap<>();
    private volatile Map<String, Map<String, ActiveFilter>> active = Map.of();
    private volatile ReloadSource reloadSource;
    private boolean closed;

    /**
     * @param providers  the filter providers found on the class path and in the plugins
     * @param plugins    the plugins loaded, for listings
     * @param slowMillis a filter call taking longer is counted and reported as slow
     */
    public FilterManager(ProviderRegistry<FilterProvider> providers, List<PluginInfo> plugins, long slowMillis) {
        this.providers = requireNonNull(providers, "providers is null");
        this.plugins = List.copyOf(plugins);
        this.slowNanos = TimeUnit.MILLISECONDS.toNanos(slowMillis);
    }

    /** No providers, no plugins, no filters. */
    public static FilterManager none() {
        return new FilterManager(ProviderRegistry.load(FilterProvider.class), List.of(), 10);
    }

    public List<PluginInfo> plugins() {
        return plugins;
    }

    /** The names of the filter providers available, sorted. */
    public Set<String> providerNames() {
        return providers.names();
    }

    /** The per-call time over which a filter call counts as slow. */
    public long slowNanos() {
        return slowNanos;
    }

    /** Sets where {@link #reload} reads from. */
    public void reloadSource(ReloadSource source) {
        this.reloadSource = source;
    }

    /** True when no filter is configured (the fetch path then never looks further). */
    public boolean isEmpty() {
        return active.isEmpty();
    }

    /**
     * The filter of {@code group} on {@code topic}, acquired for one fetch (call
     * {@link ActiveFilter#release()} after), or null when the group is not filtered.
     */
    public ActiveFilter acquire(String topic, String group) {
        while (true) {
            Map<String, Map<String, ActiveFilter>> table = active;
            if (table.isEmpty()) {
                return null;
            }
            Map<String, ActiveFilter> groups = table.get(topic);
            ActiveFilter f = groups == null ? null : groups.get(group);
            if (f == null) {
                return null;
            }
            if (f.acquire()) {
                return f;
            }
            // retired just now: a newer table is already in place
        }
    }

    /**
     * Makes the filters of {@code specs} and puts them in service in place of the current ones.
     *
     * @throws ConfigException naming the filter ({@code filters.<topic>.<group>...}) that cannot be
     *                         made; the current filters then stay
     */
    public synchronized List<Status> install(List<FilterSpec> specs) {
        if (closed) {
            throw new IllegalStateException("filters are closed: the broker is stopping");
        }
        List<ActiveFilter> made = new ArrayList<>();
        Map<String, Map<String, ActiveFilter>> table = new HashMap<>();
        try {
            for (FilterSpec spec : specs) {
                ActiveFilter f = make(spec);
                made.add(f);
                table.computeIfAbsent(spec.topic(), t -> new HashMap<>()).put(spec.group(), f);
            }
        } catch (RuntimeException | LinkageError e) {
            made.forEach(ActiveFilter::retire);
            throw e;
        }
        Map<String, Map<String, ActiveFilter>> frozen = new HashMap<>();
        table.forEach((t, g) -> frozen.put(t, Map.copyOf(g)));
        Map<String, Map<String, ActiveFilter>> old = active;
        active = Map.copyOf(frozen);
        old.values().forEach(g -> g.values().forEach(ActiveFilter::retire));
        Set<String> keys = new java.util.HashSet<>();
        specs.forEach(s -> keys.add(s.key()));
        counters.keySet().retainAll(keys);
        if (!specs.isEmpty() || !old.isEmpty()) {
            LOG.info("filters in service: {}", specs.isEmpty() ? "none" : describe(specs));
        }
        return status();
    }

    private static String describe(List<FilterSpec> specs) {
        List<String> parts = new ArrayList<>();
        for (FilterSpec s : specs) {
            parts.add(s.topic() + "/" + s.group() + "=" + s.provider() + s.params());
        }
        return String.join(", ", parts);
    }

    private ActiveFilter make(FilterSpec spec) {
        FilterProvider provider = providers.find(spec.provider()).orElseThrow(() -> new ConfigException(
                spec.key() + ".provider", "no filter provider '" + spec.provider() + "'; available: "
                        + providers.names() + (providers.failures().isEmpty() ? ""
                                : "; failed to load: " + providers.failures())));
        ClassLoader loader = provider.getClass().getClassLoader();
        String plugin = pluginOf(loader);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        MessageFilter filter;
        try {
            filter = provider.create(new FilterConfig(spec.topic(), spec.group(), spec.params()));
        } catch (ConfigException e) {
            throw new ConfigException(paramKey(spec, e.key()), detail(e));
        } catch (RuntimeException | LinkageError e) {
            throw new ConfigException(spec.key(), "filter provider '" + spec.provider() + "'"
                    + (plugin == null ? "" : " (plugin " + plugin + ")") + " failed to make the filter: " + e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        if (filter == null) {
            throw new ConfigException(spec.key(), "filter provider '" + spec.provider() + "' made no filter (null)");
        }
        FilterCounters c = counters.computeIfAbsent(spec.key(), k -> new FilterCounters());
        return new ActiveFilter(spec, filter, loader, plugin, c, slowNanos);
    }

    /** {@code filters.<t>.<g>.params.<key>} for a provider's parameter key. */
    private static String paramKey(FilterSpec spec, String key) {
        if (key == null || key.isBlank()) {
            return spec.key() + ".params";
        }
        return spec.key() + (key.startsWith("params.") ? "." : ".params.") + key;
    }

    /** A ConfigException's message without its {@code invalid configuration '<key>': } prefix. */
    private static String detail(ConfigException e) {
        String msg = String.valueOf(e.getMessage());
        String prefix = "invalid configuration '" + e.key() + "': ";
        return msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg;
    }

    private String pluginOf(ClassLoader loader) {
        if (loader instanceof PluginClassLoader p) {
            for (PluginInfo info : plugins) {
                if (info.dir().equals(p.directory())) {
                    return info.name();
                }
            }
            return p.directory().getFileName().toString();
        }
        return null;
    }

    /** The filters in service with their counters, sorted by topic then group. */
    public List<Status> status() {
        List<Status> out = new ArrayList<>();
        for (Map<String, ActiveFilter> groups : active.values()) {
            for (ActiveFilter f : groups.values()) {
                FilterCounters c = f.counters();
                out.add(new Status(f.spec(), f.plugin(), c.accepted(), c.rejected(), c.errors(), c.slow()));
            }
        }
        out.sort((a, b) -> a.spec().topic().equals(b.spec().topic())
                ? a.spec().group().compareTo(b.spec().group()) : a.spec().topic().compareTo(b.spec().topic()));
        return out;
    }

    /**
     * Re-reads the filters from the {@link #reloadSource} and installs them.
     *
     * @throws ConfigException when the configuration is invalid or a filter cannot be made (the
     *                         current filters stay), or when there is no file to reload from
     */
    public synchronized Outcome reload() {
        ReloadSource source = reloadSource;
        if (source == null) {
            throw new ConfigException("(reload)", "this broker was started without a configuration file; "
                    + "there is nothing to reload");
        }
        Reload r = source.read();
        List<Status> now = install(r.filters());
        if (!r.restartRequired().isEmpty()) {
            LOG.warn("configuration reloaded: filters applied; changes to {} take effect only after a restart",
                    r.restartRequired());
        }
        return new Outcome(now, r.restartRequired());
    }

    /** Retires every filter (each closed when its last fetch is done). Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        Map<String, Map<String, ActiveFilter>> old = active;
        active = Map.of();
        old.values().forEach(g -> g.values().forEach(ActiveFilter::retire));
    }
}
