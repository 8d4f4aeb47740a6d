package io.metaq.broker;

import io.metaq.api.ConfigException;
import io.metaq.api.MqException;
import io.metaq.broker.config.BrokerConfigLoader;
import io.metaq.broker.config.ResolvedConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java io.metaq.broker.BrokerMain --config conf/broker.yaml}: starts a broker, prints one line
 * {@code MetaQ broker <id> ready on <host>:<port>} when it serves, and stops cleanly on SIGTERM or
 * Ctrl-C. Exit codes: 0 after a clean stop, 2 for a bad command line or configuration, 1 when the
 * broker cannot start.
 */
public final class BrokerMain {
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
            broker = Broker.start(config, bytes);
        } catch (MqException e) {
            System.err.println("error: broker failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
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
}
