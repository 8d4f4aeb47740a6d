package io.metaq.spi;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code plugins/<dir>/plugin.properties} says about a plugin:
 * <pre>
 * name=acme-geo          # [a-z0-9][a-z0-9._-]*, unique among the broker's plugins
 * version=1.2.0          # the plugin's own version, free-form, for logs
 * api.version=1          # the MetaQ SPI version built against: major or major.minor
 * </pre>
 * Every key is required and no other key is allowed, so a typo fails start-up instead of being
 * ignored. The file is read as UTF-8 {@link Properties}. Immutable; made by {@link #read(Path)} on the
 * thread that loads plugins.
 *
 * @param name       the plugin name
 * @param version    the plugin version
 * @param apiVersion the SPI version the plugin was built against, e.g. {@code 1} or {@code 1.2}
 * @param directory  the plugin directory the descriptor was read from
 */
public record PluginDescriptor(String name, String version, String apiVersion, Path directory) {
    /** The descriptor's file name inside a plugin directory. */
    public static final String FILE_NAME = "plugin.properties";

    public static final String NAME = "name";
    public static final String VERSION = "version";
    public static final String API_VERSION = "api.version";
    private static final List<String> KEYS = List.of(NAME, VERSION, API_VERSION);

    private static final Pattern NAME_PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    /** At most 9 digits per part, so parsing cannot overflow. */
    private static final Pattern API_VERSION_PATTERN = Pattern.compile("([0-9]{1,9})(?:\\.([0-9]{1,9}))?");

    public PluginDescriptor {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(apiVersion, "apiVersion is null");
        requireNonNull(directory, "directory is null");
    }

    /**
     * Reads and validates {@code dir/plugin.properties}.
     *
     * @throws PluginLoadException naming {@code dir} (and the key at fault) when the file is missing,
     *                             unreadable or invalid, or when its API major is not
     *                             {@link PluginLoader#API_MAJOR}
     */
    public static PluginDescriptor read(Path dir) {
        requireNonNull(dir, "dir is null");
        Path file = dir.resolve(FILE_NAME);
        Properties properties = new DuplicateRejectingProperties(dir);
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new PluginLoadException(dir, "no " + FILE_NAME + " (it must declare " + KEYS + ")", e);
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a malformed \\uXXXX escape
            throw new PluginLoadException(dir, "cannot read " + FILE_NAME + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));
        return of(dir, values);
    }

    /**
     * Validates descriptor entries read from {@code dir}, key by key.
     *
     * @throws PluginLoadException naming {@code dir} and the key at fault
     */
    public static PluginDescriptor of(Path dir, Map<String, String> values) {
        requireNonNull(dir, "dir is null");
        requireNonNull(values, "values is null");
        Set<String> unknown = new TreeSet<>(values.keySet());
        KEYS.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new PluginLoadException(dir, FILE_NAME + ": unknown key '" + unknown.iterator().next()
                    + "'; allowed keys: " + KEYS);
        }
        String name = required(dir, values, NAME);
        String version = required(dir, values, VERSION);
        String apiVersion = required(dir, values, API_VERSION);
        if (!NAME_PATTERN.matcher(name).matches()) {
            throw new PluginLoadException(dir, FILE_NAME + ": " + NAME + " '" + name
                    + "' must match " + NAME_PATTERN.pattern());
        }
        Matcher api = API_VERSION_PATTERN.matcher(apiVersion);
        if (!api.matches()) {
            throw new PluginLoadException(dir, FILE_NAME + ": " + API_VERSION + " '" + apiVersion
                    + "' must be <major> or <major>.<minor>, e.g. " + PluginLoader.API_MAJOR);
        }
        if (Integer.parseInt(api.group(1)) != PluginLoader.API_MAJOR) {
            throw new PluginLoadException(dir, "plugin '" + name + "' is built for " + API_VERSION + " "
                    + apiVersion + " but this broker provides API " + PluginLoader.API_MAJOR
                    + "; rebuild the plugin against mq-api " + PluginLoader.API_MAJOR + ".x");
        }
        return new PluginDescriptor(name, version, apiVersion, dir);
    }

    private static String required(Path dir, Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            throw new PluginLoadException(dir, FILE_NAME + ": missing key '" + key + "'");
        }
        value = value.strip();
        if (value.isEmpty()) {
            throw new PluginLoadException(dir, FILE_NAME + ": key '" + key + "' is blank");
        }
        return value;
    }

    /** Properties.load keeps the last of two equal keys silently; a descriptor must not. */
    private static final class DuplicateRejectingProperties extends Properties {
        private static final long serialVersionUID = 1L;
        private final transient Path dir;

        DuplicateRejectingProperties(Path dir) {
            this.dir = dir;
        }

        @Override
        public synchronized Object put(Object key, Object value) {
            Object previous = super.put(key, value);
            if (previous != null) {
                throw new PluginLoadException(dir, FILE_NAME + ": key '" + key + "' is given twice");
            }
            return null;
        }
    }
}
