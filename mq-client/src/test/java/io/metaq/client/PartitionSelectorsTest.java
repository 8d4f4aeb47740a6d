package io.metaq.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.api.Message;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionSelectorsTest {
    private static final List<Partition> PARTS = List.of(new Partition(0, 0), new Partition(0, 1), new Partition(1, 0),
            new Partition(1, 1));
    private static final Message M = new Message("t", new byte[1]);

    @Test
    void roundRobinVisitsEveryPartitionInTurn() {
        PartitionSelector s = PartitionSelectors.roundRobin();
        for (int round = 0; round < 3; round++) {
            for (Partition p : PARTS) {
                assertThat(s.select("t", PARTS, M, null)).isEqualTo(p);
            }
        }
    }

    @Test
    void keyHashIsStablePerKeyAndSpreadsKeys() {
        PartitionSelector s = PartitionSelectors.keyHash();
        Map<String, Partition> first = new HashMap<>();
        Set<Partition> used = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String key = "order-" + i;
            Partition p = s.select("t", PARTS, M, key);
            first.put(key, p);
            used.add(p);
        }
        for (int i = 0; i < 200; i++) {
            assertThat(s.select("t", PARTS, M, "order-" + i)).isEqualTo(first.get("order-" + i));
        }
        assertThat(used).containsExactlyInAnyOrderElementsOf(PARTS);
    }

    @Test
    void partitionNamesRoundTrip() {
        assertThat(Partition.parse("12-3")).isEqualTo(new Partition(12, 3));
        assertThat(new Partition(12, 3)).hasToString("12-3");
        assertThat(new Partition(2, 0).compareTo(new Partition(10, 0))).isNegative();
    }
}
