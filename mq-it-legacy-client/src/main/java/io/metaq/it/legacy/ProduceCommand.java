package io.metaq.it.legacy;

import com.taobao.metamorphosis.Message;
import com.taobao.metamorphosis.client.MetaMessageSessionFactory;
import com.taobao.metamorphosis.client.producer.MessageProducer;
import com.taobao.metamorphosis.client.producer.SendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code produce --topic t --count N --size B [--attribute a] [--threads T] [--partition b-p]
 * [--first-seq S] [--send-timeout-ms M]}: publishes the topic, then sends N messages synchronously with
 * {@code MessageProducer.sendMessage} from T threads sharing one producer. {@code {seq}} in the attribute is
 * replaced by the message's sequence number. Without {@code --partition} the client's default round-robin
 * selector picks partitions.
 *
 * <p>Prints {@code SENT <seq> <msgId> <partition> <offset> <attribute> <sha1>} per acknowledged message,
 * then {@code DONE <sent>}. The first failure (a thrown {@code MetaClientException} or a {@code SendResult}
 * that is not successful) prints {@code ERROR ...}, stops all threads and exits 1.
 */
final class ProduceCommand {

    private ProduceCommand() {
    }

    static int run(Options o) throws Exception {
        String topic = o.required("topic");
        long count = o.getLong("count", 1);
        int size = o.getInt("size", 128);
        String attribute = o.get("attribute", null);
        int threads = o.getInt("threads", 1);
        String partition = o.get("partition", null);
        long firstSeq = o.getLong("first-seq", 0);
        long sendTimeoutMs = o.getLong("send-timeout-ms", 3_000);

        MetaMessageSessionFactory factory = LegacyClients.sessionFactory(o);
        try {
            MessageProducer producer = partition == null
                    ? factory.createProducer()
                    : factory.createProducer(new LegacyClients.FixedPartitionSelector(partition));
            producer.publish(topic);

            AtomicLong next = new AtomicLong(firstSeq);
            AtomicLong sent = new AtomicLong();
            AtomicReference<String> failure = new AtomicReference<>();
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    long seq;
                    while (failure.get() == null && !Lifecycle.stopRequested()
                            && (seq = next.getAndIncrement()) < firstSeq + count) {
                        try {
                            byte[] data = Payloads.make(seq, size);
                            String attr = attribute == null ? null : attribute.replace("{seq}", Long.toString(seq));
                            Message m = attr == null ? new Message(topic, data) : new Message(topic, data, attr);
                            SendResult r = producer.sendMessage(m, sendTimeoutMs, TimeUnit.MILLISECONDS);
                            if (!r.isSuccess()) {
                                failure.compareAndSet(null, "send failed: seq=" + seq + " partition="
                                        + r.getPartition() + " error=" + r.getErrorMessage());
                                return;
                            }
                            sent.incrementAndGet();
                            Out.line("SENT", seq, m.getId(), r.getPartition(), r.getOffset(),
                                    Out.optionalText(attr), Payloads.sha1(data));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            failure.compareAndSet(null, "interrupted");
                            return;
                        } catch (Exception e) {
                            failure.compareAndSet(null, LegacyClients.describe(e));
                            return;
                        }
                    }
                }, "legacy-produce-" + i);
                workers.add(t);
                t.start();
            }
            for (Thread t : workers) {
                t.join();
            }
            if (failure.get() != null) {
                Out.error(failure.get());
                return Lifecycle.EXIT_ERROR;
            }
            if (Lifecycle.stopRequested() && sent.get() < count) {
                Out.error("stopped after " + sent.get() + " of " + count + " messages");
                return Lifecycle.EXIT_ERROR;
            }
            producer.shutdown();
            Out.line("DONE", sent.get());
            return Lifecycle.EXIT_OK;
        } finally {
            LegacyClients.shutdownQuietly(factory);
        }
    }
}
