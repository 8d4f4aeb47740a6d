package io.metaq.api.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The client-side payload encoding of PROTOCOL.md §3.1: without an attribute the payload is the data
 * as is (flag bit 0 clear); with one (even an empty one) it is {@code [attrLen:4][attr UTF-8][data]}
 * and flag bit 0 is set. Stateless and thread-safe.
 */
public final class PayloadCodec {
    private PayloadCodec() {
    }

    /** The flag a put carries for a message with or without an attribute. */
    public static int flagFor(String attribute) {
        return attribute == null ? 0 : RecordFormat.FLAG_HAS_ATTRIBUTE;
    }

    /** Encodes data and an optional attribute into a put body. */
    public static byte[] encode(byte[] data, String attribute) {
        if (attribute == null) {
            return data;
        }
        byte[] attr = attribute.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(4 + attr.length + data.length);
        buf.putInt(attr.length).put(attr).put(data);
        return buf.array();
    }

    /** True when the flag says the payload starts with an attribute. */
    public static boolean hasAttribute(int flag) {
        return (flag & RecordFormat.FLAG_HAS_ATTRIBUTE) != 0;
    }
}
