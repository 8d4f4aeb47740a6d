package io.metaq.client;

/** How a group's members share a topic. */
public enum ConsumeMode {
    /**
     * Each partition is owned by one member of the group (range assignment, as the 1.4.6.2 client's
     * default strategy), so each message goes to one member; offsets are kept in ZooKeeper.
     */
    CLUSTERING,
    /** Every member reads every partition; offsets are kept in a local file per member. */
    BROADCASTING
}
