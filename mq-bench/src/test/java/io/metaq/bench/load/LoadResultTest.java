package io.metaq.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadResultTest {
    @Test
    void printsTheSixLinesFirstThenTheExtras() {
        LoadResult r = new LoadResult("produce", 1_000_000, 1_024_000_000L, 8_000_000_000L, 3, 1_234, 15_600, 99_999,
                250_000, true);
        assertThat(r.lines()).containsExactly(
                "msgs_per_s=125000",
                "mb_per_s=122.1",
                "p50_ms=1.234",
                "p99_ms=15.600",
                "p999_ms=99.999",
                "errors=3",
                "mode=produce",
                "messages=1000000",
                "elapsed_s=8.000",
                "max_ms=250.000",
                "complete=true");
    }

    @Test
    void nothingMeasuredGivesZeros() {
        LoadResult r = LoadResult.of("consume", 0, 0, 0, 10, null, false);
        assertThat(r.lines()).startsWith("msgs_per_s=0", "mb_per_s=0.0", "p50_ms=0.000", "p99_ms=0.000",
                "p999_ms=0.000", "errors=10");
        assertThat(LoadResult.of("consume", 5, 5, 1_000, 0, new Histogram(3), true).p99Micros()).isZero();
    }

    @Test
    void percentilesComeFromTheHistogramInMicroseconds() {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i); // 1 us .. 1 ms, all exact at 3 significant digits
        }
        LoadResult r = LoadResult.of("e2e", 1000, 1000 * 64, 2_000_000_000L, 0, h, true);
        List<String> lines = r.lines();
        assertThat(lines.get(0)).isEqualTo("msgs_per_s=500");
        assertThat(lines.get(1)).isEqualTo("mb_per_s=0.0");
        assertThat(lines.get(2)).isEqualTo("p50_ms=0.500");
        assertThat(lines.get(3)).isEqualTo("p99_ms=0.990");
        assertThat(lines.get(4)).isEqualTo("p999_ms=0.999");
        assertThat(lines).contains("max_ms=1.000", "elapsed_s=2.000", "complete=true");
    }

    @Test
    void everyLineIsNameEqualsValue() {
        assertThat(LoadResult.of("e2e", 1, 1, 1, 0, null, true).lines())
                .allMatch(l -> l.matches("[a-z0-9_]+=[^=\\s]+"));
    }
}
