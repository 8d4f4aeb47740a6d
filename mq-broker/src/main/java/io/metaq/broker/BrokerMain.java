package io.metaq.broker;

import io.metaq.api.ConfigException;
import io.metaq.api.MqException;
import io.metaq.broker.config.BrokerConfigLoader;
import io.metaq.broker.config.ResolvedConfig;
import io.metaq.broker.filter.FilterManager;
import io.metaq.spi.PluginLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java io.metaq.broker.BrokerMain --config conf/broker.yaml}: starts a broker, prints one line
 * {@code MetaQ broker <id> ready on <host>:<port>} when it serves, and stops cleanly on SIGTERM or
 * Ctrl-C. SIGHUP re-reads the configuration file and applies its {@code filters} section (as the
 * admin {@code reload} operation does; other changes need a restart). Exit codes: 0 after a clean
 * stop, 2 for a bad command line or configuration (including a broken plugin directory or a filter
 * that cannot be made), 1 when the broker cannot start.
 *
 * <p>Relative paths in the file ({@code broker.dataDir}, {@code plugins.dir}) resolve against the
 * installation directory: the parent of the file's directory when that is named {@code conf}, else
 * the file's directory.
 */
public final class BrokerMain {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerMain.class);

    private BrokerMain() {
    }

    public static void main(String[] args) {
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                configFile = Path.of(args[++i]);
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println("usage: BrokerMain --config <broker.yaml>");
                return;
            } else {
                System.err.println("error: unknown argument '" + args[i] + "'; usage: BrokerMain --config <broker.yaml>");
                System.exit(2);
            }
        }
        if (configFile == null) {
            System.err.println("error: --config <broker.yaml> is required");
            System.exit(2);
        }
        ResolvedConfig config;
        byte[] bytes;
        try {
            config = BrokerConfigLoader.load(configFile);
            bytes = Files.readAllBytes(configFile);
        } catch (ConfigException | IOException e) {
            System.err.println("error: " + configFile + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        Broker broker;
        try {
            broker = Broker.start(config, bytes, configFile);
        } catch (PluginLoadException e) {
            // The message starts with the plugin directory.
            System.err.println("error: cannot load plugin " + e.getMessage());
            System.exit(2);
            return;
        } catch (ConfigException e) {
            System.err.println("error: " + configFile + ": " + e.getMessage());
            System.exit(2);
            return;
        } catch (MqException e) {
            System.err.println("error: broker failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        handleHangUp(broker);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "metaq-shutdown"));
        System.out.println("MetaQ broker " + config.brokerId() + " ready on " + broker.address().getHostString() + ":"
                + broker.address().getPort() + " (zookeeper " + broker.zkConnect() + ")");
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGHUP reloads the filters on a thread of its own (the JVM would otherwise stop on it). Uses
     * {@code sun.misc.Signal} (module jdk.unsupported, present in every JDK and JRE image we ship on);
     * where the signal cannot be handled (e.g. {@code -Xrs}) the admin {@code reload} operation remains.
     */
    private static void handleHangUp(Broker broker) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
                Thread t = new Thread(() -> reload(broker), "metaq-reload");
                t.setDaemon(true);
                t.start();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            LOG.warn("cannot handle SIGHUP ({}); reload the filters with 'metaq-admin reload'", e.toString());
        }
    }

    private static void reload(Broker broker) {
        try {
            FilterManager.Outcome o = broker.reloadFilters();
            LOG.info("SIGHUP: configuration reloaded; {} filter(s) in service{}", o.filters().size(),
                    o.restartRequired().isEmpty() ? ""
                            : "; changes to " + o.restartRequired() + " need a restart");
        } catch (MqException | IllegalStateException e) {
            LOG.error("SIGHUP: reload failed, the filters in service are unchanged: {}", e.getMessage());
        }
    }
}
