package io.metaq.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaq.client.ClientException;
import io.metaq.client.Partition;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommittedOffsetTest {
    @TempDir
    Path dir;

    @Test
    void parsesTheOriginalFormsIncludingANegativeId() {
        assertThat(OffsetStore.Committed.parse("-5468925145940754432-2088000"))
                .isEqualTo(new OffsetStore.Committed(-5468925145940754432L, 2088000));
        assertThat(OffsetStore.Committed.parse("123-456")).isEqualTo(new OffsetStore.Committed(123, 456));
        assertThat(OffsetStore.Committed.parse("789\n")).isEqualTo(new OffsetStore.Committed(-1, 789));
        assertThat(new OffsetStore.Committed(-1, 20).format()).isEqualTo("-1-20");
        assertThat(OffsetStore.Committed.parse("-1-20")).isEqualTo(new OffsetStore.Committed(-1, 20));
    }

    @Test
    void rejectsGarbageNamingIt() {
        assertThatThrownBy(() -> OffsetStore.Committed.parse("12-x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12-x");
    }

    @Test
    void fileStoreKeepsOffsetsAcrossInstances() {
        FileOffsetStore store = new FileOffsetStore(dir, "g");
        assertThat(store.load("t", new Partition(0, 1))).isEmpty();
        store.commit("t", new Partition(0, 1), new OffsetStore.Committed(7, 100));
        store.commit("t", new Partition(1, 0), new OffsetStore.Committed(8, 200));
        store.commit("t", new Partition(0, 1), new OffsetStore.Committed(9, 300));
        FileOffsetStore again = new FileOffsetStore(dir, "g");
        assertThat(again.load("t", new Partition(0, 1))).contains(new OffsetStore.Committed(9, 300));
        assertThat(again.load("t", new Partition(1, 0))).contains(new OffsetStore.Committed(8, 200));
        assertThat(again.load("u", new Partition(0, 1))).isEmpty();
        assertThat(dir.resolve("g.offsets.tmp")).doesNotExist();
    }

    @Test
    void fileStoreNamesTheFileOfABadEntry() throws Exception {
        Files.writeString(dir.resolve("g.offsets"), "t/0-0=oops\n");
        FileOffsetStore store = new FileOffsetStore(dir, "g");
        assertThatThrownBy(() -> store.load("t", new Partition(0, 0))).isInstanceOf(ClientException.class)
                .hasMessageContaining("g.offsets").hasMessageContaining("oops");
    }
}
