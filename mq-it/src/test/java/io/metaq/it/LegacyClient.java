package io.metaq.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs the original MetaQ 1.4.6.2 Java client in a child JVM through {@code io.metaq.it.legacy.LegacyClientMain}
 * (module {@code mq-it-legacy-client}), so its ZooKeeper 3.4 / zkclient / gecko / log4j 1.2 class path never
 * meets ours.
 *
 * <p>The child's class path is the driver's classes ({@code -Dmetaq.legacy.classes}) plus the contents of
 * {@code -Dmetaq.legacy.classpath} (the file mq-it-legacy-client's build writes), both set by failsafe in
 * mq-it's pom. Java is {@code java.home}'s. Every child gets {@code --zk} and a {@code --timeout-ms} deadline
 * it enforces itself; the parent enforces the same deadline plus a grace period and then kills it.
 * {@link #close()} kills every child this instance started that is still alive.
 */
public final class LegacyClient implements AutoCloseable {

    /** Added to a child's own deadline before the parent kills it. */
    static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private final String zkConnect;
    private final Path workDir;
    private final List<String> classPath;
    private final List<LegacyRun> runs = new CopyOnWriteArrayList<>();

    /**
     * @param zkConnect ZooKeeper the old client discovers brokers through
     * @param workDir   scratch directory for the client's local recover store and the children's stderr logs
     */
    public LegacyClient(String zkConnect, Path workDir) {
        this.zkConnect = Objects.requireNonNull(zkConnect, "zkConnect is null");
        this.workDir = Objects.requireNonNull(workDir, "workDir is null");
        this.classPath = resolveClassPath();
    }

    /** Runs a command to its end (or kills it after {@code timeout} + grace) and returns its output. */
    public LegacyOutput.Result run(Duration timeout, String command, String... args) {
        try (LegacyRun run = start(timeout, command, args)) {
            return run.awaitExit(timeout.plus(KILL_GRACE));
        }
    }

    /** Starts a command and returns at once; the child stops by itself after {@code timeout}. */
    public LegacyRun start(Duration timeout, String command, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1"); // functional tests: start fast, never benchmark through this
        cmd.add("-Djava.net.preferIPv4Stack=true");
        cmd.add("-Dmeta.recover.path=" + workDir.resolve("meta_recover"));
        cmd.add("-cp");
        cmd.add(String.join(java.io.File.pathSeparator, classPath));
        cmd.add("io.metaq.it.legacy.LegacyClientMain");
        cmd.add(command);
        cmd.add("--zk");
        cmd.add(zkConnect);
        cmd.add("--timeout-ms");
        cmd.add(Long.toString(timeout.toMillis()));
        cmd.addAll(List.of(args));
        try {
            Files.createDirectories(workDir);
            LegacyRun run = LegacyRun.launch(cmd, workDir, command + "-" + (runs.size() + 1));
            runs.add(run);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + cmd, e);
        }
    }

    public String zkConnect() {
        return zkConnect;
    }

    /** Kills every child still running. */
    @Override
    public void close() {
        for (LegacyRun run : runs) {
            run.close();
        }
        runs.clear();
    }

    private static List<String> resolveClassPath() {
        String classes = System.getProperty("metaq.legacy.classes");
        String cpFile = System.getProperty("metaq.legacy.classpath");
        if (classes == null || cpFile == null) {
            throw new IllegalStateException("system properties metaq.legacy.classes and metaq.legacy.classpath "
                    + "must be set (mq-it's failsafe configuration does it; build mq-it-legacy-client first)");
        }
        Path classesPath = Path.of(classes);
        Path cpPath = Path.of(cpFile);
        if (!Files.exists(classesPath) || !Files.isRegularFile(cpPath)) {
            throw new IllegalStateException("legacy client not built: " + classesPath + " or " + cpPath
                    + " missing; run the reactor with -pl mq-it-legacy-client,mq-it");
        }
        try {
            List<String> cp = new ArrayList<>();
            cp.add(classesPath.toString());
            for (String e : Files.readString(cpPath).trim().split(java.io.File.pathSeparator)) {
                if (!e.isBlank()) {
                    cp.add(e.trim());
                }
            }
            return List.copyOf(cp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
