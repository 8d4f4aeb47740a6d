package io.metaq.it;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/** The records {@code LegacyClientMain} prints, parsed. Format: see the driver's command classes. */
public final class LegacyOutput {

    private LegacyOutput() {
    }

    /** One stdout line: the kind (first token) and the remaining tokens. */
    public record Line(String kind, List<String> tokens, String raw) {
        static Line parse(String raw) {
            String[] t = raw.split(" ", -1);
            return new Line(t[0], List.of(Arrays.copyOfRange(t, 1, t.length)), raw);
        }

        String token(int i) {
            if (i >= tokens.size()) {
                throw new IllegalStateException("malformed " + kind + " line: " + raw);
            }
            return tokens.get(i);
        }

        /** For ERROR lines: everything after {@code ERROR }. */
        public String text() {
            return raw.length() > kind.length() ? raw.substring(kind.length() + 1) : "";
        }
    }

    /** {@code SENT <seq> <msgId> <partition> <offset> <attribute> <sha1>}. */
    public record Sent(long seq, long msgId, String partition, long offset, String attribute, String sha1) {
        static Sent of(Line l) {
            return new Sent(Long.parseLong(l.token(0)), Long.parseLong(l.token(1)), l.token(2),
                    Long.parseLong(l.token(3)), decodeOptional(l.token(4)), l.token(5));
        }
    }

    /**
     * {@code RECV <partition> <offset> <msgId> <attribute> <sha1> <seq>}; {@code offset} is where the
     * record starts, {@code seq} is -1 when the body carries no sequence number.
     */
    public record Received(String partition, long offset, long msgId, String attribute, String sha1, long seq) {
        static Received of(Line l) {
            String seq = l.token(5);
            return new Received(l.token(0), Long.parseLong(l.token(1)), Long.parseLong(l.token(2)),
                    decodeOptional(l.token(3)), l.token(4), seq.equals("-") ? -1 : Long.parseLong(seq));
        }
    }

    /** A finished child: its exit status, every stdout line, and the tail of its stderr. */
    public record Result(int exitCode, List<Line> lines, String stderrTail) {

        public List<Sent> sent() {
            return lines.stream().filter(l -> l.kind().equals("SENT")).map(Sent::of).toList();
        }

        public List<Received> received() {
            return lines.stream().filter(l -> l.kind().equals("RECV")).map(Received::of).toList();
        }

        public Optional<String> error() {
            return lines.stream().filter(l -> l.kind().equals("ERROR")).map(Line::text).findFirst();
        }

        public OptionalLong done() {
            return lines.stream().filter(l -> l.kind().equals("DONE"))
                    .mapToLong(l -> Long.parseLong(l.token(0))).findFirst();
        }

        public List<String> tokensOf(String kind) {
            return lines.stream().filter(l -> l.kind().equals(kind)).map(l -> String.join(" ", l.tokens())).toList();
        }

        /** {@code STAT <host:port> <name> <value>} lines as broker address → name → value. */
        public Map<String, Map<String, String>> stats() {
            Map<String, Map<String, String>> m = new TreeMap<>();
            lines.stream().filter(l -> l.kind().equals("STAT"))
                    .forEach(l -> m.computeIfAbsent(l.token(0), k -> new TreeMap<>()).put(l.token(1), l.token(2)));
            return m;
        }

        /** {@code NEXT <offset>} of a {@code get}, or empty. */
        public OptionalLong next() {
            return lines.stream().filter(l -> l.kind().equals("NEXT"))
                    .mapToLong(l -> Long.parseLong(l.token(0))).findFirst();
        }

        public boolean isEmptyFetch() {
            return lines.stream().anyMatch(l -> l.kind().equals("EMPTY"));
        }

        /** Short description for assertion messages. */
        public String describe() {
            return "exit=" + exitCode + " stdout=" + lines.stream().map(Line::raw).limit(40).toList()
                    + (lines.size() > 40 ? " ...(" + lines.size() + " lines)" : "") + "\nstderr tail:\n" + stderrTail;
        }
    }

    static String decodeOptional(String token) {
        if (token.equals("-")) {
            return null;
        }
        if (!token.startsWith("=")) {
            throw new IllegalStateException("bad optional text token: " + token);
        }
        return URLDecoder.decode(token.substring(1), StandardCharsets.UTF_8);
    }
}
