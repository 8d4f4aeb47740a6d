package io.metaq.spi;

import static java.util.Objects.requireNonNull;

import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.store.StoreProvider;
import io.metaq.spi.transport.TransportProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugins in {@code plugins/}: one directory per plugin, each with a
 * {@code plugin.properties} ({@link PluginDescriptor}) and its jars, each given its own
 * {@link PluginClassLoader} that shares only {@code io.metaq.api}, {@code io.metaq.spi} and
 * {@code org.slf4j} with the host.
 *
 * <p>The broker makes one at start-up, on its start-up thread, calls {@link #loadAll} and builds its
 * registries with {@link #registry}; it closes the loader at shutdown, which closes every plugin
 * loaded. Methods are synchronized but meant for start-up and shutdown, not the request path. A
 * broken plugin directory fails start-up with a {@link PluginLoadException} naming it.
 */
public final class PluginLoader implements AutoCloseable {
    /** The SPI major version this broker provides; a plugin's {@code api.version} must have it. */
    public static final int API_MAJOR = 1;

    /** The SPI types a plugin may provide; a plugin that provides none of them is a mistake. */
    static final List<Class<? extends Provider>> SPI_TYPES =
            List.of(StoreProvider.class, TransportProvider.class, FilterProvider.class);

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

    private final ClassLoader hostLoader;
    private final List<Plugin> plugins = new ArrayList<>();
    private boolean closed;

    /** @param hostLoader the loader of the broker (that loaded mq-api); plugins share the API with it */
    public PluginLoader(ClassLoader hostLoader) {
        this.hostLoader = requireNonNull(hostLoader, "hostLoader is null");
    }

    /**
     * Loads every sub-directory of {@code pluginsDir}, in name order. A missing {@code pluginsDir}
     * means no plugins. When one directory fails, the plugins this call already loaded are closed.
     *
     * @return the plugins loaded by this call
     * @throws PluginLoadException naming the directory that failed
     */
    public synchronized List<Plugin> loadAll(Path pluginsDir) {
        requireNonNull(pluginsDir, "pluginsDir is null");
        checkOpen();
        if (!Files.exists(pluginsDir)) {
            LOG.debug("no plugin directory {}", pluginsDir);
            return List.of();
        }
        if (!Files.isDirectory(pluginsDir)) {
            throw new PluginLoadException(pluginsDir, "is not a directory");
        }
        List<Plugin> loaded = new ArrayList<>();
        try {
            for (Path dir : subdirectories(pluginsDir)) {
                loaded.add(load(dir));
            }
        } catch (RuntimeException | Error e) {
            for (Plugin plugin : loaded) {
                plugins.remove(plugin);
                plugin.close();
            }
            throw e;
        }
        return Collections.unmodifiableList(loaded);
    }

    private static List<Path> subdirectories(Path pluginsDir) {
        try (Stream<Path> entries = Files.list(pluginsDir)) {
            List<Path> all = entries.sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .collect(Collectors.toList());
            List<Path> dirs = new ArrayList<>();
            for (Path p : all) {
                if (Files.isDirectory(p)) {
                    dirs.add(p);
                } else {
                    LOG.warn("ignoring {}: each plugin goes in a directory of its own under {}", p, pluginsDir);
                }
            }
            return dirs;
        } catch (IOException | UncheckedIOException e) {
            throw new PluginLoadException(pluginsDir, "cannot list plugin directories: " + e.getMessage(), e);
        }
    }

    /**
     * Loads one plugin directory: reads its descriptor, opens a class loader over its jars and checks
     * that they list at least one provider. The returned plugin is owned by this loader.
     *
     * @throws PluginLoadException naming {@code dir}, e.g. when another loaded plugin has its name
     */
    public synchronized Plugin load(Path dir) {
        requireNonNull(dir, "dir is null");
        checkOpen();
        if (!Files.isDirectory(dir)) {
            throw new PluginLoadException(dir, "is not a directory");
        }
        PluginDescriptor descriptor = PluginDescriptor.read(dir);
        for (Plugin other : plugins) {
            if (other.descriptor().name().equals(descriptor.name())) {
                throw new PluginLoadException(dir, "plugin name '" + descriptor.name() + "' is also used by "
                        + other.descriptor().directory() + "; plugin names must be unique");
            }
        }
        PluginClassLoader classLoader = PluginClassLoader.create(dir, hostLoader);
        Plugin plugin = new Plugin(descriptor, classLoader);
        try {
            requireProviders(classLoader);
        } catch (RuntimeException | Error e) {
            plugin.close();
            throw e;
        }
        plugins.add(plugin);
        LOG.info("loaded plugin {} {} from {}", descriptor.name(), descriptor.version(), dir);
        return plugin;
    }

    /** Fails unless the plugin's own jars (not the platform's) list a provider of some SPI type. */
    private static void requireProviders(PluginClassLoader classLoader) {
        for (Class<? extends Provider> type : SPI_TYPES) {
            String file = "META-INF/services/" + type.getName();
            try {
                Enumeration<URL> urls = classLoader.findResources(file);
                while (urls.hasMoreElements()) {
                    if (listsProvider(urls.nextElement())) {
                        return;
                    }
                }
            } catch (IOException e) {
                throw new PluginLoadException(classLoader.directory(), "cannot read " + file + ": " + e, e);
            }
        }
        throw new PluginLoadException(classLoader.directory(), "provides no "
                + SPI_TYPES.stream().map(Class::getSimpleName).collect(Collectors.joining(", "))
                + "; is META-INF/services/<SPI interface name> (e.g. META-INF/services/"
                + FilterProvider.class.getName() + ") missing from its jars?");
    }

    /** True when a services file names at least one class (ignoring comments and blank lines). */
    private static boolean listsProvider(URL servicesFile) throws IOException {
        var connection = servicesFile.openConnection();
        connection.setUseCaches(false); // a cached JarFile would stay open after the loader closes
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                int hash = line.indexOf('#');
                if (!(hash >= 0 ? line.substring(0, hash) : line).isBlank()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The plugins loaded so far and not closed with a failed {@link #loadAll}, in load order. */
    public synchronized List<Plugin> plugins() {
        return List.copyOf(plugins);
    }

    /**
     * The host loader followed by every plugin's loader: the argument {@link ProviderRegistry#load}
     * takes to find providers on the class path and in plugins.
     */
    public synchronized ClassLoader[] classLoaders() {
        ClassLoader[] loaders = new ClassLoader[plugins.size() + 1];
        loaders[0] = hostLoader;
        for (int i = 0; i < plugins.size(); i++) {
            loaders[i + 1] = plugins.get(i).classLoader();
        }
        return loaders;
    }

    /**
     * The providers of {@code type} on the host class path and in the loaded plugins.
     *
     * @throws DuplicateProviderException when two of them share a name (naming both jars)
     */
    public <P extends Provider> ProviderRegistry<P> registry(Class<P> type) {
        return ProviderRegistry.load(type, classLoaders());
    }

    /** Closes every plugin loaded (their class loaders), in reverse load order. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        for (int i = plugins.size() - 1; i >= 0; i--) {
            plugins.get(i).close();
        }
        plugins.clear(); // so a closed loader pins no plugin class loader
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("plugin loader is closed");
        }
    }
}
