package io.metaq.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaq.api.Message;
import io.metaq.client.MessageListener;
import io.metaq.client.MessagingClient;
import io.metaq.client.Partition;
import io.metaq.client.Producer;
import io.metaq.client.ReceivedMessage;
import io.metaq.client.SendResult;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.ZooKeeper;

/** Helpers shared by the Client*IT tests: numbered payloads, a recording listener, ZooKeeper session tricks. */
final class ClientTests {
    private ClientTests() {
    }

    /** A client with the defaults tests want: short timeouts so failures surface quickly. */
    static MessagingClient client(String zkConnect) {
        return MessagingClient.builder().zkConnect(zkConnect).requestTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * The body of message number {@code seq}: {@code seq=<n>;} (the prefix the legacy driver reads back as
     * its {@code seq} token) and a label.
     */
    static byte[] payload(long seq, String label) {
        return ("seq=" + seq + ";" + label).getBytes(StandardCharsets.UTF_8);
    }

    static long seqOf(ReceivedMessage m) {
        return seqOf(m.data());
    }

    static long seqOf(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        if (!s.startsWith("seq=") || s.indexOf(';') < 0) {
            throw new AssertionError("not a numbered test payload: " + s);
        }
        return Long.parseLong(s.substring(4, s.indexOf(';')));
    }

    /** Sends {@code seq = from .. from+count-1} asynchronously and waits for every acknowledgement. */
    static List<SendResult> sendNumbered(Producer producer, String topic, long from, int count) throws Exception {
        List<CompletableFuture<SendResult>> futures = new ArrayList<>(count);
        for (long seq = from; seq < from + count; seq++) {
            futures.add(producer.sendAsync(new Message(topic, payload(seq, "m"))));
        }
        List<SendResult> out = new ArrayList<>(count);
        for (CompletableFuture<SendResult> f : futures) {
            out.add(f.get(30, TimeUnit.SECONDS));
        }
        return out;
    }

    static Set<Long> range(long from, long toExclusive) {
        Set<Long> s = new TreeSet<>();
        for (long i = from; i < toExclusive; i++) {
            s.add(i);
        }
        return s;
    }

    /** Elements occurring more than once. */
    static <T> Set<T> duplicates(Collection<T> items) {
        Set<T> seen = new HashSet<>();
        Set<T> dup = new TreeSet<>();
        for (T t : items) {
            if (!seen.add(t)) {
                dup.add(t);
            }
        }
        return dup;
    }

    /** A listener that records every message it is given, in the order given; thread-safe. */
    static final class Recorder implements MessageListener {
        private final List<ReceivedMessage> got = new ArrayList<>();
        private final long delayMs;

        Recorder() {
            this(0);
        }

        /** @param delayMs simulated work per message */
        Recorder(long delayMs) {
            this.delayMs = delayMs;
        }

        @Override
        public void onMessage(ReceivedMessage m) throws Exception {
            if (delayMs > 0) {
                Thread.sleep(delayMs);
            }
            synchronized (got) {
                got.add(m);
            }
        }

        List<ReceivedMessage> messages() {
            synchronized (got) {
                return List.copyOf(got);
            }
        }

        int count() {
            synchronized (got) {
                return got.size();
            }
        }

        List<Long> seqs() {
            return messages().stream().map(ClientTests::seqOf).toList();
        }

        Set<Long> seqSet() {
            return new TreeSet<>(seqs());
        }

        Set<Partition> partitions() {
            return messages().stream().map(ReceivedMessage::partition).collect(Collectors.toCollection(TreeSet::new));
        }

        Map<Partition, List<ReceivedMessage>> byPartition() {
            Map<Partition, List<ReceivedMessage>> m = new TreeMap<>();
            for (ReceivedMessage r : messages()) {
                m.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
            }
            return m;
        }

        void clear() {
            synchronized (got) {
                got.clear();
            }
        }
    }

    /** Asserts that per partition the offsets strictly increase. */
    static void assertOffsetsIncreasing(Map<Partition, List<ReceivedMessage>> byPartition) {
        byPartition.forEach((p, list) -> {
            for (int i = 1; i < list.size(); i++) {
                assertThat(list.get(i).offset()).as("offset after %s in %s", list.get(i - 1), p)
                        .isGreaterThan(list.get(i - 1).offset());
                assertThat(list.get(i).offset()).as("records are contiguous in %s", p)
                        .isEqualTo(list.get(i - 1).nextOffset());
            }
        });
    }

    /** The client's Curator (a private field): tests use it only to see and end its ZooKeeper session. */
    static CuratorFramework curatorOf(MessagingClient client) {
        try {
            Field f = MessagingClient.class.getDeclaredField("zk");
            f.setAccessible(true);
            return (CuratorFramework) f.get(client);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("MessagingClient no longer keeps its Curator in field 'zk'", e);
        }
    }

    static long sessionIdOf(MessagingClient client) throws Exception {
        return curatorOf(client).getZookeeperClient().getZooKeeper().getSessionId();
    }

    /**
     * Expires the client's ZooKeeper session at the server, as a long network partition would: a second
     * handle attaches to the same session (the server drops the client's connection) and closes it (the
     * server ends the session and deletes its ephemeral nodes). The client learns of it when it reconnects.
     */
    static void expireSession(MessagingClient client, String zkConnect) throws Exception {
        ZooKeeper zk = curatorOf(client).getZookeeperClient().getZooKeeper();
        long id = zk.getSessionId();
        byte[] password = zk.getSessionPasswd();
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper thief = new ZooKeeper(zkConnect, 10_000, e -> {
            if (e.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        }, id, password);
        try {
            assertThat(connected.await(10, TimeUnit.SECONDS)).as("attached to session 0x%x", id).isTrue();
        } finally {
            thief.close();
        }
    }

    /**
     * Starts {@link ClientChildMain} (our client as a group member) in a child JVM on this JVM's class path;
     * close the returned run to kill it.
     */
    static LegacyRun startChild(Path workDir, String name, String zkConnect, String group, String topic,
            String consumerId, long sessionTimeoutMs, long commitIntervalMs) throws java.io.IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx128m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ClientChildMain.class.getName());
        cmd.addAll(List.of(zkConnect, group, topic, consumerId, Long.toString(sessionTimeoutMs),
                Long.toString(commitIntervalMs), "120000"));
        java.nio.file.Files.createDirectories(workDir);
        return LegacyRun.launch(cmd, workDir, name);
    }

    /** Counts per key. */
    static <K> Map<K, Integer> counts(Collection<K> items) {
        Map<K, Integer> m = new HashMap<>();
        for (K k : items) {
            m.merge(k, 1, Integer::sum);
        }
        return m;
    }
}
