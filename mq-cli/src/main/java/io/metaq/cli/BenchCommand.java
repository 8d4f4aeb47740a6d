package io.metaq.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench produce|consume|e2e}: the load tool of mq-bench (io.metaq.bench.load), same options and output. */
@Command(name = "bench", header = "Load tests through the client: produce, consume, e2e.", mixinStandardHelpOptions = true, sortOptions = false,
        synopsisSubcommandLabel = "(produce | consume | e2e)",
        description = {"End-to-end load through the client (the load tool, metaq-load): prints msgs_per_s, mb_per_s, "
                + "p50_ms, p99_ms, p999_ms and errors (then mode, messages, elapsed_s, max_ms, complete), one "
                + "name=value per line on standard output; a progress line on standard error.",
            "Exit code: 0 without errors, 1 with errors or when the run failed (also when ZooKeeper is unreachable), "
                + "2 for bad arguments."},
        subcommands = {io.metaq.bench.load.ProduceCommand.class, io.metaq.bench.load.ConsumeCommand.class,
            io.metaq.bench.load.E2eCommand.class})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: produce, consume or e2e");
    }
}
