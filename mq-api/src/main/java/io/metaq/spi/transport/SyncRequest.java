package io.metaq.spi.transport;

import java.nio.ByteBuffer;

/** {@code sync <topic> <partition> <bodyLen> <flag> <msgId> <checksum> <opaque>}: master to slave. */
public record SyncRequest(String topic, int partition, int flag, long msgId, int checksum, ByteBuffer body,
        int opaque) implements Request {
    @Override
    public String command() {
        return "sync";
    }
}
