package io.metaq.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class LoadToolArgsTest {
    private static LoadSettings parse(LoadCommand command, String... args) {
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }

    @Test
    void produceDefaults() {
        LoadSettings s = parse(new ProduceCommand());
        assertThat(s.mode()).isEqualTo(LoadMode.PRODUCE);
        assertThat(s.zk()).isEqualTo("127.0.0.1:2181");
        assertThat(s.zkRoot()).isEqualTo("/meta");
        assertThat(s.topic()).isEqualTo("bench");
        assertThat(s.partitions()).isEqualTo(4);
        assertThat(s.messages()).isEqualTo(1_000_000);
        assertThat(s.size()).isEqualTo(1024);
        assertThat(s.threads()).isEqualTo(4);
        assertThat(s.batchBytes()).isEqualTo(256 * 1024);
        assertThat(s.lingerMs()).isZero();
        assertThat(s.rate()).isZero();
        assertThat(s.durationS()).isEqualTo(300);
        assertThat(s.warmup()).isZero();
        assertThat(s.idleTimeoutS()).isEqualTo(10);
        assertThat(s.group()).isNull();
    }

    @Test
    void consumeDefaults() {
        LoadSettings s = parse(new ConsumeCommand());
        assertThat(s.mode()).isEqualTo(LoadMode.CONSUME);
        assertThat(s.messages()).isEqualTo(1_000_000);
        assertThat(s.warmup()).isZero();
        assertThat(s.group()).matches("bench-\\d{13}");
    }

    @Test
    void e2eDefaults() {
        LoadSettings s = parse(new E2eCommand());
        assertThat(s.mode()).isEqualTo(LoadMode.E2E);
        assertThat(s.rate()).isEqualTo(1_000);
        assertThat(s.warmup()).isEqualTo(1_000);
        assertThat(s.size()).isEqualTo(1024);
        assertThat(s.group()).startsWith("bench-");
    }

    @Test
    void everyOptionIsRead() {
        LoadSettings s = parse(new E2eCommand(), "--zk", "10.0.0.1:2181,10.0.0.2:2181", "--zk-root", "/mq", "--topic", "t1",
                "--partitions", "8", "--messages", "5000", "--size", "100", "--threads", "2", "--batch-bytes", "65536",
                "--linger-ms", "5", "--rate", "0", "--duration-s", "30", "--group", "g1", "--warmup", "0",
                "--idle-timeout-s", "3");
        assertThat(s).isEqualTo(new LoadSettings(LoadMode.E2E, "10.0.0.1:2181,10.0.0.2:2181", "/mq", "t1", 8, 5000, 100,
                2, 65536, 5, 0, 30, "g1", 0, 3));
        assertThat(parse(new ProduceCommand(), "--rate", "2500", "--warmup", "10").rate()).isEqualTo(2500);
        assertThat(parse(new ConsumeCommand(), "--group", "readers").group()).isEqualTo("readers");
    }

    @Test
    void outOfRangeValuesAreParameterErrors() {
        assertThatThrownBy(() -> parse(new ProduceCommand(), "--messages", "0")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--messages");
        assertThatThrownBy(() -> parse(new E2eCommand(), "--size", "31")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--size must be >= 32");
        assertThat(parse(new ProduceCommand(), "--size", "1").size()).isEqualTo(1);
        assertThatThrownBy(() -> parse(new ConsumeCommand(), "--group", "a/b")).isInstanceOf(ParameterException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "bogus",
            "produce --messages many",
            "produce --messages 0",
            "produce --threads 0",
            "produce --rate -1",
            "produce --size 0",
            "produce --group g",
            "produce --unknown",
            "produce extra",
            "consume --rate 100",
            "consume --duration-s 0",
            "e2e --size 8",
            "e2e --zk-root meta",
            "e2e --warmup -1"})
    void badArgumentsExitWith2(String line) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        int code = LoadTool.run(new PrintWriter(out), new PrintWriter(err), args);
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("Usage:");
    }

    @Test
    void helpExitsWith0() {
        for (String[] args : new String[][] {{"--help"}, {"produce", "--help"}, {"consume", "-h"}, {"e2e", "--help"}}) {
            StringWriter out = new StringWriter();
            int code = LoadTool.run(new PrintWriter(out), new PrintWriter(new StringWriter()), args);
            assertThat(code).isZero();
            assertThat(out.toString()).contains("Usage:");
        }
        StringWriter out = new StringWriter();
        LoadTool.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "e2e", "--help");
        assertThat(out.toString()).contains("--rate", "--group", "--zk", "--duration-s", "--warmup", "default: 300");
    }

    @CommandLine.Command(name = "admin", subcommands = Bench.class)
    static final class Admin implements Runnable {
        @Override
        public void run() {
        }
    }

    /** What an admin CLI does: the tool's subcommands under a {@code bench} command of its own. */
    @CommandLine.Command(name = "bench", subcommands = {ProduceCommand.class, ConsumeCommand.class, E2eCommand.class})
    static final class Bench implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void theToolCanBeASubcommandOfAnotherCommandLine() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine admin = new CommandLine(new Admin());
        admin.setOut(new PrintWriter(out));
        admin.setErr(new PrintWriter(err));
        assertThat(admin.execute("bench", "produce", "--messages", "0")).isEqualTo(2);
        admin.getErr().flush();
        assertThat(err.toString()).contains("--messages must be >= 1", "Usage: admin bench produce");
        assertThat(out.toString()).isEmpty();
    }
}
