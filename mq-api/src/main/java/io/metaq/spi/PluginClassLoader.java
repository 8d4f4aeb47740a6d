package io.metaq.spi;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The class loader of one plugin directory: every {@code *.jar} directly in it, in name order.
 *
 * <p>Isolation: the parent is the platform loader, so the plugin sees the JDK but not the broker's
 * class path. Only the shared API ({@code io.metaq.api.*}, {@code io.metaq.spi.*}) and SLF4J
 * ({@code org.slf4j.*}), classes and resources alike, come from the host loader (the one that loaded
 * mq-api), so plugin providers implement the broker's own SPI interfaces and log through the
 * broker's logging. Everything else is platform first, then the plugin's jars: a plugin may bundle
 * its own version of any library.
 *
 * <p>Made and closed by {@link PluginLoader} (through {@link Plugin#close()}); parallel capable, so
 * fetch threads may load plugin classes concurrently. After close, classes already loaded keep
 * working but new ones cannot be loaded.
 */
public final class PluginClassLoader extends URLClassLoader {
    static {
        ClassLoader.registerAsParallelCapable();
    }

    private static final List<String> HOST_CLASS_PREFIXES = List.of("io.metaq.api.", "io.metaq.spi.", "org.slf4j.");
    private static final List<String> HOST_RESOURCE_PREFIXES = List.of("io/metaq/api/", "io/metaq/spi/", "org/slf4j/");

    private final Path directory;
    private final ClassLoader host;

    private PluginClassLoader(Path directory, URL[] jars, ClassLoader host) {
        super("plugin:" + directory.getFileName(), jars, ClassLoader.getPlatformClassLoader());
        this.directory = directory;
        this.host = host;
    }

    /**
     * A loader over the jars directly in {@code dir}, sharing the API with {@code host}.
     *
     * @throws PluginLoadException when {@code dir} holds no jar or cannot be listed
     */
    public static PluginClassLoader create(Path dir, ClassLoader host) {
        requireNonNull(dir, "dir is null");
        requireNonNull(host, "host is null");
        List<Path> jars = jars(dir);
        if (jars.isEmpty()) {
            throw new PluginLoadException(dir, "contains no *.jar; put the plugin's jars directly in it");
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new PluginLoadException(dir, "bad jar path " + jars.get(i), e);
            }
        }
        return new PluginClassLoader(dir, urls, host);
    }

    /** The regular {@code *.jar} files directly in {@code dir}, sorted by file name. */
    static List<Path> jars(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .collect(Collectors.toList());
        } catch (IOException | UncheckedIOException e) {
            throw new PluginLoadException(dir, "cannot list jars: " + e.getMessage(), e);
        }
    }

    /** The plugin directory this loader reads. */
    public Path directory() {
        return directory;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (startsWithAny(name, HOST_CLASS_PREFIXES)) {
            return host.loadClass(name);
        }
        return super.loadClass(name, resolve); // findLoadedClass, platform, then our jars
    }

    @Override
    public URL getResource(String name) {
        return startsWithAny(name, HOST_RESOURCE_PREFIXES) ? host.getResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return startsWithAny(name, HOST_RESOURCE_PREFIXES) ? host.getResources(name) : super.getResources(name);
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "PluginClassLoader[" + directory + "]";
    }
}
