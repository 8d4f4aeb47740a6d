package io.metaq.spi.filter;

/**
 * Decides, record by record on the fetch path, which records a consumer group receives.
 *
 * <p>Called from broker fetch threads, concurrently: implementations must be thread-safe and should
 * not block. A filter that throws does not fail the fetch: the broker logs and counts the error and
 * applies the configured accept-or-reject policy to that record. The broker closes the filter when its
 * configuration is replaced or the broker stops.
 */
public interface MessageFilter extends AutoCloseable {
    /** True when the record should be delivered to the group. */
    boolean accept(FilterContext context, MessageView message);

    /** Releases what the filter holds; the default holds nothing. */
    @Override
    default void close() {
    }
}
