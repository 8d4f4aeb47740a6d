package io.metaq.api;

/** Bytes handed to the store or received on the wire are not well-formed records (PROTOCOL.md §3.2). */
public class InvalidRecordException extends MqException {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(message);
    }
}
