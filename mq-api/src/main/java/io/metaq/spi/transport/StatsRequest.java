package io.metaq.spi.transport;

/** {@code stats <item> <opaque>}; {@code item} is empty for the broker summary. */
public record StatsRequest(String item, int opaque) implements Request {
    @Override
    public String command() {
        return "stats";
    }
}
