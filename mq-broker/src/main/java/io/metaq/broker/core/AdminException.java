package io.metaq.broker.core;

import io.metaq.api.MqException;

/**
 * An admin operation (PROTOCOL-EXTENSIONS.md E5) refused or failed: {@link #code()} is the
 * {@code result} code to answer with ({@code 400}, {@code 404}, {@code 500}), the message the reason.
 */
public final class AdminException extends MqException {
    private static final long serialVersionUID = 1L;

    private final int code;

    public AdminException(int code, String reason) {
        super(reason);
        this.code = code;
    }

    public AdminException(int code, String reason, Throwable cause) {
        super(reason, cause);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
