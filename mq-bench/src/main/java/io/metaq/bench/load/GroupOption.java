package io.metaq.bench.load;

import picocli.CommandLine.Option;

/** The consumer group option of consume and e2e (a picocli mixin). */
public final class GroupOption {
    @Option(names = "--group", paramLabel = "<name>",
            description = "Consumer group (default: bench-<timestamp>, a new group every run).")
    String group;

    String resolve() {
        return group != null ? group : "bench-" + System.currentTimeMillis();
    }
}
