package io.metaq.client.internal;

import io.metaq.api.Message;
import io.metaq.client.ClientException;
import io.metaq.client.Partition;
import io.metaq.client.Producer;
import io.metaq.client.ProducerConfig;
import io.metaq.client.SendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The producer: picks a partition from those published in ZooKeeper, appends the message to that
 * partition's {@link PartitionQueue} (after taking its bytes from the {@link ByteBudget}) and lets the
 * queue batch and send. A topic no broker publishes yet is sent to a live broker with partition -1,
 * which creates it when the broker allows auto-creation.
 */
public final class DefaultProducer implements Producer {
    private final ProducerContext ctx;
    private final Consumer<DefaultProducer> onClose;
    /** topic → partition → queue; a lookup per message must not build a key string. */
    private final Map<String, Map<Partition, PartitionQueue>> queues = new ConcurrentHashMap<>();
    /** topic → broker id → the queue of puts with partition -1 (a topic no broker publishes yet). */
    private final Map<String, Map<Integer, PartitionQueue>> anyPartitionQueues = new ConcurrentHashMap<>();
    private final AtomicInteger anyBroker = new AtomicInteger();
    /**
     * The partitions last published per topic: while every broker of a topic is gone from ZooKeeper (down
     * or restarting) its messages still go to their partitions, whose sends retry with back-off and then
     * fail with {@link io.metaq.client.SendFailedException}, or succeed once a broker is back.
     */
    private final Map<String, List<Partition>> lastPublished = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public DefaultProducer(ClientContext client, ProducerConfig config, Consumer<DefaultProducer> onClose) {
        this.ctx = new ProducerContext(config, client.cluster(), client.connections(), client.scheduler(),
                new ByteBudget(config.bufferBytes()),
                new BufferPool(config.batchBytes(), (int) Math.min(64, config.bufferBytes() / config.batchBytes() + 1)));
        this.onClose = onClose;
    }

    @Override
    public SendResult send(Message message) {
        return send(message, null);
    }

    @Override
    public SendResult send(Message message, String key) {
        CompletableFuture<SendResult> f = sendAsync(message, key);
        long wait = ctx.config().requestTimeoutMs() * (ctx.config().retries() + 1)
                + ctx.config().retryBackoffMs() * (2L << Math.min(10, ctx.config().retries())) + ctx.config().lingerMs()
                + 5_000;
        try {
            return f.get(wait, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while sending to " + message.topic(), e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ClientException ce) {
                throw ce;
            }
            throw new ClientException("sending to " + message.topic() + " failed: " + c, c);
        } catch (TimeoutException e) {
            throw new ClientException("no answer for a message to " + message.topic() + " within " + wait + " ms", e);
        }
    }

    @Override
    public CompletableFuture<SendResult> sendAsync(Message message) {
        return sendAsync(message, null);
    }

    @Override
    public CompletableFuture<SendResult> sendAsync(Message message, String key) {
        if (closed) {
            throw new ClientException("producer is closed");
        }
        String topic = message.topic();
        byte[] attribute = RecordBatch.attributeBytes(message.attribute());
        int size = RecordBatch.recordSize(message.data(), attribute);
        PartitionQueue queue = queueFor(topic, message, key);
        ctx.budget().acquire(size, ctx.config().maxBlockMs());
        CompletableFuture<SendResult> future = new CompletableFuture<>();
        try {
            queue.append(message.data(), attribute, size, future);
        } catch (RuntimeException e) {
            ctx.budget().release(size);
            throw e;
        }
        return future;
    }

    private PartitionQueue queueFor(String topic, Message message, String key) {
        List<Partition> partitions = ctx.cluster().publishedPartitions(topic);
        if (partitions.isEmpty()) {
            partitions = lastPublished.getOrDefault(topic, List.of());
        } else {
            lastPublished.put(topic, partitions);
        }
        if (!partitions.isEmpty()) {
            Partition p = ctx.config().selector().select(topic, partitions, message, key);
            if (p == null || !partitions.contains(p)) {
                throw new ClientException("partition selector chose " + p + ", not one of " + topic + "'s " + partitions);
            }
            Map<Partition, PartitionQueue> byPartition = queues.get(topic);
            if (byPartition == null) {
                byPartition = queues.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
            }
            PartitionQueue q = byPartition.get(p);
            return q != null ? q
                    : byPartition.computeIfAbsent(p, k -> new PartitionQueue(topic, p.brokerId(), p.partition(), ctx));
        }
        List<Integer> brokers = new ArrayList<>(ctx.cluster().brokers().keySet());
        if (brokers.isEmpty()) {
            throw new ClientException("no broker is registered in ZooKeeper, cannot send to " + topic);
        }
        int broker = brokers.get(Math.floorMod(anyBroker.getAndIncrement(), brokers.size()));
        return anyPartitionQueues.computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(broker, b -> new PartitionQueue(topic, broker, -1, ctx));
    }

    @Override
    public void flush() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Map<Partition, PartitionQueue> m : queues.values()) {
            for (PartitionQueue q : m.values()) {
                all.add(q.flush());
            }
        }
        for (Map<Integer, PartitionQueue> m : anyPartitionQueues.values()) {
            for (PartitionQueue q : m.values()) {
                all.add(q.flush());
            }
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while flushing", e);
        } catch (ExecutionException e) {
            throw new ClientException("flush failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true; // new sends fail from here on; a second close returns at once
        }
        try {
            flush(); // bounded: every batch is answered, times out or runs out of retries
        } finally {
            onClose.accept(this);
        }
    }
}
