package io.metaq.spi.filter;

import io.metaq.spi.Provider;

/**
 * Makes {@link MessageFilter}s of one kind ({@code attribute}, {@code tags}, or a plugin's own).
 * Built-in providers are found on the broker's class path, custom ones in {@code plugins/<name>/}
 * (each with its own class loader). The broker calls {@link #create} on a configuration thread, with
 * the plugin's class loader as context class loader, once per (topic, group) filter configuration.
 */
public interface FilterProvider extends Provider {
    /**
     * @throws io.metaq.api.ConfigException when the parameters are not valid for this filter
     */
    MessageFilter create(FilterConfig config);
}
