package io.metaq.spi.transport;

import java.nio.ByteBuffer;

/**
 * {@code put <topic> <partition> <bodyLen> <flag> <checksum> [<txKey>] <opaque>} with its body.
 *
 * @param partition -1 lets the broker choose
 * @param checksum  CRC32 of the body with the sign bit cleared, or -1 when the client sent none
 * @param txKey     transaction key, or null outside a transaction
 * @param body      the encoded payload (PROTOCOL.md §3.1)
 */
public record PutRequest(String topic, int partition, int flag, int checksum, String txKey, ByteBuffer body,
        int opaque) implements Request {
    public static final int NO_CHECKSUM = -1;

    @Override
    public String command() {
        return "put";
    }
}
