package io.metaq.bench.load;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code consume}: read messages with a new consumer group from the earliest offset. */
@Command(name = "consume", sortOptions = false,
        description = {"Reads --messages messages with a consumer group starting at the earliest offset (fill the "
                + "topic first, e.g. with produce).",
                "Throughput: from the first message received to the last. Latencies: now minus the send time the "
                + "tool's own producers stamp into payloads of 32 bytes or more (so, after an earlier produce run, "
                + "the messages' age), 0 for other payloads."})
public final class ConsumeCommand extends LoadCommand {
    @Mixin
    GroupOption group;

    @Override
    protected LoadMode mode() {
        return LoadMode.CONSUME;
    }

    @Override
    GroupOption groupOption() {
        return group;
    }
}
