package io.metaq.bench.load;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The end-to-end load tool: {@code metaq-load produce|consume|e2e [options]} drives a broker through
 * the client and prints, on standard output, {@code msgs_per_s}, {@code mb_per_s}, {@code p50_ms},
 * {@code p99_ms}, {@code p999_ms} and {@code errors} (then a few extra lines), one {@code name=value}
 * per line; a progress line goes to standard error. Exit code 0 without errors, 1 with errors (or when
 * the run failed), 2 for bad arguments.
 *
 * <p>Reuse: {@link #run(String...)} runs it in-process; {@link ProduceCommand}, {@link ConsumeCommand}
 * and {@link E2eCommand} can be added as subcommands of another picocli command (they write to that
 * command line's out and err).
 */
@Command(name = "metaq-load", sortOptions = false,
        subcommands = {ProduceCommand.class, ConsumeCommand.class, E2eCommand.class},
        synopsisSubcommandLabel = "(produce | consume | e2e)",
        description = {"End-to-end load against MetaQ brokers through the client.",
                "Prints msgs_per_s, mb_per_s, p50_ms, p99_ms, p999_ms and errors (then mode, messages, elapsed_s, "
                + "max_ms, complete), one name=value per line on standard output; progress on standard error.",
                "Exit code: 0 without errors, 1 with errors, 2 for bad arguments."})
public final class LoadTool implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: produce, consume or e2e");
    }

    /** Runs the tool on {@code System.out} and {@code System.err}; returns the exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the tool with the given output (results) and error (progress, messages, usage) writers. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = newCommandLine();
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The tool's command line, ready to execute (or to be added as a subcommand elsewhere). */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new LoadTool());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + ErrorLog.describe(e));
            cmd.getErr().flush();
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
