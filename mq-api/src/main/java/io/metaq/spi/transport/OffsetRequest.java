package io.metaq.spi.transport;

/** {@code offset <topic> <group> <partition> <offset> <opaque>}. */
public record OffsetRequest(String topic, String group, int partition, long offset, int opaque) implements Request {
    @Override
    public String command() {
        return "offset";
    }
}
