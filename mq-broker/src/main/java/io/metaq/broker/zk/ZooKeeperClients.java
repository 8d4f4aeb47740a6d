package io.metaq.broker.zk;

import static java.util.Objects.requireNonNull;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/** Creates the Curator clients the broker uses. */
public final class ZooKeeperClients {
    private static final int BASE_SLEEP_MS = 500;
    private static final int MAX_RETRIES = 3;

    private ZooKeeperClients() {
    }

    /**
     * Creates and starts a Curator client with an {@link ExponentialBackoffRetry} (500 ms base, 3 retries).
     * Does not wait for the connection. The caller owns the client and closes it.
     *
     * @param connectString e.g. {@code 127.0.0.1:2181} or {@code zk1:2181,zk2:2181/chroot}
     * @throws RegistrationException if Netty's {@code netty-handler} is missing from the classpath
     */
    public static CuratorFramework create(String connectString, int sessionTimeoutMs, int connectionTimeoutMs) {
        requireNonNull(connectString, "connectString is null");
        if (sessionTimeoutMs <= 0 || connectionTimeoutMs <= 0) {
            throw new IllegalArgumentException("timeouts must be positive: sessionTimeoutMs=" + sessionTimeoutMs
                    + ", connectionTimeoutMs=" + connectionTimeoutMs);
        }
        checkClientLinkage();
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs(sessionTimeoutMs)
                .connectionTimeoutMs(connectionTimeoutMs)
                .retryPolicy(new ExponentialBackoffRetry(BASE_SLEEP_MS, MAX_RETRIES))
                // The connect string is the configuration; don't let /zookeeper/config rewrite it.
                .ensembleTracker(false)
                .build();
        client.start();
        return client;
    }

    /**
     * The ZooKeeper 3.9.5 client links {@code io.netty.handler.ssl.SslContext} while building its configuration
     * ({@code ZKConfig} -> {@code ClientX509Util}), even without TLS (fixed upstream by ZOOKEEPER-4835). Without
     * it every connection attempt dies with a bare {@code NoClassDefFoundError}; say what is missing instead.
     * Our Netty 4.2 {@code netty-handler} satisfies it.
     */
    private static void checkClientLinkage() {
        try {
            Class.forName("io.netty.handler.ssl.SslContext", false, ZooKeeperClients.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new RegistrationException("the ZooKeeper 3.9 client needs io.netty:netty-handler on the classpath "
                    + "(it links io.netty.handler.ssl.SslContext even without TLS, ZOOKEEPER-4835)", e);
        }
    }
}
