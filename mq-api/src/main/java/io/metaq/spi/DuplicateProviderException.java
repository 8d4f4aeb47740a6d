package io.metaq.spi;

import io.metaq.api.MqException;

/** Two providers of one kind claim the same name; the message names both classes and their jars. */
public class DuplicateProviderException extends MqException {
    private static final long serialVersionUID = 1L;

    public DuplicateProviderException(String kind, String name, String first, String second) {
        super("two " + kind + " providers are named '" + name + "': " + first + " and " + second
                + "; remove one of the jars");
    }
}
