package io.metaq.spi;

import static java.util.Objects.requireNonNull;

import io.metaq.api.MqException;
import java.nio.file.Path;

/**
 * A directory under {@code plugins/} cannot be loaded as a plugin: a bad or missing
 * {@code plugin.properties}, no jar, no provider, a name another plugin already uses, or a provider
 * class that cannot be loaded. The message starts with the directory. Thrown at broker start-up by
 * {@link PluginLoader} and {@link Plugin#providers}; the broker should stop rather than run without
 * a plugin it was given.
 */
public class PluginLoadException extends MqException {
    private static final long serialVersionUID = 1L;

    /** Transient because {@link Path} is not serializable; the message keeps the directory. */
    private final transient Path directory;

    public PluginLoadException(Path directory, String detail) {
        super(requireNonNull(directory, "directory is null") + ": " + detail);
        this.directory = directory;
    }

    public PluginLoadException(Path directory, String detail, Throwable cause) {
        super(requireNonNull(directory, "directory is null") + ": " + detail, cause);
        this.directory = directory;
    }

    /** The plugin directory at fault (null after deserialization). */
    public Path directory() {
        return directory;
    }
}
