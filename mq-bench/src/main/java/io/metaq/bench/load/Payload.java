package io.metaq.bench.load;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The messages the tool sends. A payload of at least {@link #HEADER_BYTES} bytes starts with a header,
 * big-endian: the send time in epoch microseconds ({@link MicrosClock}, bytes 0-7), the magic
 * {@code "MQLOADTS"} (8-15), the sending run's id (16-23) and the message's sequence number in that run
 * (24-31); the rest is filler. Shorter payloads are filler only.
 */
final class Payload {
    /** The smallest payload that carries the header. */
    static final int HEADER_BYTES = 32;
    /** {@code "MQLOADTS"}. */
    static final long MAGIC = 0x4D514C4F41445453L;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Payload() {
    }

    /** The filler every payload of {@code size} bytes is copied from. */
    static byte[] filler(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    /** A fresh payload: a copy of {@code filler} with the header written when it is large enough. */
    static byte[] create(byte[] filler, long runId, long sequence, long sendMicros) {
        byte[] b = Arrays.copyOf(filler, filler.length);
        if (b.length >= HEADER_BYTES) {
            LONG.set(b, 0, sendMicros);
            LONG.set(b, 8, MAGIC);
            LONG.set(b, 16, runId);
            LONG.set(b, 24, sequence);
        }
        return b;
    }

    /** Whether {@code data} carries the header. */
    static boolean stamped(byte[] data) {
        return data.length >= HEADER_BYTES && (long) LONG.get(data, 8) == MAGIC;
    }

    static long sendMicros(byte[] data) {
        return (long) LONG.get(data, 0);
    }

    static long runId(byte[] data) {
        return (long) LONG.get(data, 16);
    }

    static long sequence(byte[] data) {
        return (long) LONG.get(data, 24);
    }
}
