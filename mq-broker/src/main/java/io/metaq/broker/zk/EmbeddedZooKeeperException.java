package io.metaq.broker.zk;

import io.metaq.api.MqException;

/** The in-process ZooKeeper server could not start (port in use, unusable data directory) or stop. */
public class EmbeddedZooKeeperException extends MqException {
    private static final long serialVersionUID = 1L;

    public EmbeddedZooKeeperException(String message) {
        super(message);
    }

    public EmbeddedZooKeeperException(String message, Throwable cause) {
        super(message, cause);
    }
}
