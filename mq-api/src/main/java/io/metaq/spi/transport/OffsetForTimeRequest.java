package io.metaq.spi.transport;

/**
 * Offset-by-time extension (PROTOCOL-EXTENSIONS.md E4): {@code otime <topic> <partition> <timestampMs> <opaque>},
 * answered with the offset to start reading from to see every record appended at or after
 * {@code timestampMs}.
 *
 * @param timestampMs wall-clock milliseconds; 0 or negative means "the earliest record"
 */
public record OffsetForTimeRequest(String topic, int partition, long timestampMs, int opaque) implements Request {
    @Override
    public String command() {
        return "otime";
    }
}
