package io.metaq.spi.store;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of {@link PartitionLog#read}. Exactly one of: records ({@link Status#DATA}, with a
 * {@link #view()} the caller must close), nothing yet ({@link Status#AT_END}), or an offset the log
 * cannot serve, with the offset a reader should use instead ({@link #nextOffset()}).
 */
public final class ReadResult {
    /** What a read found. */
    public enum Status {
        /** Records at the offset; {@link #view()} holds them. */
        DATA,
        /** The offset is the visible end: no records yet. {@link #nextOffset()} is that offset. */
        AT_END,
        /**
         * The offset is below the oldest retained record or beyond the visible end.
         * {@link #nextOffset()} is the nearest valid offset (the minimum or the end).
         */
        OUT_OF_RANGE,
        /**
         * The offset lies inside the log but is not the start of a record.
         * {@link #nextOffset()} is the start of the segment holding it, a known boundary.
         */
        NOT_A_BOUNDARY,
        /**
         * The record at the offset failed its checksum and is never served.
         * {@link #nextOffset()} is the offset just past it.
         */
        CORRUPT_RECORD
    }

    private final Status status;
    private final ReadView view;
    private final long nextOffset;

    private ReadResult(Status status, ReadView view, long nextOffset) {
        this.status = status;
        this.view = view;
        this.nextOffset = nextOffset;
    }

    public static ReadResult data(ReadView view) {
        return new ReadResult(Status.DATA, requireNonNull(view, "view is null"), view.endOffset());
    }

    public static ReadResult of(Status status, long nextOffset) {
        if (status == Status.DATA) {
            throw new IllegalArgumentException("use data(view) for DATA");
        }
        return new ReadResult(status, null, nextOffset);
    }

    public Status status() {
        return status;
    }

    public boolean hasData() {
        return status == Status.DATA;
    }

    /**
     * The records; the caller must close it.
     *
     * @throws IllegalStateException when the status is not DATA
     */
    public ReadView view() {
        if (view == null) {
            throw new IllegalStateException("no data: " + this);
        }
        return view;
    }

    /** For DATA the end of the view, otherwise the offset a reader should continue from. */
    public long nextOffset() {
        return nextOffset;
    }

    @Override
    public String toString() {
        return "ReadResult[" + status + (view != null ? ", " + view.offset() + "+" + view.size() : "")
                + ", next=" + nextOffset + "]";
    }
}
