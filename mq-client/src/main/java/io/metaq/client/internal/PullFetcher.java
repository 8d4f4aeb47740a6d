package io.metaq.client.internal;

import io.metaq.client.ClientException;
import io.metaq.client.FetchResult;
import io.metaq.client.Partition;
import io.metaq.spi.transport.GetRequest;
import io.metaq.spi.transport.Response;
import io.metaq.spi.transport.ResultResponse;
import io.metaq.spi.transport.ValueResponse;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A direct read of one partition outside any group's assignment: one {@code get}, no waiting. */
final class PullFetcher {
    private PullFetcher() {
    }

    static FetchResult fetch(ClientContext client, String group, String topic, Partition partition, long offset,
            int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be > 0: " + maxBytes);
        }
        String url = client.cluster().brokerUrl(partition.brokerId())
                .orElseThrow(() -> new ClientException("broker " + partition.brokerId() + " is not registered in ZooKeeper"));
        Response r;
        try {
            r = client.connections().get(url)
                    .thenCompose(c -> c.send(new GetRequest(topic, group, partition.partition(), offset, maxBytes,
                            0, 0), client.requestTimeoutMs()))
                    .get(client.requestTimeoutMs() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while fetching " + topic + " " + partition, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ClientException("fetching " + topic + " " + partition + " at " + offset + " failed: "
                    + (e.getCause() != null ? e.getCause() : e), e);
        }
        if (r instanceof ValueResponse v) {
            try {
                RecordParser.Parsed parsed = RecordParser.parse(topic, partition, offset, v.records().toByteBuffer());
                return new FetchResult(parsed.messages(), parsed.nextOffset());
            } finally {
                v.records().close();
            }
        }
        ResultResponse rr = (ResultResponse) r;
        if (rr.code() == ResultResponse.MOVED) {
            return new FetchResult(List.of(), Long.parseLong(rr.text().trim()));
        }
        if (rr.code() == ResultResponse.NOT_FOUND && !rr.text().contains("not exists")) {
            return new FetchResult(List.of(), offset);
        }
        throw new ClientException("fetching " + topic + " " + partition + " at " + offset + ": broker answered "
                + rr.code() + " " + rr.text());
    }
}
