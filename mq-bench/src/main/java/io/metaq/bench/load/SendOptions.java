package io.metaq.bench.load;

import picocli.CommandLine.Option;

/** The sending options of produce and e2e (a picocli mixin). */
public final class SendOptions {
    @Option(names = "--size", paramLabel = "<bytes>",
            description = "Payload bytes per message (default: ${DEFAULT-VALUE}; e2e needs at least 32).")
    int size = 1024;

    @Option(names = "--threads", paramLabel = "<n>",
            description = "Sending threads sharing one producer (default: ${DEFAULT-VALUE}).")
    int threads = 4;

    @Option(names = "--batch-bytes", paramLabel = "<bytes>",
            description = "The producer's batch size per partition (default: ${DEFAULT-VALUE}).")
    int batchBytes = 256 * 1024;

    @Option(names = "--linger-ms", paramLabel = "<ms>",
            description = "How long a partial batch waits for more messages (default: ${DEFAULT-VALUE}).")
    long lingerMs = 0;

    @Option(names = "--rate", paramLabel = "<msgs/s>",
            description = "Messages per second in total, 0 = unlimited (default: 0; e2e: 1000).")
    Long rate;
}
