package io.metaq.spi.filter;

import java.nio.ByteBuffer;

/**
 * One stored record as a filter sees it, parsed in place from the fetched bytes. Valid only during
 * the {@link MessageFilter#accept} call that received it: copy what you keep.
 */
public interface MessageView {
    /** The broker-assigned message id. */
    long id();

    /** The record's flag (bit 0: has an attribute). */
    int flag();

    /** The attribute, or null when the message has none. */
    String attribute();

    /** The message data without the attribute prefix, read-only. */
    ByteBuffer data();

    /** Bytes of message data. */
    int dataSize();

    /** The record's log byte offset. */
    long offset();
}
