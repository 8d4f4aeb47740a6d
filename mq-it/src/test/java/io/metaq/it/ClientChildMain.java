package io.metaq.it;

import io.metaq.client.Consumer;
import io.metaq.client.ConsumerConfig;
import io.metaq.client.MessagingClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A member of a consumer group using our client, run in a child JVM by {@link ClientTests#startChild} so a
 * test can kill it without it closing anything (its ZooKeeper session then expires at the server).
 *
 * <pre>
 * ClientChildMain &lt;zkConnect&gt; &lt;group&gt; &lt;topic&gt; &lt;consumerId&gt; &lt;sessionTimeoutMs&gt; &lt;commitIntervalMs&gt; &lt;lifetimeMs&gt;
 * </pre>
 *
 * Prints, in the format {@link LegacyOutput} parses: {@code READY <group>_<consumerId>} once started, then
 * {@code RECV <partition> <offset> <msgId> - - <seq>} per message, and {@code DONE <n>} after a clean stop
 * ({@code stop} on stdin or end of stdin). It halts by itself after {@code lifetimeMs}.
 */
public final class ClientChildMain {
    private ClientChildMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err);
        String zk = args[0];
        String group = args[1];
        String topic = args[2];
        String consumerId = args[3];
        long session = Long.parseLong(args[4]);
        long commit = Long.parseLong(args[5]);
        long lifetime = Long.parseLong(args[6]);
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(lifetime);
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(3);
        }, "child-deadline");
        deadline.setDaemon(true);
        deadline.start();

        AtomicLong n = new AtomicLong();
        try (MessagingClient client = MessagingClient.builder().zkConnect(zk).sessionTimeout(Duration.ofMillis(session))
                .requestTimeout(Duration.ofSeconds(5)).build();
             Consumer consumer = client.createConsumer(ConsumerConfig.builder(group).consumerId(consumerId)
                     .commitIntervalMs(commit).build())) {
            consumer.subscribe(topic, m -> {
                synchronized (out) {
                    out.println("RECV " + m.partition() + " " + m.offset() + " " + m.id() + " - - "
                            + ClientTests.seqOf(m));
                }
                n.incrementAndGet();
            });
            consumer.start();
            synchronized (out) {
                out.println("READY " + group + "_" + consumerId);
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null && !line.trim().equals("stop")) {
                    // wait
                }
            }
        }
        out.println("DONE " + n.get());
        System.exit(0);
    }
}
