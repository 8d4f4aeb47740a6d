package io.metaq.broker.core;

import io.metaq.broker.filter.FilterManager;
import io.metaq.broker.filter.PluginInfo;
import io.metaq.spi.store.PartitionLog;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The bodies of {@code stats} answers (PROTOCOL.md §2.6): {@code STATS\r\n}, one {@code name value}
 * line per figure, {@code END\r\n}; {@code stats config} is the raw configuration file instead.
 */
final class StatsReport {
    static final String VERSION = "1.4.6.2";

    private final int brokerId;
    private final int port;
    private final TopicRegistry topics;
    private final BrokerStats stats;
    private final byte[] configBytes;
    private final long configChecksum;
    private final java.util.function.IntSupplier connections;
    private final FilterManager filters;

    StatsReport(int brokerId, int port, TopicRegistry topics, BrokerStats stats, byte[] configBytes,
            long configChecksum, java.util.function.IntSupplier connections, FilterManager filters) {
        this.filters = filters;
        this.brokerId = brokerId;
        this.port = port;
        this.topics = topics;
        this.stats = stats;
        this.configBytes = configBytes;
        this.configChecksum = configChecksum;
        this.connections = connections;
    }

    /** The answer to {@code stats <item>}, or null for an unknown item. */
    byte[] render(String item) {
        if (item.equals("config")) {
            return configBytes.clone();
        }
        StringBuilder b = new StringBuilder("STATS\r\n");
        switch (item) {
            case "" -> summary(b);
            case "topics" -> {
                for (TopicRegistry.Topic t : topics.all()) {
                    long size = 0;
                    for (PartitionLog log : t.partitions()) {
                        size += log.sizeInBytes();
                    }
                    line(b, t.name(), "partitions=" + t.partitions().length + ",bytes=" + size + ",flush="
                            + t.config().logConfig().flushMode().name().toLowerCase(java.util.Locale.ROOT));
                }
            }
            case "offsets" -> {
                for (TopicRegistry.Topic t : topics.all()) {
                    for (PartitionLog log : t.partitions()) {
                        line(b, log.topicPartition().toString(), "min=" + log.minOffset() + ",max=" + log.maxOffset());
                    }
                }
            }
            case "realtime" -> {
                line(b, "realtime_put", stats.cmdPut.sum());
                line(b, "realtime_get", stats.cmdGet.sum());
                line(b, "realtime_get_miss", stats.getMiss.sum());
                line(b, "realtime_put_failed", stats.putFailed.sum());
                line(b, "realtime_message_bytes_in", stats.bytesIn.sum());
                line(b, "realtime_message_bytes_out", stats.bytesOut.sum());
            }
            case "plugins" -> {
                for (PluginInfo p : filters.plugins()) {
                    line(b, "plugin_" + p.name(), "version=" + p.version() + ",api=" + p.apiVersion()
                            + ",providers=" + String.join(";", p.providers()) + ",dir=" + p.dir());
                }
                line(b, "filter_providers", String.join(";", filters.providerNames()));
            }
            case "filters" -> {
                for (FilterManager.Status s : filters.status()) {
                    line(b, "filter_" + s.spec().topic() + "/" + s.spec().group(), "provider=" + s.spec().provider()
                            + (s.plugin() == null ? "" : ",plugin=" + s.plugin())
                            + ",onError=" + s.spec().onError().label() + ",accepted=" + s.accepted()
                            + ",rejected=" + s.rejected() + ",errors=" + s.errors() + ",slow=" + s.slow());
                }
            }
            case "help" -> {
                line(b, "(empty)", "broker summary");
                line(b, "topics", "per-topic partitions and bytes");
                line(b, "offsets", "per-partition min and max offsets");
                line(b, "realtime", "request and byte counters");
                line(b, "reset", "zero the counters");
                line(b, "config", "the broker configuration file");
                line(b, "plugins", "the plugins loaded from plugins/ and the filter providers");
                line(b, "filters", "the server-side filters in service and their counters");
                line(b, "<topic>", "one topic's partitions and offsets");
            }
            case "reset" -> {
                stats.reset();
                line(b, "reset", "ok");
            }
            default -> {
                TopicRegistry.Topic t = topics.get(item);
                if (t == null) {
                    return null;
                }
                line(b, "topic", t.name());
                line(b, "partitions", t.partitions().length);
                for (PartitionLog log : t.partitions()) {
                    line(b, "partition_" + log.topicPartition().partition(),
                            "min=" + log.minOffset() + ",max=" + log.maxOffset() + ",bytes=" + log.sizeInBytes());
                }
            }
        }
        b.append("END\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void summary(StringBuilder b) {
        line(b, "pid", ProcessHandle.current().pid());
        line(b, "broker_id", brokerId);
        line(b, "port", port);
        line(b, "uptime", (System.currentTimeMillis() - stats.startMillis) / 1000);
        line(b, "version", VERSION);
        line(b, "slave", "false");
        line(b, "curr_connections", connections.getAsInt());
        line(b, "threads", ManagementFactory.getThreadMXBean().getThreadCount());
        line(b, "cmd_put", stats.cmdPut.sum());
        line(b, "cmd_get", stats.cmdGet.sum());
        line(b, "cmd_offset", stats.cmdOffset.sum());
        line(b, "tx_begin", 0);
        line(b, "tx_xa_begin", 0);
        line(b, "tx_commit", 0);
        line(b, "tx_rollback", 0);
        line(b, "get_miss", stats.getMiss.sum());
        line(b, "put_failed", stats.putFailed.sum());
        line(b, "total_messages", stats.messagesIn.sum());
        line(b, "topics", topics.all().size());
        line(b, "config_checksum", configChecksum);
    }

    private static void line(StringBuilder b, String name, Object value) {
        b.append(name).append(' ').append(value).append("\r\n");
    }
}
