package io.metaq.spi.store;

/**
 * A description of one segment for tools and stats.
 *
 * @param baseOffset   log offset of the segment's first byte (its file name)
 * @param sizeBytes    bytes of records it holds
 * @param lastAppendMs time of its newest record as far as the store knows
 * @param active       whether appends go to it
 */
public record SegmentInfo(long baseOffset, long sizeBytes, long lastAppendMs, boolean active) {
}
