package io.metaq.broker.config;

import io.metaq.api.ConfigException;
import java.util.Locale;

/** Parses sizes ({@code 512k}, {@code 1g}, {@code 1048576}) and durations ({@code 30s}, {@code 168h}, {@code 7d}). */
public final class Sizes {
    private Sizes() {
    }

    /** Bytes; suffixes k, m, g (powers of 1024); {@code -1} means no limit. */
    public static long bytes(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("-1")) {
            return -1;
        }
        long mult = 1;
        char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
        switch (last) {
            case 'k' -> mult = 1L << 10;
            case 'm' -> mult = 1L << 20;
            case 'g' -> mult = 1L << 30;
            default -> { }
        }
        String digits = mult == 1 ? v : v.substring(0, v.length() - 1);
        try {
            long n = Long.parseLong(digits.trim());
            if (n < 0) {
                throw new ConfigException(key, "must not be negative: '" + value + "'");
            }
            return Math.multiplyExact(n, mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(key, "not a size like 512k, 64m or 1g: '" + value + "'");
        }
    }

    /** Milliseconds; suffixes ms, s, m, h, d; a bare number is hours (as the original's delete policy); -1 keeps forever. */
    public static long millis(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("-1")) {
            return -1;
        }
        long mult;
        String digits;
        if (v.endsWith("ms")) {
            mult = 1;
            digits = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            mult = 1000;
            digits = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            mult = 60_000;
            digits = v.substring(0, v.length() - 1);
        } else if (v.endsWith("h")) {
            mult = 3_600_000;
            digits = v.substring(0, v.length() - 1);
        } else if (v.endsWith("d")) {
            mult = 86_400_000;
            digits = v.substring(0, v.length() - 1);
        } else {
            mult = 3_600_000;
            digits = v;
        }
        try {
            long n = Long.parseLong(digits.trim());
            if (n <= 0) {
                throw new ConfigException(key, "must be positive or -1: '" + value + "'");
            }
            return Math.multiplyExact(n, mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(key, "not a duration like 500ms, 30s, 10m, 168h or 7d: '" + value + "'");
        }
    }
}
