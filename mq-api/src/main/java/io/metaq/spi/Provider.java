package io.metaq.spi;

/**
 * Something found through {@link java.util.ServiceLoader} and chosen by name in the broker
 * configuration: a store, a transport or a filter. Implementations have a public no-argument
 * constructor and are listed in {@code META-INF/services/<SPI interface name>} of their jar.
 */
public interface Provider {
    /** The name configuration uses to choose this provider, e.g. {@code file}; lower case, stable. */
    String name();
}
