package io.metaq.client;

import java.nio.charset.StandardCharsets;

/**
 * A message read from a partition.
 *
 * @param topic      the topic
 * @param partition  the partition it was read from
 * @param offset     the byte offset of its record
 * @param nextOffset the offset just past its record: where consumption resumes once it is handled
 * @param id         the id the broker gave it
 * @param attribute  its attribute, or null
 * @param data       its data (owned by the receiver)
 */
public record ReceivedMessage(String topic, Partition partition, long offset, long nextOffset, long id,
        String attribute, byte[] data) {

    /** The data decoded as UTF-8. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ReceivedMessage[" + topic + " " + partition + " @" + offset + ", id=" + id + ", " + data.length + " bytes"
                + (attribute == null ? "" : ", attribute=" + attribute) + "]";
    }
}
