package io.metaq.api;

/** A message or batch exceeds the configured maximum size. */
public class MessageTooLargeException extends InvalidRecordException {
    private static final long serialVersionUID = 1L;

    public MessageTooLargeException(long size, long limit) {
        super("message of " + size + " bytes exceeds the limit of " + limit + " bytes");
    }
}
