package io.metaq.client.internal;

import java.util.concurrent.ScheduledExecutorService;
import org.apache.curator.framework.CuratorFramework;

/** What a {@code MessagingClient} shares with its producers and consumers. */
public record ClientContext(CuratorFramework zk, ZkLayout layout, ClusterView cluster, BrokerConnections connections,
        ScheduledExecutorService scheduler, long requestTimeoutMs) {
}
