package io.metaq.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.spi.filter.FilterProvider;
import io.metaq.spi.filter.MessageFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One filter instance used from several threads gives the same answers as from one. */
class ConcurrentFilterTest {
    static List<Arguments> filters() {
        return List.of(
                Arguments.of(new AttributeFilterProvider(), new String[] {"match", "regex", "value", "a.*,k=\\d*[02468]"}),
                Arguments.of(new AttributeFilterProvider(), new String[] {"match", "prefix", "value", "a3,"}),
                Arguments.of(new TagsFilterProvider(), new String[] {"anyOf", "a2,a4,a6", "where", "k=0"}),
                Arguments.of(new ExpressionFilterProvider(),
                        new String[] {"expr", "(int(props.k) % 3 == 0 || \"a1\" in tags) && size % 2 == 0 && id > 0"}));
    }

    @ParameterizedTest
    @MethodSource("filters")
    void sameAnswersFromManyThreads(FilterProvider provider, String[] params) throws Exception {
        MessageFilter filter = provider.create(Filters.config(params));
        int n = 2_000;
        List<TestMessage> messages = new ArrayList<>(n);
        boolean[] expected = new boolean[n];
        for (int i = 0; i < n; i++) {
            messages.add(new TestMessage(i + 1, "a" + (i % 10) + ",k=" + (i % 7), i % 5));
            expected[i] = filter.accept(TestMessage.CONTEXT, messages.get(i));
        }
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * 37;
                results.add(pool.submit(() -> {
                    start.await();
                    int mismatches = 0;
                    for (int round = 0; round < 5; round++) {
                        for (int j = 0; j < n; j++) {
                            int i = (j + offset) % n;
                            if (filter.accept(TestMessage.CONTEXT, messages.get(i)) != expected[i]) {
                                mismatches++;
                            }
                        }
                    }
                    return mismatches;
                }));
            }
            start.countDown();
            for (Future<Integer> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        int accepted = 0;
        for (boolean b : expected) {
            accepted += b ? 1 : 0;
        }
        assertThat(accepted).as("the filter neither accepts nor rejects everything").isBetween(1, n - 1);
        filter.close();
    }
}
