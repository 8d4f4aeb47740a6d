package io.metaq.spi.store;

/** When an append counts as done (DESIGN.md §5). */
public enum FlushMode {
    /**
     * The append completes after an fsync covering it. Appends that arrive while a write or fsync is
     * under way share the next one (group commit). Data becomes visible to readers only once durable.
     */
    GROUP,
    /**
     * The append completes after the write into the OS page cache; an fsync follows every
     * {@link LogConfig#flushIntervalMessages()} messages or {@link LogConfig#flushIntervalMs()} ms.
     * Data is visible to readers as soon as it is written.
     */
    INTERVAL;

    /** Parses {@code group} or {@code interval}, case-insensitively. */
    public static FlushMode parse(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "group" -> GROUP;
            case "interval" -> INTERVAL;
            default -> throw new IllegalArgumentException("flush mode must be 'group' or 'interval', not '" + s + "'");
        };
    }
}
