package io.metaq.it.legacy;

import com.taobao.metamorphosis.Message;
import com.taobao.metamorphosis.client.MetaMessageSessionFactory;
import com.taobao.metamorphosis.client.consumer.ConsumerConfig;
import com.taobao.metamorphosis.client.consumer.MessageConsumer;
import com.taobao.metamorphosis.client.consumer.MessageListener;
import com.taobao.metamorphosis.client.consumer.SimpleFetchManager;
import com.taobao.metamorphosis.client.consumer.TopicPartitionRegInfo;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Push consumption through a consumer group, the way applications use the old client: {@code subscribe}
 * with a {@code MessageListener}, then {@code completeSubscribe}, offsets kept in ZooKeeper.
 *
 * <pre>
 * consume --topic t --group g --count N [--max-wait-ms M] [--always-from-max-offset] [--offset o]
 *         [--consumer-id id] [--commit-period-ms c] [--max-size b] [--fetch-runners n]
 *         [--max-delay-fetch-ms d]
 * consume-forever --topic t --group g [...same options...]
 * </pre>
 *
 * <p>{@code consume} ends after exactly N messages: the listener marks any message past the N-th
 * rollback-only, so the consumer neither acknowledges nor commits past it, and a later consumer of the group
 * resumes right after the N-th. It then shuts the consumer down (committing offsets) and prints
 * {@code DONE N}; if N have not arrived within M ms (default 30000) it prints {@code ERROR timeout ...} and
 * exits 3. With {@code --count 0} it consumes for M ms and prints {@code DONE <received>}.
 * {@code consume-forever} consumes until a {@code stop} line or the end of stdin, then shuts down and
 * prints {@code DONE <received>}; the overall {@code --timeout-ms} still bounds it.
 *
 * <p>Lines: {@code READY <group>} after {@code completeSubscribe}, then per message
 * {@code RECV <partition> <offset> <msgId> <attribute> <sha1> <seq>}, where offset is the byte offset at
 * which the record starts (the client's position after the message minus its record size), attribute is
 * {@code -} or {@code =<url-encoded>}, and seq is the producer's sequence number from the body or {@code -}.
 */
final class ConsumeCommand {

    private ConsumeCommand() {
    }

    static int run(Options o, boolean forever) throws Exception {
        String topic = o.required("topic");
        String group = o.required("group");
        long count = forever ? 0 : Long.parseLong(o.required("count"));
        long maxWaitMs = o.getLong("max-wait-ms", 30_000);

        ConsumerConfig cc = new ConsumerConfig(group);
        if (o.has("consumer-id")) {
            cc.setConsumerId(o.required("consumer-id"));
        }
        if (o.has("offset")) {
            cc.setOffset(o.getLong("offset", 0));
        }
        if (o.flag("always-from-max-offset")) {
            cc.setConsumeFromMaxOffset();
        }
        if (o.has("commit-period-ms")) {
            cc.setCommitOffsetPeriodInMills(o.getLong("commit-period-ms", 5_000));
        }
        if (o.has("fetch-runners")) {
            cc.setFetchRunnerCount(o.getInt("fetch-runners", 1));
        }
        if (o.has("max-delay-fetch-ms")) {
            cc.setMaxDelayFetchTimeInMills(o.getLong("max-delay-fetch-ms", 5_000));
        }
        int maxSize = o.getInt("max-size", 1024 * 1024);

        MetaMessageSessionFactory factory = LegacyClients.sessionFactory(o);
        try {
            CountingListener listener = new CountingListener(count);
            MessageConsumer consumer = factory.createConsumer(cc);
            consumer.subscribe(topic, maxSize, listener);
            consumer.completeSubscribe();
            Out.line("READY", group);

            boolean stopped;
            if (forever) {
                stopped = Lifecycle.awaitStop(Long.MAX_VALUE);
            } else if (count > 0) {
                boolean reached = listener.awaitCount(maxWaitMs);
                if (!reached) {
                    Out.error("timeout: received " + listener.printed() + " of " + count + " messages within "
                            + maxWaitMs + " ms");
                    return Lifecycle.EXIT_TIMEOUT;
                }
                stopped = false;
            } else {
                stopped = Lifecycle.awaitStop(maxWaitMs);
            }
            // Shutting the consumer down commits the offsets of the messages acknowledged so far.
            consumer.shutdown();
            if (stopped && !forever) {
                Out.error("stopped after " + listener.printed() + " messages");
                return Lifecycle.EXIT_ERROR;
            }
            Out.line("DONE", listener.printed());
            return Lifecycle.EXIT_OK;
        } finally {
            LegacyClients.shutdownQuietly(factory);
        }
    }

    /** Prints each message once; past the limit, rolls messages back so they stay unconsumed. */
    private static final class CountingListener implements MessageListener {
        private final long limit;
        private final AtomicLong claimed = new AtomicLong();
        private final AtomicLong printed = new AtomicLong();
        private final CountDownLatch reached = new CountDownLatch(1);

        CountingListener(long limit) {
            this.limit = limit;
        }

        @Override
        public void recieveMessages(Message m) {
            if (limit > 0 && claimed.incrementAndGet() > limit) {
                m.setRollbackOnly();
                return;
            }
            TopicPartitionRegInfo info = SimpleFetchManager.currentTopicRegInfo();
            long start = info == null ? -1 : info.getOffset().get() - LegacyClients.recordSize(m);
            Out.line("RECV", m.getPartition(), start, m.getId(), Out.optionalText(m.getAttribute()),
                    Payloads.sha1(m.getData()), Payloads.seqOf(m.getData()));
            if (printed.incrementAndGet() == limit) {
                reached.countDown();
            }
        }

        @Override
        public Executor getExecutor() {
            return null; // run on the client's fetch threads, one partition at a time, in order
        }

        boolean awaitCount(long ms) throws InterruptedException {
            return reached.await(ms, TimeUnit.MILLISECONDS);
        }

        long printed() {
            return printed.get();
        }
    }
}
