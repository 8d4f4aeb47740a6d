package io.metaq.spi.transport;

/**
 * {@code transaction <txKey> <sessionId> <TYPE> [<timeoutSeconds>] [<uniqueQualifier>] <opaque>}.
 *
 * @param timeoutSeconds 0 when not given
 * @param uniqueQualifier null when not given
 */
public record TransactionRequest(String txKey, String sessionId, String type, int timeoutSeconds,
        String uniqueQualifier, int opaque) implements Request {
    @Override
    public String command() {
        return "transaction";
    }
}
