package io.metaq.client;

/**
 * Where a sent message was stored.
 *
 * @param id        the id the broker gave the message
 * @param topic     the topic
 * @param partition the partition it was appended to
 * @param offset    the byte offset of its record in that partition
 */
public record SendResult(long id, String topic, Partition partition, long offset) {
}
