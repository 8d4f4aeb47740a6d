package io.metaq.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaq.client.ClientException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ByteBudgetTest {
    @Test
    void blocksWhenFullThenFailsNamingTheWait() {
        ByteBudget budget = new ByteBudget(100);
        budget.acquire(80, 0);
        assertThatThrownBy(() -> budget.acquire(30, 50)).isInstanceOf(ClientException.class)
                .hasMessageContaining("buffer full").hasMessageContaining("50 ms");
        assertThat(budget.used()).isEqualTo(80);
    }

    @Test
    void releaseWakesAWaitingSender() throws Exception {
        ByteBudget budget = new ByteBudget(100);
        budget.acquire(100, 0);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> budget.acquire(50, 10_000));
        Thread.sleep(50);
        assertThat(waiting).isNotDone();
        budget.release(100);
        waiting.get(5, TimeUnit.SECONDS);
        assertThat(budget.used()).isEqualTo(50);
    }

    @Test
    void aRequestLargerThanTheBudgetPassesWhenNothingIsHeld() {
        ByteBudget budget = new ByteBudget(10);
        budget.acquire(1000, 0);
        assertThat(budget.used()).isEqualTo(1000);
    }
}
