package io.metaq.bench.load;

import java.util.Locale;

/** The tool's modes, with the defaults that differ between them. */
public enum LoadMode {
    /** Send messages and measure send-to-acknowledgement. */
    PRODUCE(0, 0),
    /** Read messages from the earliest offset with a new consumer group. */
    CONSUME(0, 0),
    /** Send at a rate to a consumer started beforehand and measure send-to-receive. */
    E2E(1_000, 1_000);

    private final long defaultRate;
    private final long defaultWarmup;

    LoadMode(long defaultRate, long defaultWarmup) {
        this.defaultRate = defaultRate;
        this.defaultWarmup = defaultWarmup;
    }

    /** The default of {@code --rate} (messages/s in total; 0 = unlimited). */
    public long defaultRate() {
        return defaultRate;
    }

    /** The default of {@code --warmup}. */
    public long defaultWarmup() {
        return defaultWarmup;
    }

    /** The subcommand's name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
