package io.metaq.testkit;

import io.metaq.api.TopicPartition;
import io.metaq.spi.ProviderRegistry;
import io.metaq.spi.store.FlushMode;
import io.metaq.spi.store.LogConfig;
import io.metaq.spi.store.MessageStore;
import io.metaq.spi.store.PartitionLog;
import io.metaq.spi.store.StoreConfig;
import io.metaq.spi.store.StoreProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every store test needs: the provider under test (looked up by name through
 * {@link ProviderRegistry}, never by class, so a missing services file fails the tests), a fresh
 * data directory, a controllable clock, and stores that are closed after each test.
 */
public abstract class StoreTestSupport {
    protected static final TopicPartition TP = new TopicPartition("test", 0);
    /** Payload limit of the test stores, smaller than production so the size check is cheap to hit. */
    protected static final int MAX_MESSAGE_SIZE = 256 << 10;

    @TempDir
    protected Path dataDir;

    protected final TestingClock clock = new TestingClock();
    private final List<MessageStore> stores = new ArrayList<>();

    /** The name the provider under test is registered under, e.g. {@code file}. */
    protected abstract String providerName();

    protected final StoreProvider provider() {
        return ProviderRegistry.load(StoreProvider.class, getClass().getClassLoader()).get(providerName());
    }

    /** A config over {@link #dataDir} with the testing clock; tests adjust it further. */
    protected StoreConfig.Builder storeConfig() {
        return StoreConfig.builder(dataDir).clock(clock).maxMessageSize(MAX_MESSAGE_SIZE);
    }

    /** Creates a store that is closed after the test. */
    protected final MessageStore openStore(StoreConfig config) {
        MessageStore store = provider().create(config);
        stores.add(store);
        return store;
    }

    protected final MessageStore openStore() {
        return openStore(storeConfig().build());
    }

    /** Log settings with small segments and no retention. */
    protected static LogConfig logConfig(FlushMode mode, long segmentBytes) {
        return LogConfig.defaults().withSegmentBytes(segmentBytes).withFlushMode(mode).withFlushInterval(1000, 50)
                .withRetention(-1, -1).withIndexIntervalBytes(1024);
    }

    protected final Path partitionDir(TopicPartition tp) {
        return dataDir.resolve(tp.toString());
    }

    protected final Path segmentFile(TopicPartition tp, long baseOffset) {
        return partitionDir(tp).resolve(String.format("%020d.meta", baseOffset));
    }

    protected final Path timeIndexFile(TopicPartition tp, long baseOffset) {
        return partitionDir(tp).resolve(String.format("%020d.timeindex", baseOffset));
    }

    /**
     * Appends {@code batches} batches of 1-3 records with 0-600 byte random payloads (ids counting on
     * from the model's last) and records them in the model; between batches the clock moves
     * {@code minStepMs} to {@code minStepMs + 3} ms.
     */
    protected final void appendTimed(PartitionLog log, LogModel model, int batches, SplittableRandom rnd,
            int minStepMs) {
        long id = model.records().isEmpty() ? 1 : model.records().get(model.records().size() - 1).id() + 1;
        for (int b = 0; b < batches; b++) {
            List<TestRecord> batch = new ArrayList<>();
            int n = 1 + rnd.nextInt(3);
            for (int k = 0; k < n; k++) {
                batch.add(TestRecord.of(id++, TestRecords.randomPayload(rnd, rnd.nextInt(600))));
            }
            model.appended(batch, TestRecords.appendNow(log, TestRecords.batch(batch)));
            clock.advance(minStepMs == 0 ? 0 : minStepMs + rnd.nextInt(4));
        }
    }

    @AfterEach
    public final void closeStores() {
        for (MessageStore s : stores) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // a test that already closed the store or broke it on purpose; the test result says what matters
            }
        }
        stores.clear();
    }
}
