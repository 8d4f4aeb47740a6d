package io.metaq.it.legacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Message bodies the test can check without seeing them: {@code seq=<n>;} in ASCII, then pseudo-random
 * bytes seeded by the sequence number, cut or padded to the requested size. A body's SHA-1 identifies it;
 * the leading sequence number gives the producer's order.
 */
final class Payloads {

    private Payloads() {
    }

    static byte[] make(long seq, int size) {
        byte[] body = new byte[size];
        new SplittableRandom(0x9E3779B97F4A7C15L ^ seq).nextBytes(body);
        byte[] head = ("seq=" + seq + ";").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, body, 0, Math.min(head.length, size));
        return body;
    }

    /** The {@code seq=<n>;} prefix as a token, or {@code -} if the body does not start with one. */
    static String seqOf(byte[] body) {
        int limit = Math.min(body.length, 24);
        if (limit < 6 || body[0] != 's' || body[1] != 'e' || body[2] != 'q' || body[3] != '=') {
            return "-";
        }
        for (int i = 4; i < limit; i++) {
            if (body[i] == ';') {
                return i > 4 ? new String(body, 4, i - 4, StandardCharsets.US_ASCII) : "-";
            }
            if (body[i] < '0' || body[i] > '9') {
                return "-";
            }
        }
        return "-";
    }

    static String sha1(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
