package io.metaq.it;

import io.metaq.client.MessagingClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process broker (with its ZooKeeper) and one client shared by the tests of a class:
 * {@code @RegisterExtension static final SharedBroker broker = new SharedBroker("topics: {...}\n");}.
 * Started before the class's {@code @BeforeAll} methods, stopped after its {@code @AfterAll} ones.
 */
final class SharedBroker implements BeforeAllCallback, AfterAllCallback {
    private final String topicsYaml;
    private Path dir;
    private BrokerCluster cluster;
    private MessagingClient client;

    SharedBroker(String topicsYaml) {
        this.topicsYaml = topicsYaml;
    }

    BrokerCluster cluster() {
        return cluster;
    }

    MessagingClient client() {
        return client;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("metaq-" + context.getRequiredTestClass().getSimpleName());
        cluster = BrokerCluster.start(dir, 1, topicsYaml);
        client = ClientTests.client(cluster.zkConnect());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try (AutoCloseable c = cluster) {
            if (client != null) {
                client.close();
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
