package io.metaq.client.internal;

import io.metaq.client.ProducerConfig;
import java.util.concurrent.ScheduledExecutorService;

/** What a producer's partition queues share. */
record ProducerContext(ProducerConfig config, ClusterView cluster, BrokerConnections connections,
        ScheduledExecutorService scheduler, ByteBudget budget, BufferPool buffers) {
}
