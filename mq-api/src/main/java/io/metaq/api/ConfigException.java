package io.metaq.api;

/** A configuration value is missing, unknown or out of range; the message names the key. */
public class ConfigException extends MqException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String detail) {
        super("invalid configuration '" + key + "': " + detail);
        this.key = key;
    }

    /** The configuration key at fault. */
    public String key() {
        return key;
    }
}
