package io.metaq.spi.filter;

/**
 * The fetch a record is being filtered for.
 *
 * @param topic     the topic fetched
 * @param group     the consumer group fetching
 * @param partition the partition fetched
 */
public record FilterContext(String topic, String group, int partition) {
}
