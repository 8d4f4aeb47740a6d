package io.metaq.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.spi.store.AppendResult;
import io.metaq.spi.store.MessageStore;
import io.metaq.spi.store.PartitionLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kill -9 during appends (DESIGN.md §9): a child JVM ({@link CrashAppender}) appends with GROUP flush
 * and prints an ack per completed record; the test kills it at a seeded random moment, reopens the
 * store and checks that every acknowledged record is there, intact and exactly once, that every
 * record in the log verifies, and that appends work again. Runs {@value #SEEDS} random seeds
 * ({@code -Dmetaq.test.seeds=<count>} for more), or only {@code -Dmetaq.test.seed=<n>}.
 */
public abstract class CrashRecoveryTest extends StoreTestSupport {
    private static final int SEEDS = 3;
    private static final long FIRST_ACK_TIMEOUT_MS = 20_000;
    private static final long EXIT_TIMEOUT_SECONDS = 10;

    /** One acknowledged record. */
    record Ack(long seq, long offset, int length) {
    }

    public static Stream<Long> seeds() {
        String fixed = System.getProperty(RandomizedStoreTest.SEED_PROPERTY);
        if (fixed != null && !fixed.isBlank()) {
            return Stream.of(Long.decode(fixed.trim()));
        }
        return LongStream.generate(new SplittableRandom()::nextLong)
                .limit(Integer.getInteger(RandomizedStoreTest.SEEDS_PROPERTY, SEEDS)).boxed();
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("io.metaq.testkit.CrashRecoveryTest#seeds")
    public void killedWhileAppending_everyAckedRecordSurvives(long seed) throws Exception {
        System.out.println(getClass().getSimpleName() + " [" + providerName() + "] seed=" + seed);
        Path storeDir = dataDir.resolve("store");
        Path stderr = dataDir.resolve("child-stderr.log");
        try {
            List<Ack> acks = runAndKill(seed, storeDir, stderr);
            verify(seed, storeDir, acks);
        } catch (Throwable t) {
            throw new AssertionError("crash recovery failed for provider '" + providerName() + "'; reproduce with -D"
                    + RandomizedStoreTest.SEED_PROPERTY + "=" + seed + "\n" + t + "\nchild stderr (tail):\n"
                    + tail(stderr), t);
        }
    }

    private List<Ack> runAndKill(long seed, Path storeDir, Path stderr) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        int targetAcks = 100 + rnd.nextInt(2901);
        long runMs = 200 + rnd.nextInt(1800);
        Files.createDirectories(storeDir);
        ProcessBuilder pb = new ProcessBuilder(javaCommand(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CrashAppender.class.getName(), providerName(),
                storeDir.toString(), Long.toString(seed))
                .redirectError(stderr.toFile());
        String cp = System.getProperty("java.class.path");
        System.out.println("  child classpath: " + cp.split(java.io.File.pathSeparator).length + " entries, first "
                + Path.of(cp.split(java.io.File.pathSeparator)[0]).getFileName());
        Process child = pb.start();
        AckReader reader = new AckReader(child.getInputStream());
        try {
            reader.start();
            long firstAckDeadline = System.currentTimeMillis() + FIRST_ACK_TIMEOUT_MS;
            while (reader.count() == 0 && child.isAlive() && System.currentTimeMillis() < firstAckDeadline) {
                Thread.sleep(5);
            }
            assertThat(reader.count()).as("child acknowledged appends within %d ms", FIRST_ACK_TIMEOUT_MS).isPositive();
            long killAt = System.currentTimeMillis() + runMs;
            while (reader.count() < targetAcks && child.isAlive() && System.currentTimeMillis() < killAt) {
                Thread.sleep(1);
            }
            assertThat(child.isAlive()).as("child still running when it is killed").isTrue();
        } finally {
            child.destroyForcibly();
            boolean exited = child.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(EXIT_TIMEOUT_SECONDS));
            assertThat(exited).as("child exited after SIGKILL").isTrue();
        }
        System.out.println("  killed after " + reader.count() + " acks (target " + targetAcks + ", " + runMs + " ms)");
        return reader.acks();
    }

    private static String javaCommand() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(java)) {
            return java.toString();
        }
        return ProcessHandle.current().info().command().orElseThrow(() -> new AssertionError("no java executable"));
    }

    private void verify(long seed, Path storeDir, List<Ack> acks) {
        MessageStore store = openStore(CrashAppender.storeConfig(storeDir));
        assertThat(store.partitions()).contains(CrashAppender.PARTITION);
        PartitionLog log = store.openPartition(CrashAppender.PARTITION, CrashAppender.logConfig());

        assertThat(log.minOffset()).isZero();
        TestRecords.Scan scan = TestRecords.scan(log, log.minOffset(), log.maxOffset());
        assertThat(scan.corruptOffsets()).as("corrupt records left in the log").isEmpty();
        assertThat(scan.badChecksums()).as("records served with bad checksums").isEmpty();
        Map<Long, TestRecord> byOffset = new HashMap<>();
        Set<Long> seqs = new HashSet<>();
        for (TestRecord r : scan.records()) {
            long seq = CrashAppender.seqOf(r.id());
            assertThat(seqs.add(seq)).as("record seq %d appears once (%s)", seq, r).isTrue();
            assertThat(r).as("record in the log is one the child wrote")
                    .isEqualTo(CrashAppender.recordOf(seed, seq).at(r.offset()));
            byOffset.put(r.offset(), r);
        }
        for (Ack ack : acks) {
            TestRecord found = byOffset.get(ack.offset());
            assertThat(found).as("acknowledged record %s (log end %d)", ack, log.maxOffset()).isNotNull();
            assertThat(found).isEqualTo(CrashAppender.recordOf(seed, ack.seq()).at(ack.offset()));
            assertThat(found.payloadLength()).isEqualTo(ack.length());
        }
        System.out.println("  recovered " + scan.records().size() + " records (" + log.maxOffset() + " bytes, "
                + log.segments().size() + " segments); " + acks.size() + " acked");

        TestRecord extra = CrashAppender.recordOf(seed, 1L << 38);
        AppendResult r = TestRecords.appendNow(log, extra.encode());
        assertThat(r.baseOffset()).isEqualTo(scan.records().isEmpty() ? 0 : scan.records().get(scan.records().size() - 1).end());
        assertThat(log.maxOffset()).isEqualTo(r.nextOffset());
        TestRecords.Scan tail = TestRecords.scan(log, r.baseOffset(), r.nextOffset());
        assertThat(tail.records()).containsExactly(extra.at(r.baseOffset()));
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "(none)";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Collects the child's complete {@code ACK} lines; a line cut off by the kill is ignored. */
    private static final class AckReader extends Thread {
        private final InputStream in;
        private final List<Ack> acks = new ArrayList<>();
        private final List<String> other = new ArrayList<>();

        AckReader(InputStream in) {
            super("ack-reader");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            accept(line.toString(StandardCharsets.US_ASCII));
                            line.reset();
                        } else {
                            line.write(buf[i]);
                        }
                    }
                }
            } catch (IOException e) {
                // the child is gone; whatever was complete has been taken
            }
        }

        private void accept(String line) {
            String[] parts = line.split(" ");
            synchronized (this) {
                if (parts.length == 4 && parts[0].equals("ACK")) {
                    acks.add(new Ack(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Integer.parseInt(parts[3])));
                } else if (other.size() < 100) {
                    other.add(line);
                }
            }
        }

        synchronized int count() {
            return acks.size();
        }

        synchronized List<Ack> acks() {
            return new ArrayList<>(acks);
        }
    }
}
