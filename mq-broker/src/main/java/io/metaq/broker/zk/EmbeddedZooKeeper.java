package io.metaq.broker.zk;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.zookeeper.server.NIOServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real standalone Apache ZooKeeper 3.9 server running inside the broker JVM ({@code zookeeper: embedded}),
 * listening on 127.0.0.1 only.
 *
 * <p>Built from {@link ZooKeeperServer} and {@link NIOServerCnxnFactory} directly rather than through
 * {@code ZooKeeperServerMain}: the NIO factory needs no Netty (ZooKeeper's Netty 4.1 is excluded from the
 * build), and the admin server (Jetty) is only ever created by {@code ZooKeeperServerMain}/{@code QuorumPeer},
 * so it is never started here and no {@code zookeeper.admin.*} system property has to be set for the whole
 * JVM. Metrics use ZooKeeper's default provider, which needs {@code metrics-core} on the classpath.
 *
 * <p>On disk, under the directory given to {@link #start}: {@code data/version-2/snapshot.*} (ZooKeeper's
 * {@code dataDir}) and {@code datalog/version-2/log.*} ({@code dataLogDir}). Data survives a restart on the
 * same directory.
 *
 * <p>The broker's lifecycle thread starts it before connecting its own ZooKeeper client and closes it after
 * closing that client. {@link #close()} is idempotent and thread-safe; other methods may be called from any
 * thread.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZooKeeper.class);

    /** The port the broker uses unless configured otherwise. */
    public static final int DEFAULT_PORT = 2181;
    /** ZooKeeper's usual tick; sessions may then last 4 s to 40 s. */
    public static final int DEFAULT_TICK_TIME_MS = 2000;
    /**
     * Connections allowed per client address. Every client of an embedded server comes from 127.0.0.1,
     * so this is effectively the total; ZooKeeper's own default of 60 is too low for many clients.
     */
    public static final int DEFAULT_MAX_CLIENT_CNXNS = 1000;

    private static final String HOST = "127.0.0.1";

    private final Path directory;
    private final ZooKeeperServer server;
    private final NIOServerCnxnFactory factory;
    private final FileTxnSnapLog txnSnapLog;
    private final int port;
    private boolean closed;

    private EmbeddedZooKeeper(Path directory, ZooKeeperServer server, NIOServerCnxnFactory factory,
            FileTxnSnapLog txnSnapLog) {
        this.directory = directory;
        this.server = server;
        this.factory = factory;
        this.txnSnapLog = txnSnapLog;
        this.port = factory.getLocalPort();
    }

    /** Starts a server with the default tick time and connection limit; see {@link #start(Path, int, int, int)}. */
    public static EmbeddedZooKeeper start(Path directory, int port) {
        return start(directory, port, DEFAULT_TICK_TIME_MS, DEFAULT_MAX_CLIENT_CNXNS);
    }

    /**
     * Starts a server on {@code host}, which must be a loopback address ({@code 127.0.0.1} or
     * {@code localhost}): the embedded server is for this machine only. Default tick time and connection limit.
     *
     * @throws IllegalArgumentException if {@code host} is not a loopback address
     */
    public static EmbeddedZooKeeper start(Path directory, String host, int port) {
        requireNonNull(host, "host is null");
        if (!HOST.equals(host) && !"localhost".equals(host)) {
            throw new IllegalArgumentException("embedded ZooKeeper binds to " + HOST + " only, not '" + host
                    + "'; use an external ZooKeeper to serve other hosts");
        }
        return start(directory, port);
    }

    /**
     * Starts a server and returns once it accepts connections.
     *
     * @param directory where snapshots and transaction logs go; created if missing
     * @param port the port on 127.0.0.1, or 0 for an ephemeral one (see {@link #port()})
     * @param tickTimeMs ZooKeeper's tick; session timeouts are bounded to 2..20 ticks
     * @param maxClientCnxns connections allowed per client address (0 = unlimited)
     * @throws EmbeddedZooKeeperException if the port is in use or the directory is unusable
     */
    public static EmbeddedZooKeeper start(Path directory, int port, int tickTimeMs, int maxClientCnxns) {
        requireNonNull(directory, "directory is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (tickTimeMs <= 0) {
            throw new IllegalArgumentException("tickTimeMs must be positive: " + tickTimeMs);
        }
        if (maxClientCnxns < 0) {
            throw new IllegalArgumentException("maxClientCnxns must not be negative: " + maxClientCnxns);
        }
        Path snapDir = directory.resolve("data");
        Path logDir = directory.resolve("datalog");
        FileTxnSnapLog txnSnapLog;
        try {
            Files.createDirectories(snapDir);
            Files.createDirectories(logDir);
            txnSnapLog = new FileTxnSnapLog(logDir.toFile(), snapDir.toFile());
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedZooKeeperException("cannot use " + directory + " as embedded ZooKeeper directory: "
                    + e.getMessage(), e);
        }
        InetSocketAddress address = new InetSocketAddress(HOST, port); // a literal: no name lookup
        String hostPort = HOST + ":" + port;
        NIOServerCnxnFactory factory = new NIOServerCnxnFactory();
        ZooKeeperServer server = new ZooKeeperServer(txnSnapLog, tickTimeMs, "");
        try {
            factory.configure(address, maxClientCnxns, -1, false);
        } catch (BindException e) {
            closeQuietly(txnSnapLog);
            throw new EmbeddedZooKeeperException("cannot start embedded ZooKeeper: " + hostPort
                    + " is already in use (" + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(txnSnapLog);
            throw new EmbeddedZooKeeperException("cannot start embedded ZooKeeper on " + hostPort + ": "
                    + e.getMessage(), e);
        }
        try {
            factory.startup(server);
        } catch (IOException | RuntimeException e) {
            stopQuietly(factory, server, txnSnapLog);
            throw new EmbeddedZooKeeperException("cannot start embedded ZooKeeper on " + hostPort
                    + " with data in " + directory + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(factory, server, txnSnapLog);
            throw new EmbeddedZooKeeperException("interrupted while starting embedded ZooKeeper on " + hostPort, e);
        }
        EmbeddedZooKeeper zk = new EmbeddedZooKeeper(directory, server, factory, txnSnapLog);
        LOG.info("Embedded ZooKeeper {} started on {} (data in {}, tickTime {} ms, maxClientCnxns {})",
                org.apache.zookeeper.Version.getFullVersion(), zk.connectString(), directory, tickTimeMs,
                maxClientCnxns);
        return zk;
    }

    /** The port actually bound (useful after starting with port 0). */
    public int port() {
        return port;
    }

    /** The bound address; always a loopback address. */
    public InetSocketAddress address() {
        return factory.getLocalAddress();
    }

    /** {@code 127.0.0.1:<port>}, for Curator and for the original client's {@code zk.zkConnect}. */
    public String connectString() {
        return HOST + ":" + port;
    }

    /** The directory holding {@code data/} and {@code datalog/}. */
    public Path directory() {
        return directory;
    }

    /** True from a successful start until {@link #close()}. */
    public boolean isRunning() {
        return server.isRunning();
    }

    /**
     * Stops accepting connections, closes every client connection (their sessions stay in the snapshot and
     * expire normally if the server comes back), waits for ZooKeeper's threads to end and closes the log files.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            factory.shutdown();
            factory.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while waiting for embedded ZooKeeper on {} to stop", connectString());
        } finally {
            server.shutdown(true);
            closeQuietly(txnSnapLog);
        }
        LOG.info("Embedded ZooKeeper on {} stopped", connectString());
    }

    @Override
    public String toString() {
        return "EmbeddedZooKeeper[" + connectString() + ", " + directory + "]";
    }

    private static void stopQuietly(NIOServerCnxnFactory factory, ZooKeeperServer server, FileTxnSnapLog log) {
        try {
            factory.shutdown();
            factory.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("Ignoring failure while stopping a ZooKeeper that failed to start", e);
        }
        try {
            server.shutdown(true);
        } catch (RuntimeException e) {
            LOG.debug("Ignoring failure while stopping a ZooKeeper that failed to start", e);
        }
        closeQuietly(log);
    }

    private static void closeQuietly(FileTxnSnapLog log) {
        try {
            log.close();
        } catch (IOException e) {
            LOG.warn("Failed to close ZooKeeper transaction log: {}", e.toString());
        }
    }
}
