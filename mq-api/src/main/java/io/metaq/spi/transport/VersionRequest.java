package io.metaq.spi.transport;

/** {@code version <opaque>}, also the heartbeat of the original client. */
public record VersionRequest(int opaque) implements Request {
    @Override
    public String command() {
        return "version";
    }
}
