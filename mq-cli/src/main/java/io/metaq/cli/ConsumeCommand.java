package io.metaq.cli;

import io.metaq.client.AdminClient;
import io.metaq.client.Consumer;
import io.metaq.client.ConsumerConfig;
import io.metaq.client.FetchResult;
import io.metaq.client.MessagingClient;
import io.metaq.client.Partition;
import io.metaq.client.ReceivedMessage;
import io.metaq.client.StartPosition;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code consume}: print messages of a topic, as a group member or from one partition's offset. */
@Command(name = "consume", header = "Print messages of a topic.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints messages of a topic, one per line (the data as UTF-8), until --max-messages were "
                + "printed or none arrived for --timeout-ms (also the idle timeout here).",
            "As a member of a consumer group (default: a new group metaq-admin-<random>): starts where the group "
                + "committed, else at the end, or at the earliest message with --from-beginning; the group's offsets "
                + "are committed on exit (messages not printed are not committed).",
            "With --partition: reads that one partition outside any group, from --offset (a message boundary), the "
                + "earliest message with --from-beginning, or the end; nothing is committed.",
            "With --print-offsets each line is '<partition> TAB <offset> TAB <attribute> TAB <data>'."})
final class ConsumeCommand extends AdminCommand {
    private static final RuntimeException LIMIT_REACHED = new IllegalStateException("--max-messages reached") {
        private static final long serialVersionUID = 1L;

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };

    @Option(names = "--topic", required = true, paramLabel = "<topic>", description = "The topic.")
    String topic;

    @Option(names = "--group", paramLabel = "<group>",
            description = "Consumer group (default: metaq-admin-<random>, a new group).")
    String group;

    @Option(names = "--from-beginning",
            description = "Start at the earliest retained message (where the group has no committed offset).")
    boolean fromBeginning;

    @Option(names = "--partition", paramLabel = "<brokerId-partition>",
            description = "Read this partition (e.g. 0-1) directly, outside any group.")
    String partition;

    @Option(names = "--offset", paramLabel = "<n>", description = "With --partition: the offset to start at.")
    Long offset;

    @Option(names = "--max-messages", paramLabel = "<n>", description = "Stop after this many messages (default: no "
            + "limit).")
    long maxMessages = Long.MAX_VALUE;

    @Option(names = "--print-offsets", description = "Print the partition, offset and attribute before the data.")
    boolean printOffsets;

    private final Object lock = new Object();
    private long received;
    private long lastActivityNanos;
    private boolean stopRequested;

    @Override
    protected int run() throws Exception {
        checkTopicName(topic);
        if (maxMessages < 1) {
            throw usage("--max-messages must be >= 1");
        }
        Partition raw = null;
        if (partition != null) {
            try {
                raw = Partition.parse(partition);
            } catch (IllegalArgumentException e) {
                throw usage("--partition " + e.getMessage());
            }
            if (group != null) {
                throw usage("--partition reads outside any group; do not give --group with it");
            }
            if (offset != null && fromBeginning) {
                throw usage("give --offset or --from-beginning, not both");
            }
            if (offset != null && offset < 0) {
                throw usage("--offset must be >= 0");
            }
        } else if (offset != null) {
            throw usage("--offset needs --partition (the offset is a position in one partition)");
        }
        String groupName = group != null ? group
                : "metaq-admin-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        if (groupName.isEmpty() || groupName.chars().anyMatch(c -> c <= ' ' || c == '/' || c == 0x7f)) {
            throw usage("--group must be non-empty without spaces, control characters or '/': '" + groupName + "'");
        }
        try (MessagingClient client = connect()) {
            List<Partition> partitions = requireTopic(client, topic);
            if (raw != null) {
                if (!partitions.contains(raw)) {
                    throw CliException.failed("topic " + topic + " has no partition " + raw + "; it has " + partitions);
                }
                return readPartition(client, raw);
            }
            return consumeAsGroup(client, groupName);
        }
    }

    private void print(ReceivedMessage m) {
        PrintWriter out = out();
        if (printOffsets) {
            out.println(m.partition() + "\t" + m.offset() + "\t" + (m.attribute() == null ? "" : m.attribute()) + "\t"
                    + m.text());
        } else {
            out.println(m.text());
        }
        out.flush();
    }

    /** Stops the wait on Ctrl-C and lets the consumer close (and commit) before the JVM exits. */
    private Thread shutdownHook(CountDownLatch finished) {
        Thread hook = new Thread(() -> {
            synchronized (lock) {
                stopRequested = true;
                lock.notifyAll();
            }
            try {
                finished.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "metaq-admin-consume-shutdown");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
            return null; // already shutting down
        }
        return hook;
    }

    private static void removeHook(Thread hook) {
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook is running and waits for us
            }
        }
    }

    private int consumeAsGroup(MessagingClient client, String groupName) throws InterruptedException {
        ConsumerConfig config = ConsumerConfig.builder(groupName)
                .startPosition(fromBeginning ? StartPosition.EARLIEST : StartPosition.LATEST)
                // A message past --max-messages makes the listener throw: it is retried until the consumer
                // closes, so it is neither printed nor committed. Nothing goes to a dead-letter topic.
                .maxRetries(Integer.MAX_VALUE - 1)
                .retryBackoffMs(20)
                .deadLetter((m, cause) -> {
                    throw new IllegalStateException("metaq-admin consume never dead-letters");
                })
                .listenerThreads(1)
                .longPollMs(Math.max(100, Math.min(5_000, connection.timeoutMs)))
                .build();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = shutdownHook(finished);
        try (Consumer consumer = client.createConsumer(config)) {
            consumer.subscribe(topic, m -> {
                synchronized (lock) {
                    if (received >= maxMessages || stopRequested) {
                        throw LIMIT_REACHED;
                    }
                    print(m);
                    received++;
                    lastActivityNanos = System.nanoTime();
                    lock.notifyAll();
                }
            });
            synchronized (lock) {
                lastActivityNanos = System.nanoTime();
            }
            consumer.start();
            awaitEnd();
        } finally {
            finished.countDown();
            removeHook(hook);
        }
        summary("group " + groupName);
        return ExitCodes.OK;
    }

    /** Waits until enough messages were printed, none came for the idle timeout, output failed or Ctrl-C. */
    private void awaitEnd() throws InterruptedException {
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(connection.timeoutMs);
        synchronized (lock) {
            while (received < maxMessages && !stopRequested && !out().checkError()) {
                long left = lastActivityNanos + idleNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            stopRequested = true;
        }
    }

    private int readPartition(MessagingClient client, Partition p) throws InterruptedException {
        AdminClient admin = client.admin();
        long position = offset != null ? offset
                : fromBeginning ? lookup("min offset of " + topic + " " + p, () -> admin.minOffset(topic, p))
                : lookup("max offset of " + topic + " " + p, () -> admin.maxOffset(topic, p));
        ConsumerConfig config = ConsumerConfig.builder("metaq-admin")
                .deadLetter((m, cause) -> {
                    throw new IllegalStateException("not used");
                })
                .build();
        int maxBytes = 1 << 20;
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(connection.timeoutMs);
        long last = System.nanoTime();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = shutdownHook(finished);
        try (Consumer consumer = client.createConsumer(config)) {
            while (received < maxMessages && !out().checkError()) {
                synchronized (lock) {
                    if (stopRequested) {
                        break;
                    }
                }
                final long at = position;
                final int size = maxBytes;
                FetchResult r = lookup("reading " + topic + " " + p + " at " + at,
                        () -> consumer.fetch(topic, p, at, size));
                for (ReceivedMessage m : r.messages()) {
                    if (received >= maxMessages) {
                        break;
                    }
                    print(m);
                    received++;
                    position = m.nextOffset();
                }
                if (r.messages().isEmpty()) {
                    if (r.nextOffset() != position) {
                        position = r.nextOffset();
                        continue;
                    }
                    long max = lookup("max offset of " + topic + " " + p, () -> admin.maxOffset(topic, p));
                    if (position < max && maxBytes < ConsumerConfig.MAX_FETCH_BYTES) {
                        maxBytes = Math.min(ConsumerConfig.MAX_FETCH_BYTES, maxBytes * 2); // a message larger than one fetch
                        continue;
                    }
                    if (System.nanoTime() - last >= idleNanos) {
                        break;
                    }
                    synchronized (lock) {
                        if (!stopRequested) {
                            lock.wait(100);
                        }
                    }
                } else {
                    last = System.nanoTime();
                }
            }
        } finally {
            finished.countDown();
            removeHook(hook);
        }
        summary("partition " + p + ", next offset " + position);
        return ExitCodes.OK;
    }

    private void summary(String where) {
        err().println(String.format(Locale.ROOT, "consumed %d message(s) from topic %s (%s)", received, topic, where));
        err().flush();
    }
}
