package io.metaq.it.legacy;

import com.taobao.metamorphosis.client.MetaMessageSessionFactory;
import com.taobao.metamorphosis.client.StatsResult;
import com.taobao.metamorphosis.client.producer.MessageProducer;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code stats --topic t [--item x] [--wait-ms m]}: {@code MessageSessionFactory.getStats(item)}.
 *
 * <p>The old client asks only brokers it is already connected to, so the driver first publishes the topic
 * (the producer connects to the brokers serving it) and retries until some broker answers or m ms (default
 * 10000) pass. Prints {@code STAT <host:port> <name> <value>} per value, sorted, then
 * {@code DONE <brokers>}; no answer at all is {@code ERROR no broker answered stats ...}.
 */
final class StatsCommand {

    private StatsCommand() {
    }

    static int run(Options o) throws Exception {
        String topic = o.required("topic");
        String item = o.get("item", null);
        long waitMs = o.getLong("wait-ms", 10_000);

        MetaMessageSessionFactory factory = LegacyClients.sessionFactory(o);
        try {
            MessageProducer producer = factory.createProducer();
            producer.publish(topic);
            long deadline = System.nanoTime() + waitMs * 1_000_000;
            Map<InetSocketAddress, StatsResult> stats = item == null ? factory.getStats() : factory.getStats(item);
            while (stats.isEmpty() && System.nanoTime() < deadline && !Lifecycle.stopRequested()) {
                Thread.sleep(100);
                stats = item == null ? factory.getStats() : factory.getStats(item);
            }
            if (stats.isEmpty()) {
                Out.error("no broker answered stats within " + waitMs + " ms (topic " + topic + ")");
                return Lifecycle.EXIT_ERROR;
            }
            Map<String, StatsResult> sorted = new TreeMap<>();
            stats.forEach((addr, r) -> sorted.put(addr.getHostString() + ":" + addr.getPort(), r));
            sorted.forEach((addr, r) -> new TreeMap<>(r.getAllValues())
                    .forEach((k, v) -> Out.line("STAT", addr, k, v)));
            Out.line("DONE", sorted.size());
            producer.shutdown();
            return Lifecycle.EXIT_OK;
        } finally {
            LegacyClients.shutdownQuietly(factory);
        }
    }
}
