package io.metaq.transport.netty;

import io.metaq.spi.transport.AdminRequest;
import io.metaq.spi.transport.BatchPutRequest;
import io.metaq.spi.transport.GetRequest;
import io.metaq.spi.transport.OffsetForTimeRequest;
import io.metaq.spi.transport.OffsetRequest;
import io.metaq.spi.transport.PutRequest;
import io.metaq.spi.transport.QuitRequest;
import io.metaq.spi.transport.Request;
import io.metaq.spi.transport.StatsRequest;
import io.metaq.spi.transport.SyncRequest;
import io.metaq.spi.transport.TransactionRequest;
import io.metaq.spi.transport.VersionRequest;
import io.metaq.api.record.RecordFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a request command line (without CRLF) into a {@link Header}: every token is checked here, before
 * the body is read, so a bad frame is rejected without buffering its body. The command is chosen by
 * the line's first character, as in the original decoder (PROTOCOL.md §1): {@code p}ut, {@code g}et,
 * {@code o}ffset, {@code v}ersion ({@code value} is a response), {@code s}tats / {@code s}ync,
 * {@code t}ransaction, {@code q}uit, and our {@code b}put, {@code o}time and {@code a}dmin
 * (PROTOCOL-EXTENSIONS.md); for {@code o} the whole first token decides between {@code offset} and
 * {@code otime}, and {@code admin} must be the whole first token. Stateless.
 */
final class RequestParser {
    /** Transaction types of {@code commons/transaction/TransactionInfo.java}. */
    static final Set<String> TRANSACTION_TYPES = Set.of("BEGIN", "PREPARE", "COMMIT_ONE_PHASE", "COMMIT_TWO_PHASE",
            "ROLLBACK", "RECOVER", "FORGET", "END");

    /** Opaque of a bare {@code version} line (PROTOCOL.md §2.5). */
    static final int BARE_VERSION_OPAQUE = Integer.MAX_VALUE;

    /**
     * A parsed command line.
     *
     * @param bodyLength bytes of body that follow the line, or -1 for a command without a body
     * @param build      makes the request once the body (null when there is none) has arrived
     */
    record Header(int bodyLength, Function<ByteBuffer, Request> build) {
        static Header of(Request request) {
            return new Header(-1, body -> request);
        }
    }

    private RequestParser() {
    }

    /**
     * @param maxBody  the largest put/sync body accepted
     * @param maxBatch the largest bput body accepted
     * @throws FrameException naming what is wrong, carrying the line's opaque when it has a readable one
     */
    static Header parse(String line, int maxBody, int maxBatch) {
        if (line.isEmpty()) {
            throw new FrameException("empty command line");
        }
        String[] t = TextLines.split(line);
        if (t.length == 0) {
            throw new FrameException("command line has no tokens");
        }
        try {
            return parse(line.charAt(0), t, maxBody, maxBatch);
        } catch (FrameException e) {
            throw e.withOpaque(guessOpaque(t));
        }
    }

    private static Header parse(char first, String[] t, int maxBody, int maxBatch) {
        switch (first) {
            case 'p':
                return put(t, maxBody);
            case 'g':
                return get(t);
            case 'o':
                switch (t[0]) {
                    case "offset":
                        return offset(t);
                    case "otime":
                        return offsetForTime(t);
                    default:
                        throw new FrameException("unknown command '" + printable(t[0]) + "'");
                }
            case 'v':
                if (t[0].equals("value")) {
                    throw new FrameException("'value' is a response, not a request");
                }
                return version(t);
            case 's':
                return t[0].equals("stats") ? stats(t) : sync(t, maxBody);
            case 't':
                return transaction(t);
            case 'q':
                return Header.of(new QuitRequest());
            case 'b':
                return batchPut(t, maxBatch);
            case 'a':
                return admin(t);
            case 'r':
                throw new FrameException("'result' is a response, not a request");
            default:
                throw new FrameException("unknown command '" + printable(t[0]) + "'");
        }
    }

    /** {@code put topic partition len flag [checksum] [txKey] opaque}: 6, 7 or 8 tokens (§2.1). */
    private static Header put(String[] t, int maxBody) {
        tokenCount(t, 6, 8, "put <topic> <partition> <bodyLen> <flag> <checksum> [<txKey>] <opaque>");
        String topic = t[1];
        int partition = parseInt(t, 2, "partition");
        int len = bodyLength(t, 3, maxBody);
        int flag = parseInt(t, 4, "flag");
        int checksum = PutRequest.NO_CHECKSUM;
        String txKey = null;
        if (t.length == 7) {
            String s = t[5];
            if (s.isEmpty()) {
                throw new FrameException("empty checksum or txKey token in put");
            }
            if (Character.isDigit(s.charAt(0)) || s.charAt(0) == '-') {
                checksum = parseInt(t, 5, "checksum");
            } else {
                txKey = s;
            }
        } else if (t.length == 8) {
            checksum = parseInt(t, 5, "checksum");
            txKey = t[6];
        }
        int opaque = parseInt(t, t.length - 1, "opaque");
        int cs = checksum;
        String tx = txKey;
        return new Header(len, body -> new PutRequest(topic, partition, flag, cs, tx, body, opaque));
    }

    /** {@code get topic group partition offset maxSize [maxWaitMs] opaque}: 7 or 8 tokens (§2.2, §7). */
    private static Header get(String[] t) {
        tokenCount(t, 7, 8, "get <topic> <group> <partition> <offset> <maxSize> [<maxWaitMs>] <opaque>");
        long maxWait = 0;
        if (t.length == 8) {
            maxWait = parseLong(t, 6, "maxWaitMs");
            if (maxWait < 0) {
                throw new FrameException("negative maxWaitMs " + maxWait + " in get");
            }
        }
        return Header.of(new GetRequest(t[1], t[2], parseInt(t, 3, "partition"), parseLong(t, 4, "offset"),
                parseInt(t, 5, "maxSize"), maxWait, parseInt(t, t.length - 1, "opaque")));
    }

    /** {@code offset topic group partition offset opaque} (§2.3). */
    private static Header offset(String[] t) {
        tokenCount(t, 6, 6, "offset <topic> <group> <partition> <offset> <opaque>");
        return Header.of(new OffsetRequest(t[1], t[2], parseInt(t, 3, "partition"), parseLong(t, 4, "offset"),
                parseInt(t, 5, "opaque")));
    }

    /** {@code otime topic partition timestampMs opaque} (PROTOCOL-EXTENSIONS.md E4). */
    private static Header offsetForTime(String[] t) {
        tokenCount(t, 5, 5, "otime <topic> <partition> <timestampMs> <opaque>");
        return Header.of(new OffsetForTimeRequest(t[1], parseInt(t, 2, "partition"), parseLong(t, 3, "timestampMs"),
                parseInt(t, 4, "opaque")));
    }

    /** {@code version [opaque]} (§2.5). */
    private static Header version(String[] t) {
        tokenCount(t, 1, 2, "version [<opaque>]");
        return Header.of(new VersionRequest(t.length == 1 ? BARE_VERSION_OPAQUE : parseInt(t, 1, "opaque")));
    }

    /** {@code stats item opaque}; the item may be the empty token between two spaces (§2.6). */
    private static Header stats(String[] t) {
        tokenCount(t, 3, 3, "stats <item> <opaque>");
        return Header.of(new StatsRequest(t[1], parseInt(t, 2, "opaque")));
    }

    /** {@code sync topic partition len flag msgId [checksum] opaque}: 7 or 8 tokens (§2.9). */
    private static Header sync(String[] t, int maxBody) {
        if (!t[0].equals("sync")) {
            throw new FrameException("unknown command '" + printable(t[0]) + "'");
        }
        tokenCount(t, 7, 8, "sync <topic> <partition> <bodyLen> <flag> <msgId> [<checksum>] <opaque>");
        String topic = t[1];
        int partition = parseInt(t, 2, "partition");
        int len = bodyLength(t, 3, maxBody);
        int flag = parseInt(t, 4, "flag");
        long msgId = parseLong(t, 5, "msgId");
        int checksum = t.length == 8 ? parseInt(t, 6, "checksum") : PutRequest.NO_CHECKSUM;
        int opaque = parseInt(t, t.length - 1, "opaque");
        return new Header(len, body -> new SyncRequest(topic, partition, flag, msgId, checksum, body, opaque));
    }

    /**
     * {@code transaction txKey sessionId TYPE [timeout] [uniqueQualifier] opaque}: 5, 6 or 7 tokens; a
     * 6-token line carries a timeout when its 5th token is all digits, else a unique qualifier (§2.8).
     */
    private static Header transaction(String[] t) {
        tokenCount(t, 5, 7, "transaction <txKey> <sessionId> <TYPE> [<timeoutSeconds>] [<uniqueQualifier>] <opaque>");
        String type = t[3];
        if (!TRANSACTION_TYPES.contains(type)) {
            throw new FrameException("unknown transaction type '" + printable(type) + "'");
        }
        int timeout = 0;
        String qualifier = null;
        if (t.length == 6) {
            if (isDigits(t[4])) {
                timeout = parseInt(t, 4, "timeoutSeconds");
            } else {
                qualifier = t[4];
            }
        } else if (t.length == 7) {
            timeout = parseInt(t, 4, "timeoutSeconds");
            qualifier = t[5];
        }
        return Header.of(new TransactionRequest(t[1], t[2], type, timeout, qualifier,
                parseInt(t, t.length - 1, "opaque")));
    }

    /** {@code bput topic partition bodyLen count opaque} (PROTOCOL-EXTENSIONS.md). */
    private static Header batchPut(String[] t, int maxBatch) {
        if (!t[0].equals("bput")) {
            throw new FrameException("unknown command '" + printable(t[0]) + "'");
        }
        tokenCount(t, 6, 6, "bput <topic> <partition> <bodyLen> <count> <opaque>");
        String topic = t[1];
        int partition = parseInt(t, 2, "partition");
        int len = bodyLength(t, 3, maxBatch);
        int count = parseInt(t, 4, "count");
        if (count < 1 || (long) count * RecordFormat.HEADER_SIZE > len) {
            throw new FrameException("bput count " + count + " does not fit a body of " + len + " bytes");
        }
        int opaque = parseInt(t, 5, "opaque");
        return new Header(len, body -> new BatchPutRequest(topic, partition, count, body, opaque));
    }

    /**
     * {@code admin bodyLen opaque} (PROTOCOL-EXTENSIONS.md E5): the body, at most
     * {@link AdminRequest#MAX_BODY_BYTES}, is JSON text that the broker parses, so it is only decoded here.
     */
    private static Header admin(String[] t) {
        if (!t[0].equals("admin")) {
            throw new FrameException("unknown command '" + printable(t[0]) + "'");
        }
        tokenCount(t, 3, 3, "admin <bodyLen> <opaque>");
        int len = bodyLength(t, 1, AdminRequest.MAX_BODY_BYTES);
        int opaque = parseInt(t, 2, "opaque");
        return new Header(len, body -> new AdminRequest(StandardCharsets.UTF_8.decode(body).toString(), opaque));
    }

    private static void tokenCount(String[] t, int min, int max, String form) {
        if (t.length < min || t.length > max) {
            throw new FrameException("expected '" + form + "' but got " + t.length + " tokens");
        }
    }

    private static int bodyLength(String[] t, int i, int max) {
        int len = parseInt(t, i, "bodyLen");
        if (len < 0 || len > max) {
            throw new FrameException("bodyLen " + len + " in " + t[0] + " is outside [0, " + max + "]");
        }
        return len;
    }

    static int parseInt(String[] t, int i, String field) {
        try {
            return Integer.parseInt(t[i]);
        } catch (NumberFormatException e) {
            throw new FrameException("bad " + field + " '" + printable(t[i]) + "' in " + printable(t[0]));
        }
    }

    static long parseLong(String[] t, int i, String field) {
        try {
            return Long.parseLong(t[i]);
        } catch (NumberFormatException e) {
            throw new FrameException("bad " + field + " '" + printable(t[i]) + "' in " + printable(t[0]));
        }
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The last token as the opaque when it is a number, else 0. */
    private static int guessOpaque(String[] t) {
        try {
            return Integer.parseInt(t[t.length - 1]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** At most 32 characters of a token, control characters replaced, for error messages. */
    static String printable(String s) {
        String cut = s.length() > 32 ? s.substring(0, 32) + "..." : s;
        StringBuilder b = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
