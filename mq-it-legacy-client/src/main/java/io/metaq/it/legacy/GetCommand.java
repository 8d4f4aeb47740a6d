package io.metaq.it.legacy;

import com.taobao.metamorphosis.Message;
import com.taobao.metamorphosis.client.MetaMessageSessionFactory;
import com.taobao.metamorphosis.client.consumer.ConsumerConfig;
import com.taobao.metamorphosis.client.consumer.MessageConsumer;
import com.taobao.metamorphosis.cluster.Partition;
import com.taobao.metamorphosis.consumer.MessageIterator;
import java.util.concurrent.TimeUnit;

/**
 * {@code get --topic t --partition <brokerId-partition> --offset o [--max-size b] [--group g]
 * [--fetch-timeout-ms m]}: one pull with {@code MessageConsumer.get()}, which sends one {@code get} command.
 *
 * <p>Prints {@code RECV <partition> <offset> <msgId> <attribute> <sha1> <seq>} for every whole record in
 * the answer, then {@code NEXT <offset after the last whole record>} and {@code DONE <records>}. When the
 * client returns no iterator (the broker answered 404, 403 or 301) it prints {@code EMPTY <partition>
 * <offset>} and {@code DONE 0}.
 */
final class GetCommand {

    private GetCommand() {
    }

    static int run(Options o) throws Exception {
        String topic = o.required("topic");
        String partitionName = o.required("partition");
        long offset = Long.parseLong(o.required("offset"));
        int maxSize = o.getInt("max-size", 1024 * 1024);
        long fetchTimeoutMs = o.getLong("fetch-timeout-ms", 10_000);
        String group = o.get("group", "legacy-get");

        MetaMessageSessionFactory factory = LegacyClients.sessionFactory(o);
        try {
            MessageConsumer consumer = factory.createConsumer(new ConsumerConfig(group));
            Partition partition = new Partition(partitionName);
            MessageIterator it = consumer.get(topic, partition, offset, maxSize, fetchTimeoutMs, TimeUnit.MILLISECONDS);
            if (it == null) {
                Out.line("EMPTY", partition, offset);
                Out.line("DONE", 0);
                return Lifecycle.EXIT_OK;
            }
            int n = 0;
            while (it.hasNext()) {
                long start = offset + it.getOffset();
                Message m = it.next();
                Out.line("RECV", partition, start, m.getId(), Out.optionalText(m.getAttribute()),
                        Payloads.sha1(m.getData()), Payloads.seqOf(m.getData()));
                n++;
            }
            Out.line("NEXT", offset + it.getOffset());
            Out.line("DONE", n);
            consumer.shutdown();
            return Lifecycle.EXIT_OK;
        } finally {
            LegacyClients.shutdownQuietly(factory);
        }
    }
}
