package io.metaq.api;

/**
 * Root of every exception MetaQ throws. Unchecked: callers handle the failures they can act on and
 * let the rest surface with a message that names the offending path, name or offset.
 */
public class MqException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MqException(String message) {
        super(message);
    }

    public MqException(String message, Throwable cause) {
        super(message, cause);
    }
}
