package io.metaq.it.legacy;

import com.taobao.metamorphosis.Message;
import com.taobao.metamorphosis.client.MetaClientConfig;
import com.taobao.metamorphosis.client.MetaMessageSessionFactory;
import com.taobao.metamorphosis.client.producer.PartitionSelector;
import com.taobao.metamorphosis.cluster.Partition;
import com.taobao.metamorphosis.exception.MetaClientException;
import com.taobao.metamorphosis.utils.ZkUtils.ZKConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds the old client's objects the way an application of its time would. */
final class LegacyClients {

    /** Record header of §3.2: length, checksum, id, flag. */
    static final int RECORD_HEADER_BYTES = 20;

    private LegacyClients() {
    }

    /**
     * A session factory discovering brokers through ZooKeeper: {@code --zk} (required), {@code --zk-root}
     * (default {@code /meta}), {@code --zk-session-timeout-ms}, {@code --zk-connect-timeout-ms}.
     */
    static MetaMessageSessionFactory sessionFactory(Options o) throws MetaClientException {
        ZKConfig zk = new ZKConfig();
        zk.zkConnect = o.required("zk");
        zk.zkRoot = o.get("zk-root", "/meta");
        zk.zkEnable = true;
        zk.zkSessionTimeoutMs = o.getInt("zk-session-timeout-ms", 30_000);
        zk.zkConnectionTimeoutMs = o.getInt("zk-connect-timeout-ms", 10_000);
        MetaClientConfig config = new MetaClientConfig();
        config.setZkConfig(zk);
        return new MetaMessageSessionFactory(config);
    }

    static void shutdownQuietly(MetaMessageSessionFactory factory) {
        if (factory == null) {
            return;
        }
        try {
            factory.shutdown();
        } catch (Exception e) {
            System.err.println("session factory shutdown failed: " + e);
        }
    }

    /**
     * Bytes the message occupies in its partition (§3.1, §3.2): the header plus the encoded payload, which
     * carries {@code int32 length + UTF-8 bytes} of the attribute in front of the data when there is one.
     */
    static long recordSize(Message m) {
        long size = RECORD_HEADER_BYTES + m.getData().length;
        if (m.getAttribute() != null) {
            size += 4 + m.getAttribute().getBytes(StandardCharsets.UTF_8).length;
        }
        return size;
    }

    /** One-line description of a failure, with the cause chain, for an {@code ERROR} line. */
    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 2000; c = c.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(c.getClass().getName()).append(": ").append(c.getMessage());
            if (c.getCause() == c) {
                break;
            }
        }
        return sb.toString();
    }

    /** Sends every message to one partition named {@code <brokerId>-<partition>}. */
    static final class FixedPartitionSelector implements PartitionSelector {
        private final String wanted;

        FixedPartitionSelector(String wanted) {
            this.wanted = wanted;
        }

        @Override
        public Partition getPartition(String topic, List<Partition> partitions, Message message)
                throws MetaClientException {
            if (partitions != null) {
                for (Partition p : partitions) {
                    if (p.toString().equals(wanted)) {
                        return p;
                    }
                }
            }
            throw new MetaClientException("partition " + wanted + " of topic " + topic + " is not among " + partitions);
        }
    }
}
