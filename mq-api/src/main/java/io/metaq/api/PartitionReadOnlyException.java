package io.metaq.api;

/**
 * The partition stopped accepting appends after a write or fsync error, so that no later append can
 * claim durability the disk did not give. The cause is the original I/O error.
 */
public class PartitionReadOnlyException extends StoreException {
    private static final long serialVersionUID = 1L;

    public PartitionReadOnlyException(TopicPartition partition, Throwable cause) {
        super("partition " + partition + " is read-only after an I/O error: " + cause, cause);
    }
}
