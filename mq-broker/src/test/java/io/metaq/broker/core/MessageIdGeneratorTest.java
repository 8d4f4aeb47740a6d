package io.metaq.broker.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.SplittableRandom;
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

    // ---------------------------------------------------------------- nextBlock

    private static final long NOW = 1_700_000_000_000L;

    @Test
    void nextBlock_returnsTheFirstOfCountConsecutiveIds_allAboveEarlierOnes() {
        AtomicLong clock = new AtomicLong(NOW);
        MessageIdGenerator g = new MessageIdGenerator(5, clock::get, null);
        long before = g.next();
        long first = g.nextBlock(10);
        assertThat(first).isEqualTo(before + 1);
        assertThat(g.next()).as("the next id follows the block's last").isEqualTo(first + 10);
        for (long id = first; id < first + 10; id++) {
            assertThat((id >> 12) & 1023).isEqualTo(5);
            assertThat(MessageIdGenerator.timeOf(id)).isEqualTo(NOW);
        }
    }

    @Test
    void nextBlock_inAFreshMillisecond_startsAtSequenceZero() {
        AtomicLong clock = new AtomicLong(NOW);
        MessageIdGenerator g = new MessageIdGenerator(1, clock::get, null);
        g.nextBlock(7);
        clock.incrementAndGet();
        long first = g.nextBlock(4096);
        assertThat(first & 4095).isZero();
        assertThat(MessageIdGenerator.timeOf(first)).isEqualTo(NOW + 1);
        assertThat(MessageIdGenerator.timeOf(first + 4095)).as("a full block fits one millisecond").isEqualTo(NOW + 1);
    }

    @Test
    void nextBlock_withTooFewIdsLeftInTheMillisecond_movesToTheNextOne() {
        AtomicLong clock = new AtomicLong(NOW);
        MessageIdGenerator g = new MessageIdGenerator(1, clock::get, null);
        long a = g.nextBlock(4000); // sequences 0..3999 of NOW
        long b = g.nextBlock(90); // 4000..4089: still fits
        assertThat(b).isEqualTo(a + 4000);
        assertThat(MessageIdGenerator.timeOf(b + 89)).isEqualTo(NOW);
        long c = g.nextBlock(7); // only 4090..4095 (6 ids) left: borrow NOW + 1
        assertThat(MessageIdGenerator.timeOf(c)).isEqualTo(NOW + 1);
        assertThat(c & 4095).isZero();
        assertThat(c).isGreaterThan(b + 89);
        long d = g.nextBlock(4090); // 7..4096 would overflow NOW + 1 as well: NOW + 2
        assertThat(MessageIdGenerator.timeOf(d)).isEqualTo(NOW + 2);
        clock.set(NOW + 2); // the clock catches up with the borrowed millisecond: no reuse
        long e = g.nextBlock(6);
        assertThat(e).isEqualTo(d + 4090);
        assertThat(MessageIdGenerator.timeOf(e + 5)).isEqualTo(NOW + 2);
        assertThat(g.next()).as("exactly exhausted: next() moves on").isGreaterThan(e + 5);
    }

    @Test
    void nextBlock_exactlyTheIdsLeft_staysInTheMillisecond() {
        AtomicLong clock = new AtomicLong(NOW);
        MessageIdGenerator g = new MessageIdGenerator(1, clock::get, null);
        long a = g.nextBlock(100);
        long b = g.nextBlock(3996);
        assertThat(b).isEqualTo(a + 100);
        assertThat((b + 3995) & 4095).isEqualTo(4095);
        assertThat(MessageIdGenerator.timeOf(b + 3995)).isEqualTo(NOW);
        long c = g.next();
        assertThat(MessageIdGenerator.timeOf(c)).isEqualTo(NOW + 1);
    }

    @Test
    void nextBlock_mixedWithNext_isStrictlyIncreasingAndUnique_evenWhenTheClockStepsBack() {
        AtomicLong clock = new AtomicLong(NOW);
        MessageIdGenerator g = new MessageIdGenerator(1, clock::get, null);
        SplittableRandom random = new SplittableRandom(7);
        long last = 0;
        for (int i = 0; i < 5_000; i++) {
            int r = random.nextInt(10);
            if (r == 0) {
                clock.addAndGet(random.nextInt(3));
            } else if (r == 1) {
                clock.addAndGet(-random.nextInt(50));
            }
            int count = random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(random.nextBoolean() ? 16 : 4096);
            long first = random.nextBoolean() && count == 1 ? g.next() : g.nextBlock(count);
            // above the previous block's last id, so no id is ever handed out twice
            assertThat(first).as("block %d of %d ids", i, count).isGreaterThan(last);
            long lastOfBlock = first + count - 1;
            assertThat(MessageIdGenerator.timeOf(lastOfBlock)).as("a block never spans milliseconds")
                    .isEqualTo(MessageIdGenerator.timeOf(first));
            last = lastOfBlock;
        }
    }

    @Test
    void nextBlock_afterRestart_staysAboveEveryEarlierId() {
        AtomicLong clock = new AtomicLong(NOW);
        Path hw = dir.resolve("ids");
        MessageIdGenerator first = new MessageIdGenerator(1, clock::get, hw);
        long last = 0;
        for (int i = 0; i < 100; i++) {
            last = first.nextBlock(4096) + 4095; // runs 100 ms ahead of a standing clock
        }
        clock.addAndGet(-60_000);
        MessageIdGenerator second = new MessageIdGenerator(1, clock::get, hw);
        assertThat(second.nextBlock(4096)).isGreaterThan(last);
    }

    @Test
    void nextBlock_countOutside1To4096_isRejected() {
        MessageIdGenerator g = new MessageIdGenerator(1, () -> NOW, null);
        assertThat(MessageIdGenerator.MAX_BLOCK).isEqualTo(4096);
        for (int bad : new int[] {0, -1, 4097, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> g.nextBlock(bad)).as("count %d", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..4096");
        }
        long id = g.nextBlock(1);
        assertThat(g.nextBlock(4096)).as("a rejected call takes no ids").isGreaterThan(id);
    }
}
