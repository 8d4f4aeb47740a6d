package io.metaq.it.legacy;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The driver's only channel to the test: one record per line on the real stdout, tokens separated by one
 * space, the record kind first ({@code SENT}, {@code RECV}, {@code ERROR}, {@code DONE}...). Anything the old
 * client or its libraries print with {@code System.out} is sent to stderr instead, so stdout stays parseable.
 */
final class Out {

    private static final PrintStream STDOUT =
            new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

    private Out() {
    }

    /** Points {@code System.out} at stderr; call once, first thing in {@code main}. */
    static void captureStdout() {
        System.setOut(System.err);
    }

    /** Prints {@code kind} and the fields, each turned into one token by {@link String#valueOf(Object)}. */
    static synchronized void line(String kind, Object... fields) {
        StringBuilder sb = new StringBuilder(kind);
        for (Object f : fields) {
            sb.append(' ').append(oneToken(String.valueOf(f)));
        }
        STDOUT.println(sb);
        STDOUT.flush();
    }

    /** One line exactly as given (the benchmark commands' {@code name=value} lines). */
    static synchronized void raw(String line) {
        STDOUT.println(line);
        STDOUT.flush();
    }

    /** {@code ERROR <text>}: the text is the rest of the line (may contain spaces, never line breaks). */
    static synchronized void error(String text) {
        STDOUT.println("ERROR " + String.valueOf(text).replaceAll("[\\r\\n]+", " ").trim());
        STDOUT.flush();
    }

    /**
     * Encodes a string that may be null, empty or contain spaces as one token: {@code -} for null, otherwise
     * {@code =} followed by the URL-encoded (UTF-8) text, so {@code ""} is {@code =} and {@code "a b"} is
     * {@code =a+b}. The test side decodes with {@code URLDecoder}.
     */
    static String optionalText(String s) {
        return s == null ? "-" : "=" + URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String oneToken(String s) {
        return s.isEmpty() ? "_" : s.replaceAll("\\s", "_");
    }
}
