package io.metaq.bench.load;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code produce}: send messages as fast as allowed and measure send-to-acknowledgement. */
@Command(name = "produce", sortOptions = false,
        description = {"Sends --messages messages of --size bytes from --threads threads sharing one producer "
                + "(sendAsync, at most 10,000 unacknowledged per thread) and measures send-to-acknowledgement.",
                "Throughput: acknowledged messages from the first send to the last acknowledgement."})
public final class ProduceCommand extends LoadCommand {
    @Mixin
    SendOptions send;

    @Override
    protected LoadMode mode() {
        return LoadMode.PRODUCE;
    }

    @Override
    SendOptions sendOptions() {
        return send;
    }
}
