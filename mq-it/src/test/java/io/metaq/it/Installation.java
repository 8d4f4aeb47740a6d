package io.metaq.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A broker installation unpacked from mq-distribution's {@code metaq-<version>-bin.tar.gz} (path from the build,
 * see mq-it/pom.xml) into a scratch directory, driven only through {@code bin/metaq} and {@code bin/metaq-admin}
 * as an operator would. Shared by {@link DistributionIT} and {@link FilterPluginIT}.
 */
final class Installation {
    private static final Pattern ARCHIVE = Pattern.compile("metaq-(.+)-bin\\.tar\\.gz");
    static final Pattern STARTED = Pattern.compile("MetaQ broker started \\(pid (\\d+)\\) on ([\\d.]+):(\\d+)");

    /** The scratch directory holding the unpacked installation (and the commands' output files). */
    final Path dir;
    /** {@code <dir>/metaq-<version>}. */
    final Path home;

    private Installation(Path dir, Path home) {
        this.dir = dir;
        this.home = home;
    }

    /** The archive from the build's system property, or the one in ../mq-distribution/target. */
    static Path archive(String property, String suffix) {
        String p = System.getProperty(property);
        if (p != null && !p.isBlank() && !p.startsWith("${")) {
            Path file = Path.of(p);
            assertThat(file).as(property).isRegularFile();
            return file;
        }
        Path target = Path.of("..", "mq-distribution", "target").toAbsolutePath().normalize();
        try (var files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("metaq-.+-bin" + Pattern.quote(suffix)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no metaq-*-bin" + suffix + " in " + target
                            + "; build mq-distribution first"));
        } catch (IOException e) {
            throw new AssertionError("cannot list " + target + "; build mq-distribution first", e);
        }
    }

    /** {@code metaq-<version>}, the archives' root directory, from the tar.gz's file name. */
    static String rootOf(Path tgz) {
        Matcher m = ARCHIVE.matcher(tgz.getFileName().toString());
        if (!m.matches()) {
            // resolved from the local repository: mq-distribution-<version>-bin.tar.gz
            m = Pattern.compile("mq-distribution-(.+)-bin\\.tar\\.gz").matcher(tgz.getFileName().toString());
            assertThat(m.matches()).as("archive name %s", tgz).isTrue();
        }
        return "metaq-" + m.group(1);
    }

    /** Unpacks the archive with {@code tar} into {@code dir}. */
    static Installation unpack(Path tgz, String root, Path dir) throws Exception {
        Result tar = run(dir, dir, List.of("tar", "-xzf", tgz.toString(), "-C", dir.toString()));
        assertThat(tar.code).as(tar.output).isZero();
        Path home = dir.resolve(root);
        assertThat(home.resolve("bin/metaq")).isExecutable();
        return new Installation(dir, home);
    }

    /**
     * Stops the broker if it runs: {@code bin/metaq stop}, then, if that failed or the broker is still there,
     * kills the process named by logs/metaq.pid (or {@code startedPid}).
     */
    void stopBroker(Long startedPid) throws Exception {
        Path pidFile = home.resolve("logs/metaq.pid");
        Long pid = startedPid;
        if (Files.exists(pidFile)) {
            try {
                pid = Long.parseLong(Files.readString(pidFile).trim());
            } catch (NumberFormatException e) {
                // keep startedPid
            }
        }
        Result stop = metaq("stop");
        if (pid != null && (stop.code != 0 || isBroker(pid))) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Whether {@code pid} is a running broker. Not {@link ProcessHandle#isAlive()}: the broker is nobody's
     * child here, and until init reaps it an exited broker is a zombie that still counts as alive.
     */
    static boolean isBroker(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(h -> h.info().commandLine())
                .map(c -> c.contains("io.metaq.broker.BrokerMain")).orElse(false);
    }

    /** Points conf/broker.yaml at the given ports (and store provider), as an operator would edit it. */
    void configure(int brokerPort, int zkPort, String storeProvider) throws IOException {
        Path file = home.resolve("conf/broker.yaml");
        String original = Files.readString(file);
        String yaml = replaceOnce(original, "(?m)^  port: 8123\\b", "  port: " + brokerPort);
        yaml = replaceOnce(yaml, "(?m)^  embeddedPort: 2181\\b", "  embeddedPort: " + zkPort);
        if (storeProvider != null) {
            yaml = replaceOnce(yaml, "(?m)^  provider: file\\b", "  provider: " + storeProvider);
        }
        Files.writeString(file, yaml);
    }

    /** Replaces the first match of {@code regex} in conf/broker.yaml, failing when there is none. */
    void editBrokerYaml(String regex, String replacement) throws IOException {
        Path file = home.resolve("conf/broker.yaml");
        Files.writeString(file, replaceOnce(Files.readString(file), regex, replacement));
    }

    static String replaceOnce(String text, String regex, String replacement) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("broker.yaml has %s", regex).isTrue();
        return m.replaceFirst(replacement);
    }

    static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    record Result(int code, String output) {
    }

    Result metaq(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/metaq").toString());
        command.addAll(List.of(args));
        return run(dir, command);
    }

    record AdminResult(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    /** Runs bin/metaq-admin with standard output and standard error apart (logging must not reach stdout). */
    AdminResult admin(String... args) throws Exception {
        return startAdmin(null, args).await();
    }

    /** A bin/metaq-admin process running in the background; {@link #await()} its result. */
    final class AdminProcess {
        private final List<String> command;
        private final Process process;
        private final Path out;
        private final Path err;

        private AdminProcess(List<String> command, Process process, Path out, Path err) {
            this.command = command;
            this.process = process;
            this.out = out;
            this.err = err;
        }

        /** Waits for the tool to exit (killing it after 90 s) and returns its exit code and output. */
        AdminResult await() throws Exception {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish in 90 s; output:\n" + Files.readString(out)
                        + Files.readString(err));
            }
            return new AdminResult(process.exitValue(), Files.readString(out), Files.readString(err));
        }
    }

    /**
     * Starts bin/metaq-admin in the installation directory, standard input from {@code stdin} (null: /dev/null),
     * standard output and standard error to files of their own.
     */
    AdminProcess startAdmin(Path stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/metaq-admin").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "admin", ".out");
        Path err = Files.createTempFile(dir, "admin", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(stdin == null ? new File("/dev/null") : stdin.toFile()));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("METAQ_"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("METAQ_ADMIN_JVM_OPTS", "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        return new AdminProcess(command, pb.start(), out, err);
    }

    /** Runs a command in {@code cwd} with its output (stdout and stderr) in a file under {@link #dir}. */
    Result run(Path cwd, List<String> command) throws Exception {
        return run(dir, cwd, command);
    }

    /** Runs a command with its output (stdout and stderr) in a file, so background children cannot hold a pipe. */
    private static Result run(Path scratch, Path cwd, List<String> command) throws Exception {
        Path out = Files.createTempFile(scratch, "cmd", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("METAQ_"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("METAQ_JVM_OPTS", "-Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        env.put("METAQ_START_TIMEOUT", "60");
        env.put("METAQ_STOP_TIMEOUT", "30");
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in 90 s; output:\n" + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out));
    }
}
