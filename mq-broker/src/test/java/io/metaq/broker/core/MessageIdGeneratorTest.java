package io.metaq.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageIdGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void ids_carryTheBrokerIdAndTheirMillisecond() {
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        MessageIdGenerator g = new MessageIdGenerator(77, clock::get, null);
        long id = g.next();
        assertThat((id >> 12) & 1023).isEqualTo(77);
        assertThat(MessageIdGenerator.timeOf(id)).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void ids_stayUniqueAndIncreasing_whenTheClockStepsBackOrStands() {
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        MessageIdGenerator g = new MessageIdGenerator(1, clock::get, null);
        Set<Long> seen = new HashSet<>();
        long last = 0;
        for (int i = 0; i < 20_000; i++) {
            if (i == 10_000) {
                clock.addAndGet(-5_000);
            }
            long id = g.next();
            assertThat(id).isGreaterThan(last);
            assertThat(seen.add(id)).isTrue();
            last = id;
        }
    }

    @Test
    void ids_afterRestartWithAClockBehind_stayAboveEveryEarlierId() {
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        Path hw = dir.resolve("ids");
        long before = 0;
        MessageIdGenerator first = new MessageIdGenerator(1, clock::get, hw);
        for (int i = 0; i < 1000; i++) {
            before = first.next();
        }
        clock.addAndGet(-60_000);
        MessageIdGenerator second = new MessageIdGenerator(1, clock::get, hw);
        assertThat(second.next()).isGreaterThan(before);
    }
}
