package io.metaq.broker.zk;

import io.metaq.api.MqException;

/**
 * The broker could not register (or keep registered) its nodes in ZooKeeper: the broker id is owned by
 * another live broker, ZooKeeper cannot be reached, or a ZooKeeper operation on a named path failed.
 */
public class RegistrationException extends MqException {
    private static final long serialVersionUID = 1L;

    public RegistrationException(String message) {
        super(message);
    }

    public RegistrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
