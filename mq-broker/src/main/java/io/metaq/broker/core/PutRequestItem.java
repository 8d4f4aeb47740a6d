package io.metaq.broker.core;

import java.nio.ByteBuffer;

/**
 * One put (a single message, or a batch of records) waiting for its partition's writer.
 *
 * @param payload  a single put's encoded payload, or a batch's records (ids zero)
 * @param flag     the single put's flag (unused for a batch)
 * @param checksum the single put's client checksum, or -1 (unused for a batch)
 * @param batch    whether {@code payload} holds records rather than one payload
 */
record PutRequestItem(ByteBuffer payload, int flag, int checksum, boolean batch, PutCallback callback) {

    /** How a put is answered; called once, from the writer's or the store's thread. */
    interface PutCallback {
        void stored(long firstId, long firstOffset, int count);

        void failed(int code, String message);
    }
}
