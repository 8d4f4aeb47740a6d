package io.metaq.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.spi.store.AppendResult;
import io.metaq.spi.store.FlushMode;
import io.metaq.spi.store.LogConfig;
import io.metaq.spi.store.MessageStore;
import io.metaq.spi.store.PartitionLog;
import io.metaq.spi.store.ReadResult;
import io.metaq.spi.store.ReadResult.Status;
import io.metaq.spi.store.ReadView;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random sequences of appends, reads, offset lookups, close/reopen and retention, checked
 * step by step against a {@link LogModel}. Runs {@value #SEEDS} random seeds ({@code -Dmetaq.test.seeds=<count>}
 * for more), or only the one given with {@code -Dmetaq.test.seed=<n>}; a failure names its seed.
 */
public abstract class RandomizedStoreTest extends StoreTestSupport {
    public static final String SEED_PROPERTY = "metaq.test.seed";
    /** How many random seeds to run when no seed is given (default {@value #SEEDS}). */
    public static final String SEEDS_PROPERTY = "metaq.test.seeds";
    private static final int SEEDS = 5;
    private static final int MAX_OPERATIONS = 600;
    private static final long TIME_BUDGET_MS = 2500;
    /** The clock moves in steps of this, and retention periods end in half of it, so no age ties. */
    private static final long TICK = 10;

    public static Stream<Long> seeds() {
        String fixed = System.getProperty(SEED_PROPERTY);
        if (fixed != null && !fixed.isBlank()) {
            return Stream.of(Long.decode(fixed.trim()));
        }
        return LongStream.generate(new SplittableRandom()::nextLong).limit(Integer.getInteger(SEEDS_PROPERTY, SEEDS))
                .boxed();
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("io.metaq.testkit.RandomizedStoreTest#seeds")
    public void randomOperations_matchModel(long seed) {
        System.out.println(getClass().getSimpleName() + " [" + providerName() + "] seed=" + seed);
        try {
            new Run(seed).execute();
        } catch (Throwable t) {
            throw new AssertionError("randomized store test failed for provider '" + providerName()
                    + "'; reproduce with -D" + SEED_PROPERTY + "=" + seed + "\n" + t, t);
        }
    }

    /** One seeded sequence. */
    private final class Run {
        private final long seed;
        private final SplittableRandom rnd;
        private final LogConfig config;
        private final LogModel model;
        private final List<String> history = new ArrayList<>();
        private MessageStore store;
        private PartitionLog log;
        private long nextId = 1;

        Run(long seed) {
            this.seed = seed;
            this.rnd = new SplittableRandom(seed);
            FlushMode mode = rnd.nextBoolean() ? FlushMode.GROUP : FlushMode.INTERVAL;
            long segmentBytes = 4096 + rnd.nextInt(60 << 10);
            long retentionBytes = rnd.nextInt(3) == 0 ? -1 : segmentBytes * (2 + rnd.nextInt(4));
            long retentionMs = rnd.nextBoolean() ? -1 : TICK * (50 + rnd.nextInt(300)) + TICK / 2;
            this.config = LogConfig.defaults().withSegmentBytes(segmentBytes).withFlushMode(mode)
                    .withFlushInterval(1 + rnd.nextInt(50), 20).withRetention(retentionMs, retentionBytes)
                    .withIndexIntervalBytes(256 + rnd.nextInt(4096));
            this.model = new LogModel(segmentBytes);
        }

        void execute() {
            note("config " + config);
            open();
            long deadline = System.currentTimeMillis() + TIME_BUDGET_MS;
            for (int op = 0; op < MAX_OPERATIONS && System.currentTimeMillis() < deadline; op++) {
                int dice = rnd.nextInt(100);
                try {
                    if (dice < 45) {
                        append();
                    } else if (dice < 72) {
                        readAtBoundary();
                    } else if (dice < 77) {
                        readInsideRecord();
                    } else if (dice < 82) {
                        readOutOfRange();
                    } else if (dice < 86) {
                        nearestOffset();
                    } else if (dice < 90) {
                        offsetForTime();
                    } else if (dice < 93) {
                        reopen();
                    } else {
                        retention();
                    }
                } catch (Throwable t) {
                    throw new AssertionError("operation #" + op + " failed: " + t + "\nlast steps:\n  "
                            + String.join("\n  ", history.subList(Math.max(0, history.size() - 15), history.size())),
                            t);
                }
            }
            StoreAssertions.assertLogMatches(log, model);
            reopen();
        }

        private void note(String step) {
            history.add(step);
        }

        private void open() {
            store = openStore();
            log = store.openPartition(TP, config);
        }

        private int payloadSize() {
            int kind = rnd.nextInt(100);
            return kind < 70 ? rnd.nextInt(257) : kind < 95 ? 256 + rnd.nextInt(1793) : 2048 + rnd.nextInt(6145);
        }

        private List<TestRecord> newBatch() {
            int n = rnd.nextInt(10) < 6 ? 1 : 2 + rnd.nextInt(5);
            List<TestRecord> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(new TestRecord(-1, nextId++, rnd.nextInt(4) * 2, TestRecords.randomPayload(rnd, payloadSize())));
            }
            return batch;
        }

        /** One to four batches sent back to back, then awaited in order. */
        private void append() {
            int pipelined = 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(4) : 0);
            List<List<TestRecord>> batches = new ArrayList<>();
            List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
            for (int i = 0; i < pipelined; i++) {
                List<TestRecord> batch = newBatch();
                batches.add(batch);
                futures.add(log.append(TestRecords.batch(batch)));
            }
            for (int i = 0; i < pipelined; i++) {
                AppendResult r = TestRecords.await(futures.get(i), "append");
                note("append " + batches.get(i).size() + " records -> " + r);
                model.appended(batches.get(i), r);
                assertThat(log.maxOffset()).as("maxOffset after a completed append").isGreaterThanOrEqualTo(r.nextOffset());
            }
            clock.advance(TICK * rnd.nextInt(5));
        }

        private long randomBoundary() {
            List<TestRecord> records = model.records();
            int i = rnd.nextInt(records.size() + 1);
            return i == records.size() ? model.end() : records.get(i).offset();
        }

        private int randomMaxBytes() {
            int kind = rnd.nextInt(3);
            return 1 + (kind == 0 ? rnd.nextInt(64) : kind == 1 ? rnd.nextInt(4096) : rnd.nextInt(100_000));
        }

        private void readAtBoundary() {
            long offset = randomBoundary();
            int maxBytes = randomMaxBytes();
            ReadResult r = log.read(offset, maxBytes);
            note("read " + offset + " max " + maxBytes + " -> " + r);
            if (offset == model.end()) {
                assertThat(r.status()).isEqualTo(Status.AT_END);
                assertThat(r.nextOffset()).isEqualTo(model.end());
                return;
            }
            assertThat(r.status()).isEqualTo(Status.DATA);
            try (ReadView v = r.view()) {
                long segmentEnd = model.segmentOf(offset).end();
                long limit = Math.min(segmentEnd, offset + maxBytes);
                long wholeRecords = offset;
                for (TestRecord rec : model.records()) {
                    if (rec.offset() >= offset && rec.end() <= limit) {
                        wholeRecords = rec.end();
                    }
                }
                assertThat(v.offset()).isEqualTo(offset);
                assertThat(v.size()).isLessThanOrEqualTo(maxBytes).isPositive()
                        .isGreaterThanOrEqualTo((int) (wholeRecords - offset));
                assertThat(v.endOffset()).as("view stays within its segment").isLessThanOrEqualTo(segmentEnd);
                assertThat(r.nextOffset()).isEqualTo(v.endOffset());
                byte[] expected = TestRecords.logBytes(model.records(), offset, v.endOffset());
                assertThat(TestRecords.bytes(v)).isEqualTo(expected);
                if (rnd.nextInt(4) == 0) {
                    assertThat(TestRecords.transferred(v, 0, v.size())).isEqualTo(expected);
                }
            }
        }

        private void readInsideRecord() {
            List<TestRecord> records = model.records();
            if (records.isEmpty()) {
                return;
            }
            TestRecord rec = records.get(rnd.nextInt(records.size()));
            long offset = rec.offset() + 1 + rnd.nextInt(rec.size() - 1);
            ReadResult r = log.read(offset, randomMaxBytes());
            note("read inside " + rec + " at " + offset + " -> " + r);
            assertThat(r.status()).isEqualTo(Status.NOT_A_BOUNDARY);
            assertThat(r.nextOffset()).isEqualTo(model.segmentOf(offset).base());
        }

        private void readOutOfRange() {
            boolean below = rnd.nextBoolean();
            long offset = below ? (model.min() > 0 ? rnd.nextLong(model.min()) : -1 - rnd.nextInt(1000))
                    : model.end() + 1 + rnd.nextInt(100_000);
            ReadResult r = log.read(offset, randomMaxBytes());
            note("read out of range " + offset + " -> " + r);
            assertThat(r.status()).isEqualTo(Status.OUT_OF_RANGE);
            assertThat(r.nextOffset()).isEqualTo(below ? model.min() : model.end());
        }

        private void nearestOffset() {
            long offset = model.min() - 10 + rnd.nextLong(model.end() - model.min() + 20);
            long expected = offset >= model.end() ? model.end()
                    : offset < model.min() ? model.min() : model.segmentOf(offset).base();
            note("nearestOffset " + offset);
            assertThat(log.nearestOffset(offset)).as("nearestOffset(%d)", offset).isEqualTo(expected);
        }

        private void offsetForTime() {
            if (model.records().isEmpty()) {
                return;
            }
            long first = model.appendTime(0);
            long last = model.appendTime(model.records().size() - 1);
            long t = first - 5 + rnd.nextLong(last - first + 10);
            note("offsetForTime " + t);
            StoreAssertions.assertOffsetForTime(log, model, t, config.indexIntervalBytes() + model.maxBatchBytes());
        }

        private void reopen() {
            note("close and reopen");
            store.close();
            open();
            StoreAssertions.assertLogMatches(log, model);
        }

        private void retention() {
            long now = clock.advance(TICK * rnd.nextInt(100));
            note("retention at " + now);
            store.enforceRetention();
            int deleted = model.retain(now, config.retentionMs(), config.retentionBytes());
            note("  model deleted " + deleted + " segments; min now " + model.min());
            assertThat(log.minOffset()).as("minOffset after retention").isEqualTo(model.min());
            model.assertSegments(log.segments());
        }

        @Override
        public String toString() {
            return "Run[seed=" + seed + "]";
        }
    }
}
