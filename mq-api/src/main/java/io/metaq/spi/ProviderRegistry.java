package io.metaq.spi;

import static java.util.Objects.requireNonNull;

import java.net.URL;
import java.security.CodeSource;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers of one SPI type found through {@link ServiceLoader}, keyed by {@link Provider#name()}.
 * Built once at start-up and immutable after, so lookups are thread-safe. A provider class that
 * cannot be loaded or instantiated is recorded (and logged) without hiding the others; two
 * providers with the same name stop the load naming both classes and jars; an unknown name fails
 * with the list of available names. A lookup never returns null.
 *
 * @param <P> the SPI type, e.g. {@code StoreProvider}
 */
public final class ProviderRegistry<P extends Provider> {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);
    /** Bounds the retry loop over a ServiceLoader iterator that keeps failing on the same entry. */
    private static final int MAX_CONSECUTIVE_FAILURES = 64;

    private final Class<P> type;
    private final Map<String, P> byName;
    private final Map<String, String> failures;

    private ProviderRegistry(Class<P> type, Map<String, P> byName, Map<String, String> failures) {
        this.type = type;
        this.byName = Collections.unmodifiableMap(byName);
        this.failures = Collections.unmodifiableMap(failures);
    }

    /**
     * Finds every provider of {@code type} visible to each of the loaders (the host class loader
     * first, then plugin loaders).
     *
     * @throws DuplicateProviderException when two providers share a name
     */
    public static <P extends Provider> ProviderRegistry<P> load(Class<P> type, ClassLoader... loaders) {
        requireNonNull(type, "type is null");
        Map<String, P> byName = new TreeMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (ClassLoader loader : loaders) {
            collect(type, loader, byName, failures);
        }
        return new ProviderRegistry<>(type, byName, failures);
    }

    /**
     * Providers are instantiated inside the iteration, with the context class loader set to the
     * loader they come from: a plugin's constructor (or a library it calls) that uses the context
     * loader must see the plugin's classes, not the broker's.
     */
    private static <P extends Provider> void collect(Class<P> type, ClassLoader loader, Map<String, P> byName,
            Map<String, String> failures) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (loader != null) {
            thread.setContextClassLoader(loader);
        }
        try {
            collectFrom(type, loader, byName, failures);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static <P extends Provider> void collectFrom(Class<P> type, ClassLoader loader, Map<String, P> byName,
            Map<String, String> failures) {
        Iterator<P> it = ServiceLoader.load(type, loader).iterator();
        int consecutiveFailures = 0;
        while (true) {
            P provider;
            try {
                if (!it.hasNext()) {
                    return;
                }
                provider = it.next();
                consecutiveFailures = 0;
            } catch (ServiceConfigurationError | LinkageError e) {
                String what = describeFailure(e);
                failures.put(what, String.valueOf(e.getCause() != null ? e.getCause() : e.getMessage()));
                LOG.warn("{} provider {} could not be loaded: {}", kind(type), what, e.toString());
                if (++consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
                    return;
                }
                continue;
            }
            String name;
            try {
                name = provider.name();
            } catch (RuntimeException e) {
                name = null;
            }
            if (name == null || name.isBlank()) {
                failures.put(describe(provider), "name() returned no name");
                LOG.warn("{} provider {} has no name; ignored", kind(type), describe(provider));
                continue;
            }
            P existing = byName.putIfAbsent(name, provider);
            if (existing != null && existing.getClass() != provider.getClass()) {
                throw new DuplicateProviderException(kind(type), name, describe(existing), describe(provider));
            }
            LOG.debug("found {} provider '{}' ({})", kind(type), name, describe(provider));
        }
    }

    /** The ServiceLoader message names the provider class ("Provider a.b.C not found" and the like). */
    private static String describeFailure(Throwable e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        int idx = msg.indexOf("Provider ");
        if (idx >= 0) {
            String rest = msg.substring(idx + "Provider ".length());
            int end = rest.indexOf(' ');
            return end > 0 ? rest.substring(0, end) : rest;
        }
        return msg;
    }

    /** The class and the jar (or directory) it came from, for error messages. */
    public static String describe(Object provider) {
        Class<?> c = provider.getClass();
        CodeSource src = c.getProtectionDomain().getCodeSource();
        URL where = src == null ? null : src.getLocation();
        return c.getName() + " from " + (where == null ? "an unknown location" : where);
    }

    private static String kind(Class<?> type) {
        String simple = type.getSimpleName();
        return simple.endsWith("Provider") ? simple.substring(0, simple.length() - "Provider".length()).toLowerCase()
                : simple;
    }

    /**
     * The provider named {@code name}.
     *
     * @throws ProviderNotFoundException listing the available names (and any that failed to load)
     */
    public P get(String name) {
        P p = byName.get(requireNonNull(name, "name is null"));
        if (p == null) {
            throw new ProviderNotFoundException(kind(type), name, names(), failures);
        }
        return p;
    }

    public Optional<P> find(String name) {
        return Optional.ofNullable(byName.get(requireNonNull(name, "name is null")));
    }

    /** The names of the providers found, sorted. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(byName.keySet()));
    }

    /** Provider classes that could not be loaded, with the reason. */
    public Map<String, String> failures() {
        return failures;
    }

    public Class<P> type() {
        return type;
    }
}
