package io.metaq.api;

/** A message store operation failed; subclasses say why. */
public class StoreException extends MqException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
