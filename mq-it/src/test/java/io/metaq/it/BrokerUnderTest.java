package io.metaq.it;

/**
 * A running broker of issue 3 as the compatibility tests see it. An implementation must:
 * <ul>
 *   <li>run our broker (in the test JVM or a child JVM; the old client always runs in a child JVM, so its
 *       jars never meet ours) on 127.0.0.1 with an ephemeral port, broker id 0, ZooKeeper root {@code /meta},
 *       with the store provider the test asked for;
 *   <li>serve topics auto-created on first put with 4 partitions ({@code 0-0} … {@code 0-3}), ids and offsets
 *       exactly as PROTOCOL.md §2–§5 say, and a maximum message size of at least 1 MiB;
 *   <li>return from its start only once the broker is registered in ZooKeeper (§5.1), so that the old
 *       client finds it at once;
 *   <li>answer {@code get} without server-side delay, as the 1.4.6.2 broker does.
 * </ul>
 */
public interface BrokerUnderTest extends AutoCloseable {

    /** ZooKeeper connect string (127.0.0.1) under which the broker registers and the clients discover it. */
    String zkConnect();

    /**
     * Stops the broker cleanly (unregistering from ZooKeeper, flushing its stores) and starts it again on the
     * same data directory, port choice, ZooKeeper and configuration; returns once it is registered again.
     * ZooKeeper keeps running, so consumer offsets survive.
     */
    void restart();

    /** Stops the broker and whatever it started (its ZooKeeper too, if it owns one); idempotent. */
    @Override
    void close();

    /** Starts a broker with the named store provider ({@code file} or {@code mmap}) and its own data directory. */
    @FunctionalInterface
    interface Launcher {
        BrokerUnderTest start(String storeProvider, java.nio.file.Path dataDir) throws Exception;
    }
}
