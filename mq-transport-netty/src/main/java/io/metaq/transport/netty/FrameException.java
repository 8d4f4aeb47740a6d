package io.metaq.transport.netty;

import io.metaq.api.MqException;

/**
 * A frame that breaks the protocol: bad number, wrong token count, unknown command, oversize line or
 * body. The server answers {@code result 400 <len> <opaque>} with {@link #getMessage()} as the body and
 * closes the connection; the client closes the connection and fails what is in flight.
 */
public final class FrameException extends MqException {
    private static final long serialVersionUID = 1L;

    private final int opaque;

    public FrameException(String reason) {
        this(reason, 0);
    }

    public FrameException(String reason, int opaque) {
        super(reason);
        this.opaque = opaque;
    }

    /** The opaque read from the offending line, or 0 when none could be read. */
    public int opaque() {
        return opaque;
    }

    FrameException withOpaque(int newOpaque) {
        return new FrameException(getMessage(), newOpaque);
    }
}
