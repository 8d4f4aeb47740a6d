package io.metaq.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RangeAssignorTest {
    private static final List<String> PARTS = List.of("0-0", "0-1", "0-2", "0-3", "1-0", "1-1", "1-2");

    @Test
    void firstConsumersTakeTheExtraPartitions() {
        List<String> consumers = List.of("g_a", "g_b", "g_c");
        assertThat(RangeAssignor.assign("g_a", consumers, PARTS)).containsExactly("0-0", "0-1", "0-2");
        assertThat(RangeAssignor.assign("g_b", consumers, PARTS)).containsExactly("0-3", "1-0");
        assertThat(RangeAssignor.assign("g_c", consumers, PARTS)).containsExactly("1-1", "1-2");
    }

    @Test
    void everyPartitionHasExactlyOneOwnerForAnyGroupSize() {
        for (int n = 1; n <= 10; n++) {
            List<String> consumers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                consumers.add("g_" + i);
            }
            List<String> all = new ArrayList<>();
            for (String c : consumers) {
                List<String> mine = RangeAssignor.assign(c, consumers, PARTS);
                assertThat(mine.size()).isBetween(PARTS.size() / n, PARTS.size() / n + 1);
                all.addAll(mine);
            }
            assertThat(all).containsExactlyElementsOf(PARTS);
            Set<String> unique = new HashSet<>(all);
            assertThat(unique).hasSize(PARTS.size());
        }
    }

    @Test
    void moreConsumersThanPartitionsLeavesTheLastOnesIdle() {
        List<String> consumers = List.of("a", "b", "c");
        assertThat(RangeAssignor.assign("a", consumers, List.of("0-0", "0-1"))).containsExactly("0-0");
        assertThat(RangeAssignor.assign("b", consumers, List.of("0-0", "0-1"))).containsExactly("0-1");
        assertThat(RangeAssignor.assign("c", consumers, List.of("0-0", "0-1"))).isEmpty();
    }

    @Test
    void aConsumerNotInTheListGetsNothing() {
        assertThat(RangeAssignor.assign("x", List.of("a"), PARTS)).isEmpty();
        assertThat(RangeAssignor.assign("x", List.of(), PARTS)).isEmpty();
    }
}
