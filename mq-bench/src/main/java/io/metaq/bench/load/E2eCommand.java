package io.metaq.bench.load;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code e2e}: send at a rate to a consumer of the same JVM and measure send-to-receive. */
@Command(name = "e2e", sortOptions = false,
        description = {"Starts a consumer (new group, latest offset) and waits until it holds every partition, then "
                + "sends --messages messages at --rate with the send time in the payload and measures "
                + "send-to-receive in the consumer.",
                "Ends when every message was received or the duration is up. Errors: failed sends plus messages "
                + "never received."})
public final class E2eCommand extends LoadCommand {
    @Mixin
    SendOptions send;

    @Mixin
    GroupOption group;

    @Override
    protected LoadMode mode() {
        return LoadMode.E2E;
    }

    @Override
    SendOptions sendOptions() {
        return send;
    }

    @Override
    GroupOption groupOption() {
        return group;
    }
}
