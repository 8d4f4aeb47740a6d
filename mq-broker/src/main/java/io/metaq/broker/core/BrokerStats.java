package io.metaq.broker.core;

import java.util.concurrent.atomic.LongAdder;

/** Counters behind the {@code stats} command; updated from many threads without contention. */
public final class BrokerStats {
    public final long startMillis = System.currentTimeMillis();
    public final LongAdder cmdPut = new LongAdder();
    public final LongAdder cmdGet = new LongAdder();
    public final LongAdder cmdOffset = new LongAdder();
    public final LongAdder putFailed = new LongAdder();
    public final LongAdder getMiss = new LongAdder();
    public final LongAdder messagesIn = new LongAdder();
    public final LongAdder bytesIn = new LongAdder();
    public final LongAdder bytesOut = new LongAdder();
    public final LongAdder longPollsParked = new LongAdder();
    public final LongAdder connections = new LongAdder();

    /** Zeroes the counters ({@code stats reset}). */
    public void reset() {
        for (LongAdder a : new LongAdder[] {cmdPut, cmdGet, cmdOffset, putFailed, getMiss, messagesIn, bytesIn,
                bytesOut, longPollsParked}) {
            a.reset();
        }
    }
}
