package io.metaq.broker.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.api.record.PayloadCodec;
import io.metaq.api.record.RecordFormat;
import io.metaq.spi.filter.FilterContext;
import io.metaq.spi.filter.MessageFilter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterScannerTest {
    private static final FilterContext CONTEXT = new FilterContext("t", "g", 0);
    private final FilterScanner scanner = new FilterScanner(Long.MAX_VALUE, Integer.MAX_VALUE);

    /** Records "text" or "text@attribute", ids 100, 101, ... */
    private static ByteBuffer records(String... specs) {
        ByteBuffer b = ByteBuffer.allocate(4096);
        long id = 100;
        for (String s : specs) {
            int at = s.indexOf('@');
            String attribute = at < 0 ? null : s.substring(at + 1);
            byte[] data = (at < 0 ? s : s.substring(0, at)).getBytes(StandardCharsets.UTF_8);
            RecordFormat.write(b, id++, PayloadCodec.flagFor(attribute),
                    ByteBuffer.wrap(PayloadCodec.encode(data, attribute)));
        }
        return b.flip();
    }

    private static MessageFilter startsWith(String prefix) {
        return (c, m) -> StandardCharsets.UTF_8.decode(m.data()).toString().startsWith(prefix);
    }

    @Test
    void theViewShowsEachRecordInPlace() {
        ByteBuffer buf = records("hello@eu", "plain");
        List<String> seen = new ArrayList<>();
        scanner.scan(buf, 1000, (c, m) -> {
            seen.add(m.id() + " " + m.flag() + " " + m.attribute() + " " + m.dataSize() + " " + m.offset() + " "
                    + StandardCharsets.UTF_8.decode(m.data()));
            return true;
        }, CONTEXT, false);
        assertThat(seen).containsExactly("100 1 eu 5 1000 hello", "101 0 null 5 1031 plain");
        assertThat(buf.position()).isZero();
    }

    @Test
    void leadingRun_stopsAtTheFirstRejectedRecord() {
        FilterScanner.Result r = scanner.scan(records("a1", "a2", "b1", "a3"), 0, startsWith("a"), CONTEXT, false);
        assertThat(r.acceptedEnd()).isEqualTo(44);
        assertThat(r.nextAccepted()).isEqualTo(-1);
        assertThat(r.records()).isEqualTo(3);
    }

    @Test
    void rejectedFirst_findsTheNextAccepted() {
        FilterScanner.Result r = scanner.scan(records("b1", "b2", "a1"), 0, startsWith("a"), CONTEXT, false);
        assertThat(r.acceptedEnd()).isZero();
        assertThat(r.nextAccepted()).isEqualTo(44);
    }

    @Test
    void noneAccepted_endsAtTheLastWholeRecord() {
        ByteBuffer buf = records("b1", "b2", "b3");
        buf.limit(buf.limit() - 5); // the last record cut short
        FilterScanner.Result r = scanner.scan(buf, 0, startsWith("a"), CONTEXT, false);
        assertThat(r.acceptedEnd()).isZero();
        assertThat(r.nextAccepted()).isEqualTo(-1);
        assertThat(r.wholeEnd()).isEqualTo(44);
        assertThat(r.rejected()).isEqualTo(2);
    }

    @Test
    void aThrowingFilter_getsThePolicy_andTheErrorIsKept() {
        MessageFilter boom = (c, m) -> {
            throw new IllegalStateException("boom");
        };
        FilterScanner.Result rejected = scanner.scan(records("x", "y"), 0, boom, CONTEXT, false);
        assertThat(rejected.wholeEnd()).isEqualTo(42);
        assertThat(rejected.errors()).isEqualTo(2);
        assertThat(rejected.firstError()).hasMessage("boom");
        FilterScanner.Result accepted = scanner.scan(records("x", "y"), 0, boom, CONTEXT, true);
        assertThat(accepted.acceptedEnd()).isEqualTo(42);
    }

    @Test
    void slowCalls_areCounted() {
        FilterScanner strict = new FilterScanner(0, Integer.MAX_VALUE);
        FilterScanner.Result r = strict.scan(records("x", "y"), 0, (c, m) -> {
            long until = System.nanoTime() + 100_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            return true;
        }, CONTEXT, false);
        assertThat(r.slow()).isEqualTo(2);
        assertThat(r.slowestNanos()).isGreaterThanOrEqualTo(100_000);
    }
}
