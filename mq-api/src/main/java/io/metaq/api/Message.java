package io.metaq.api;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A message as a producer sends it: a topic, opaque data and an optional attribute string (which
 * travels in the payload as described in PROTOCOL.md §3.1). Immutable; the data array is not copied,
 * so callers must not change it after handing it over.
 */
public final class Message {
    private final String topic;
    private final byte[] data;
    private final String attribute;

    public Message(String topic, byte[] data) {
        this(topic, data, null);
    }

    public Message(String topic, byte[] data, String attribute) {
        this.topic = TopicNames.validate(requireNonNull(topic, "topic is null"));
        this.data = requireNonNull(data, "data is null");
        this.attribute = attribute;
    }

    public String topic() {
        return topic;
    }

    /** The message data, not copied. */
    public byte[] data() {
        return data;
    }

    /** The attribute, or null when the message has none. */
    public String attribute() {
        return attribute;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && topic.equals(m.topic) && Arrays.equals(data, m.data)
                && java.util.Objects.equals(attribute, m.attribute);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * topic.hashCode() + Arrays.hashCode(data)) + java.util.Objects.hashCode(attribute);
    }

    @Override
    public String toString() {
        return "Message[topic=" + topic + ", " + data.length + " bytes"
                + (attribute == null ? "" : ", attribute=" + attribute) + "]";
    }
}
