package io.metaq.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code metaq-admin}: the MetaQ administration tool. Topics, consumer groups and their offsets,
 * produce and consume from the command line, broker stats, and the load tool, all through mq-client
 * (ZooKeeper for discovery, the MetaQ protocol and its admin extension to the brokers).
 *
 * <p>Exit codes ({@link ExitCodes}): 0 ok, 1 the operation failed, 2 usage error, 3 ZooKeeper or a
 * broker unreachable. {@code --zk}, {@code --zk-root} and {@code --timeout-ms} may be given before the
 * command name too; they then apply to the command that runs.
 */
@Command(name = "metaq-admin", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = AdminMain.Version.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {"Administers MetaQ brokers through ZooKeeper and the MetaQ protocol: topics, consumer groups "
                + "and offsets, produce and consume, broker stats, plugins and filter reloads, load tests.", ""},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {"Run 'metaq-admin COMMAND --help' (or 'metaq-admin help COMMAND') for a command's options.",
            "--zk, --zk-root and --timeout-ms are accepted by every command, before or after its name.",
            "Logging (ZooKeeper, the client) goes to standard error at WARN; standard output has the results only."},
        subcommands = {TopicsCommand.class, GroupsCommand.class, ProduceCommand.class, ConsumeCommand.class,
            StatsCommand.class, PluginsCommand.class, ReloadCommand.class, BenchCommand.class, HelpCommand.class})
public final class AdminMain implements Callable<Integer> {
    /** Options every admin command takes; copied from a parent command line to the command that runs. */
    private static final List<String> INHERITED = List.of("--zk", "--zk-root", "--timeout-ms");

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    private final InputStream stdin;
    private final boolean stderrIsTerminal;

    AdminMain(InputStream stdin, boolean stderrIsTerminal) {
        this.stdin = stdin;
        this.stderrIsTerminal = stderrIsTerminal;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command");
    }

    /** Standard input for produce. */
    InputStream stdin() {
        return stdin;
    }

    /** Whether progress lines may be drawn in place on standard error. */
    boolean stderrIsTerminal() {
        return stderrIsTerminal;
    }

    /** The tool's root object, from any of its commands. */
    static AdminMain of(CommandSpec spec) {
        return (AdminMain) spec.root().userObject();
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                StandardCharsets.UTF_8), true);
        int code = run(System.in, out, err, ProgressLine.isTerminal(2), args);
        System.exit(code);
    }

    /** Runs the tool with the given input and output (no progress lines); returns the exit code. */
    public static int run(InputStream in, PrintWriter out, PrintWriter err, String... args) {
        return run(in, out, err, false, args);
    }

    static int run(InputStream in, PrintWriter out, PrintWriter err, boolean stderrIsTerminal, String... args) {
        CommandLine cl = newCommandLine(in, stderrIsTerminal);
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The command line, exit codes and error handling set up. */
    static CommandLine newCommandLine(InputStream in, boolean stderrIsTerminal) {
        CommandLine cl = new CommandLine(new AdminMain(in, stderrIsTerminal));
        Map<String, String> exitCodes = new LinkedHashMap<>();
        for (String e : ExitCodes.LIST) {
            int colon = e.indexOf(':');
            exitCodes.put(e.substring(0, colon), e.substring(colon + 1));
        }
        setExitCodeHelp(cl, exitCodes);
        cl.setExecutionStrategy(AdminMain::execute);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + Errors.describe(e));
            cmd.getErr().flush();
            return Errors.exitCode(e);
        });
        return cl;
    }

    /** Lists the exit codes in the help of every command but the load tool's (which documents its own). */
    private static void setExitCodeHelp(CommandLine cl, Map<String, String> exitCodes) {
        if (cl.getCommandSpec().userObject().getClass().getPackageName().equals("io.metaq.bench.load")) {
            return;
        }
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
        for (CommandLine sub : cl.getSubcommands().values()) {
            setExitCodeHelp(sub, exitCodes);
        }
    }

    /**
     * Copies --zk, --zk-root and --timeout-ms given on a parent command line ({@code metaq-admin --zk h
     * topics list}) to the command that runs, unless it was given them itself, then runs it.
     */
    private static int execute(ParseResult parsed) {
        Map<String, Object> given = new LinkedHashMap<>();
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            for (String name : INHERITED) {
                OptionSpec option = level.commandSpec().findOption(name);
                if (option == null) {
                    continue;
                }
                if (level.hasMatchedOption(name)) {
                    given.put(name, option.getValue());
                } else if (given.containsKey(name)) {
                    option.setValue(given.get(name));
                }
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** {@code --version}: the version of this build. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws Exception {
            Properties p = new Properties();
            try (InputStream in = AdminMain.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"metaq-admin " + p.getProperty("version", "unknown")};
        }
    }
}
