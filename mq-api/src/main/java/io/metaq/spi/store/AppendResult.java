package io.metaq.spi.store;

/**
 * Where an append landed.
 *
 * @param baseOffset   log byte offset of the first appended record
 * @param nextOffset   log byte offset just past the last appended record
 * @param recordCount  number of records appended
 * @param appendTimeMs wall-clock time the store assigned to these records (for its time index)
 */
public record AppendResult(long baseOffset, long nextOffset, int recordCount, long appendTimeMs) {
}
