package io.metaq.spi.transport;

import java.nio.ByteBuffer;

/**
 * Batch put extension (PROTOCOL.md §7): {@code count} records for one partition in the stored record
 * layout with ids left zero for the broker to stamp; acknowledged once.
 */
public record BatchPutRequest(String topic, int partition, int count, ByteBuffer records, int opaque)
        implements Request {
    @Override
    public String command() {
        return "bput";
    }
}
