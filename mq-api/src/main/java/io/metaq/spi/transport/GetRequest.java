package io.metaq.spi.transport;

/**
 * {@code get <topic> <group> <partition> <offset> <maxSize> [<maxWaitMs>] <opaque>}.
 *
 * @param maxWaitMs 0 for the original immediate answer; positive for a long-poll fetch (§7)
 */
public record GetRequest(String topic, String group, int partition, long offset, int maxSize, long maxWaitMs,
        int opaque) implements Request {
    @Override
    public String command() {
        return "get";
    }
}
