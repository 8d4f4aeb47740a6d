package io.metaq.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RatePacerTest {
    /** A clock that only moves when the pacer sleeps, or when the test says so. */
    static final class FakeClock implements RatePacer.Clock, RatePacer.Sleeper {
        long now = 1_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }

        long slept() {
            return sleeps.stream().mapToLong(Long::longValue).sum();
        }
    }

    @Test
    void permitsFollowAnAbsoluteSchedule() throws Exception {
        FakeClock clock = new FakeClock();
        RatePacer pacer = new RatePacer(1_000, clock, clock);
        long start = clock.now;
        for (int i = 0; i < 1_000; i++) {
            assertThat(pacer.acquire(() -> false)).isTrue();
            assertThat(clock.now).isEqualTo(start + i * 1_000_000L); // permit i at exactly i ms
        }
        assertThat(pacer.issued()).isEqualTo(1_000);
        assertThat(clock.slept()).isEqualTo(999_000_000L);
    }

    @Test
    void fractionalRatesKeepTheirAverage() throws Exception {
        FakeClock clock = new FakeClock();
        RatePacer pacer = new RatePacer(3, clock, clock);
        long start = clock.now;
        for (int i = 0; i < 31; i++) {
            pacer.acquire(() -> false);
        }
        assertThat(clock.now - start).isEqualTo(10_000_000_000L); // 30 intervals of 1/3 s
    }

    @Test
    void aThreadThatFellBehindCatchesUpWithoutSleeping() throws Exception {
        FakeClock clock = new FakeClock();
        RatePacer pacer = new RatePacer(10_000, clock, clock); // one permit per 100 us
        pacer.acquire(() -> false);
        clock.now += TimeUnit.MILLISECONDS.toNanos(50); // a 50 ms pause: 500 permits are due
        int before = clock.sleeps.size();
        for (int i = 0; i < 500; i++) {
            pacer.acquire(() -> false);
        }
        assertThat(clock.sleeps).hasSize(before); // no sleep while catching up
        pacer.acquire(() -> false); // permit 501 is due at 50.1 ms: ahead again
        assertThat(clock.sleeps).hasSize(before + 1);
        assertThat(clock.sleeps.get(before)).isEqualTo(100_000L);
    }

    @Test
    void longWaitsAreSplitSoAStopIsSeen() throws Exception {
        FakeClock clock = new FakeClock();
        RatePacer pacer = new RatePacer(1, clock, clock); // one per second
        pacer.acquire(() -> false);
        pacer.acquire(() -> false);
        assertThat(clock.sleeps).hasSize(10).allMatch(n -> n == RatePacer.MAX_WAIT_NANOS);

        long stopAt = clock.now + 300_000_000L;
        assertThat(pacer.acquire(() -> clock.now >= stopAt)).isFalse();
        assertThat(clock.now).isEqualTo(stopAt);
        assertThat(pacer.issued()).isEqualTo(2);
    }

    @Test
    void unlimitedNeverWaits() throws Exception {
        FakeClock clock = new FakeClock();
        RatePacer pacer = new RatePacer(0, clock, clock);
        for (int i = 0; i < 100_000; i++) {
            assertThat(pacer.acquire(() -> false)).isTrue();
        }
        assertThat(clock.sleeps).isEmpty();
        assertThat(pacer.limited()).isFalse();
        assertThat(pacer.acquire(() -> true)).isFalse();
    }

    @Test
    void rejectsBadRates() {
        FakeClock clock = new FakeClock();
        assertThatThrownBy(() -> new RatePacer(-1, clock, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RatePacer(Double.NaN, clock, clock)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSystemPacerHoldsItsRate() throws Exception {
        RatePacer pacer = RatePacer.create(200);
        long start = System.nanoTime();
        for (int i = 0; i < 41; i++) {
            pacer.acquire(() -> false);
        }
        long took = System.nanoTime() - start;
        assertThat(took).isBetween(TimeUnit.MILLISECONDS.toNanos(195), TimeUnit.MILLISECONDS.toNanos(1_500));
    }
}
