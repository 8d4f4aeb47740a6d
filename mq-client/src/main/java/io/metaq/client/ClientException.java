package io.metaq.client;

import io.metaq.api.MqException;

/** A client operation failed: no broker, no partition, a timeout or a broker's refusal. */
public class ClientException extends MqException {
    private static final long serialVersionUID = 1L;

    public ClientException(String message) {
        super(message);
    }

    public ClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
