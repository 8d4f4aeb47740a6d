package io.metaq.client.internal;

import io.metaq.client.ConsumerConfig;
import io.metaq.client.DeadLetterHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/** What a consumer's partition workers share. */
record ConsumerContext(ConsumerConfig config, ClusterView cluster, BrokerConnections connections,
        ScheduledExecutorService scheduler, Executor executor, DeadLetterHandler deadLetter, OffsetStore offsets,
        long requestTimeoutMs) {
}
