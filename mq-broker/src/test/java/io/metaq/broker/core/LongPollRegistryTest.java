package io.metaq.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.api.TopicPartition;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LongPollRegistryTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    /** Runs a hook inside schedule(): an append waking the partition while a fetch is being parked. */
    private static final class RacingTimer extends ScheduledThreadPoolExecutor {
        volatile Runnable duringSchedule;

        RacingTimer() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            Runnable hook = duringSchedule;
            if (hook != null) {
                duringSchedule = null;
                hook.run();
            }
            return super.schedule(command, delay, unit);
        }
    }

    private final RacingTimer timer = new RacingTimer();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aWakeWhileAFetchIsBeingParkedAnswersEveryWaitingFetch() {
        LongPollRegistry registry = new LongPollRegistry(timer, 100, 100);
        AtomicInteger woken = new AtomicInteger();
        AtomicInteger expired = new AtomicInteger();
        registry.park(TP, new LongPollRegistry.Parked(1, 10, woken::incrementAndGet, expired::incrementAndGet), 60_000);
        timer.duringSchedule = () -> registry.wake(TP, 100);
        registry.park(TP, new LongPollRegistry.Parked(2, 10, woken::incrementAndGet, expired::incrementAndGet), 60_000);
        assertThat(woken.get()).isEqualTo(2);
        assertThat(expired.get()).isZero();
    }

    @Test
    void aFailingWakeCallbackDoesNotStrandTheOthers() {
        LongPollRegistry registry = new LongPollRegistry(timer, 100, 100);
        AtomicInteger woken = new AtomicInteger();
        registry.park(TP, new LongPollRegistry.Parked(1, 10, () -> {
            throw new IllegalStateException("boom");
        }, () -> { }), 60_000);
        registry.park(TP, new LongPollRegistry.Parked(2, 10, woken::incrementAndGet, () -> { }), 60_000);
        try {
            registry.wake(TP, 100);
        } catch (IllegalStateException expected) {
            // reported after every fetch was answered
        }
        assertThat(woken.get()).isEqualTo(1);
    }

    @Test
    void expiresWhenNothingArrivesAndRespectsLimits() throws Exception {
        LongPollRegistry registry = new LongPollRegistry(timer, 2, 1);
        AtomicInteger expired = new AtomicInteger();
        assertThat(registry.park(TP, new LongPollRegistry.Parked(1, 10, () -> { }, expired::incrementAndGet), 10))
                .isTrue();
        assertThat(registry.park(TP, new LongPollRegistry.Parked(1, 10, () -> { }, () -> { }), 10))
                .as("second fetch of one connection over the per-connection limit").isFalse();
        org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> expired.get() == 1);
        registry.wake(TP, 100); // nothing left to wake
        assertThat(expired.get()).isEqualTo(1);
    }
}
