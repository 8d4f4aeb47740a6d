package io.metaq.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PayloadTest {
    @Test
    void theHeaderRoundTrips() {
        byte[] filler = Payload.filler(1024);
        byte[] p = Payload.create(filler, 42L, 7L, 1_700_000_000_123_456L);
        assertThat(p).hasSize(1024);
        assertThat(Payload.stamped(p)).isTrue();
        assertThat(Payload.sendMicros(p)).isEqualTo(1_700_000_000_123_456L);
        assertThat(Payload.runId(p)).isEqualTo(42L);
        assertThat(Payload.sequence(p)).isEqualTo(7L);
        assertThat(new String(p, 8, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("MQLOADTS");
        assertThat(p[1023]).isEqualTo(filler[1023]);
        assertThat(filler[0]).isEqualTo((byte) 'a'); // the filler itself is not touched
    }

    @Test
    void smallPayloadsAreFillerOnly() {
        byte[] p = Payload.create(Payload.filler(31), 1, 2, 3);
        assertThat(Payload.stamped(p)).isFalse();
        assertThat(Payload.stamped(new byte[64])).isFalse();
        assertThat(Payload.stamped(Payload.create(Payload.filler(32), 1, 2, 3))).isTrue();
    }

    @Test
    void theClockIsInEpochMicroseconds() {
        long micros = MicrosClock.nowMicros();
        assertThat(micros / 1000).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(1_000L));
        long t = System.nanoTime();
        assertThat(MicrosClock.micros(t + 5_000_000) - MicrosClock.micros(t)).isEqualTo(5_000);
    }

    @Test
    void bitsAreSetOnce() {
        ConcurrentBits bits = new ConcurrentBits(130);
        assertThat(bits.set(129)).isTrue();
        assertThat(bits.set(129)).isFalse();
        assertThat(bits.get(129)).isTrue();
        assertThat(bits.get(128)).isFalse();
        assertThat(bits.words()).isEqualTo(3);
        assertThat(bits.word(2)).isEqualTo(2L);
    }
}
