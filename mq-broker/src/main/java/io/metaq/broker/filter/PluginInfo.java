package io.metaq.broker.filter;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * A plugin the broker loaded from {@code plugins/<dir>/}: its descriptor and the names of the
 * providers (filter, store or transport) its jars brought, for {@code list-plugins} and
 * {@code stats plugins}.
 */
public record PluginInfo(String name, String version, String apiVersion, Path dir, List<String> providers) {
    public PluginInfo {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(apiVersion, "apiVersion is null");
        requireNonNull(dir, "dir is null");
        providers = List.copyOf(providers);
    }
}
