package io.metaq.spi;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded plugin directory: its {@link PluginDescriptor} and its {@link PluginClassLoader}.
 *
 * <p>Made by {@link PluginLoader}, which owns it and closes it when the loader is closed; close a
 * plugin earlier only when nothing uses its providers any more. {@link #providers} may be called
 * from any thread; the broker calls it (or builds a {@link ProviderRegistry} over
 * {@link #classLoader()}) on its start-up thread.
 */
public final class Plugin implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Plugin.class);

    private final PluginDescriptor descriptor;
    private final PluginClassLoader classLoader;
    private final AtomicBoolean closed = new AtomicBoolean();

    Plugin(PluginDescriptor descriptor, PluginClassLoader classLoader) {
        this.descriptor = requireNonNull(descriptor, "descriptor is null");
        this.classLoader = requireNonNull(classLoader, "classLoader is null");
    }

    public PluginDescriptor descriptor() {
        return descriptor;
    }

    /** The loader of this plugin's classes; pass it to {@link ProviderRegistry#load}. */
    public PluginClassLoader classLoader() {
        return classLoader;
    }

    /**
     * New instances of the providers of {@code type} listed in this plugin's
     * {@code META-INF/services/<type>} files, in listing order. The thread's context class loader
     * is this plugin's loader while they are instantiated, and restored after.
     *
     * @throws PluginLoadException naming the directory when a listed class cannot be loaded or made
     * @throws IllegalStateException when the plugin is closed
     */
    public <P extends Provider> List<P> providers(Class<P> type) {
        requireNonNull(type, "type is null");
        if (closed.get()) {
            throw new IllegalStateException("plugin '" + descriptor.name() + "' (" + descriptor.directory()
                    + ") is closed");
        }
        List<P> found = new ArrayList<>();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        try {
            // The iterator loads and instantiates each provider lazily, so the switch covers both.
            Iterator<P> it = ServiceLoader.load(type, classLoader).iterator();
            while (it.hasNext()) {
                found.add(it.next());
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new PluginLoadException(descriptor.directory(), "cannot load a " + type.getName()
                    + " provider: " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        return Collections.unmodifiableList(found);
    }

    /**
     * Closes the class loader (its jar files). Idempotent. Classes already loaded keep working;
     * the loader is collected once nothing references its classes or their instances.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            classLoader.close();
            LOG.debug("closed plugin {} ({})", descriptor.name(), descriptor.directory());
        } catch (IOException e) {
            // Nothing to recover: the jars stay open until the loader is collected.
            LOG.warn("could not close the class loader of plugin {} ({}): {}", descriptor.name(),
                    descriptor.directory(), e.toString());
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public String toString() {
        return "Plugin[" + descriptor.name() + " " + descriptor.version() + " at " + descriptor.directory() + "]";
    }
}
