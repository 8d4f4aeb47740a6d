package io.metaq.client;

/** A broker answered a send with an error, or the send ran out of retries. */
public class SendFailedException extends ClientException {
    private static final long serialVersionUID = 1L;
    private final int code;

    /** @param code the broker's result code, or 0 when no broker answered */
    public SendFailedException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The broker's result code (400, 403, 500, ...), or 0 when no broker answered. */
    public int code() {
        return code;
    }
}
