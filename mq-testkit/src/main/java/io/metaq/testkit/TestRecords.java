package io.metaq.testkit;

import io.metaq.api.record.Record;
import io.metaq.api.record.RecordIterator;
import io.metaq.spi.store.AppendResult;
import io.metaq.spi.store.PartitionLog;
import io.metaq.spi.store.ReadResult;
import io.metaq.spi.store.ReadView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Record builders and whole-log readers shared by the store tests. Stateless. */
public final class TestRecords {
    /** How long a test waits for one append before calling the store stuck. */
    public static final long APPEND_TIMEOUT_SECONDS = 10;
    private static final int SCAN_START_BYTES = 64 << 10;
    private static final int SCAN_MAX_BYTES = 64 << 20;

    private TestRecords() {
    }

    /** {@code size} bytes that depend only on {@code seed} and {@code seq}. */
    public static byte[] payload(long seed, long seq, int size) {
        byte[] out = new byte[size];
        SplittableRandom r = new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + seq));
        for (int i = 0; i < size; i++) {
            out[i] = (byte) r.nextInt(256);
        }
        return out;
    }

    /** {@code size} random bytes. */
    public static byte[] randomPayload(SplittableRandom random, int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) random.nextInt(256);
        }
        return out;
    }

    /** The splitmix64 finaliser: a bijective 64-bit mix. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One record with id {@code id}, flag 0 and a payload of {@code size} bytes derived from the id. */
    public static TestRecord record(long id, int size) {
        return TestRecord.of(id, payload(42, id, size));
    }

    /** The records concatenated into one buffer (one batch), positioned at 0. */
    public static ByteBuffer batch(List<TestRecord> records) {
        int total = 0;
        for (TestRecord r : records) {
            total += r.size();
        }
        ByteBuffer buf = ByteBuffer.allocate(total);
        for (TestRecord r : records) {
            buf.put(r.encode());
        }
        return buf.flip();
    }

    /** The records given consecutive offsets from {@code base}. */
    public static List<TestRecord> place(List<TestRecord> records, long base) {
        List<TestRecord> out = new ArrayList<>(records.size());
        long off = base;
        for (TestRecord r : records) {
            out.add(r.at(off));
            off += r.size();
        }
        return out;
    }

    /** Bytes the records occupy. */
    public static int totalSize(List<TestRecord> records) {
        int total = 0;
        for (TestRecord r : records) {
            total += r.size();
        }
        return total;
    }

    /** Appends and waits for completion; a failed or stuck append fails the test. */
    public static AppendResult appendNow(PartitionLog log, ByteBuffer records) {
        return await(log.append(records), "append of " + records.remaining() + " bytes to " + log.topicPartition());
    }

    /** Appends the records as one batch and returns them placed at the offsets the store gave. */
    public static List<TestRecord> appendAll(PartitionLog log, List<TestRecord> records) {
        AppendResult r = appendNow(log, batch(records));
        if (r.recordCount() != records.size() || r.nextOffset() - r.baseOffset() != totalSize(records)) {
            throw new AssertionError("append of " + records.size() + " records (" + totalSize(records)
                    + " bytes) returned " + r);
        }
        return place(records, r.baseOffset());
    }

    /** Waits (bounded) for an append future. */
    public static AppendResult await(CompletableFuture<AppendResult> future, String what) {
        try {
            return future.get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + APPEND_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + " interrupted", e);
        }
    }

    /**
     * Appends input that must be refused and returns the failure the returned future completed
     * with. Fails the test if append throws instead (the contract is an exceptional future) or the
     * append succeeds.
     */
    public static Throwable appendFailure(PartitionLog log, ByteBuffer records) {
        CompletableFuture<AppendResult> f;
        try {
            f = log.append(records);
        } catch (RuntimeException e) {
            throw new AssertionError("append threw instead of returning an exceptionally completed future", e);
        }
        try {
            AppendResult r = f.get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("append of malformed input succeeded: " + r);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("refused append did not complete within " + APPEND_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The view's bytes through {@link ReadView#toByteBuffer()}. */
    public static byte[] bytes(ReadView view) {
        ByteBuffer b = view.toByteBuffer();
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    /** {@code count} bytes of the view from {@code from}, through {@link ReadView#transferTo}. */
    public static byte[] transferred(ReadView view, long from, long count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WritableByteChannel ch = Channels.newChannel(out)) {
            long done = 0;
            int idle = 0;
            while (done < count) {
                long n = view.transferTo(ch, from + done, count - done);
                if (n <= 0) {
                    if (++idle > 3) {
                        break;
                    }
                    continue;
                }
                idle = 0;
                done += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The bytes {@code records} occupy in a log, from offset {@code from} (inclusive) to {@code to}. */
    public static byte[] logBytes(List<TestRecord> records, long from, long to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (TestRecord r : records) {
            if (r.end() <= from || r.offset() >= to) {
                continue;
            }
            byte[] enc = new byte[r.size()];
            r.encode().get(enc);
            int start = (int) Math.max(0, from - r.offset());
            int end = (int) Math.min(enc.length, to - r.offset());
            out.write(enc, start, end - start);
        }
        return out.toByteArray();
    }

    /** What a scan of a log found. */
    public record Scan(List<TestRecord> records, List<Long> corruptOffsets, List<TestRecord> badChecksums) {
    }

    /**
     * Reads every record from {@code from} to {@code to} through {@link PartitionLog#read}, following
     * segment ends and skipping records the store reports as corrupt.
     */
    public static Scan scan(PartitionLog log, long from, long to) {
        List<TestRecord> records = new ArrayList<>();
        List<Long> corrupt = new ArrayList<>();
        List<TestRecord> badChecksums = new ArrayList<>();
        long off = from;
        int max = SCAN_START_BYTES;
        while (off < to) {
            ReadResult r = log.read(off, max);
            switch (r.status()) {
                case DATA -> {
                    try (ReadView v = r.view()) {
                        if (v.offset() != off) {
                            throw new AssertionError("read at " + off + " returned a view at " + v.offset());
                        }
                        ByteBuffer b = v.toByteBuffer();
                        RecordIterator it = new RecordIterator(b, off, Integer.MAX_VALUE);
                        while (it.hasNext()) {
                            Record rec = it.next();
                            TestRecord t = TestRecord.parse(b, b.position() + (int) (rec.offset() - off), rec.offset());
                            records.add(t);
                            if (!rec.checksumValid()) {
                                badChecksums.add(t);
                            }
                        }
                        if (it.nextOffset() == off) {
                            if (v.size() < max || max >= SCAN_MAX_BYTES) {
                                throw new AssertionError("read at " + off + " returned " + v.size()
                                        + " bytes holding no complete record (maxBytes " + max + ")");
                            }
                            max *= 2;
                        } else {
                            off = it.nextOffset();
                            max = SCAN_START_BYTES;
                        }
                    }
                }
                case CORRUPT_RECORD -> {
                    if (r.nextOffset() <= off) {
                        throw new AssertionError("CORRUPT_RECORD at " + off + " points back to " + r.nextOffset());
                    }
                    corrupt.add(off);
                    off = r.nextOffset();
                }
                default -> throw new AssertionError("read at " + off + " while scanning " + from + ".." + to
                        + " of " + log.topicPartition() + " returned " + r);
            }
        }
        return new Scan(records, corrupt, badChecksums);
    }

    /** Every record from the minimum to the visible end; fails on corrupt records or bad checksums. */
    public static List<TestRecord> readAll(PartitionLog log) {
        Scan s = scan(log, log.minOffset(), log.maxOffset());
        if (!s.corruptOffsets().isEmpty() || !s.badChecksums().isEmpty()) {
            throw new AssertionError("log " + log.topicPartition() + " has corrupt records at " + s.corruptOffsets()
                    + " and served records with bad checksums " + s.badChecksums());
        }
        return s.records();
    }
}
