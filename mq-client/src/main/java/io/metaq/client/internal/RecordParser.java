package io.metaq.client.internal;

import io.metaq.api.InvalidRecordException;
import io.metaq.api.record.Record;
import io.metaq.api.record.RecordFormat;
import io.metaq.client.Partition;
import io.metaq.client.ReceivedMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the bytes of a {@code value} answer into messages: whole records only (the last one may be
 * cut short by the fetch size, PROTOCOL.md §2.2), each payload copied out once so the receive buffer
 * can be released at once. A record whose checksum fails is logged and skipped; the broker never
 * serves one, so it can only be damage in transit.
 */
final class RecordParser {
    private static final Logger LOG = LoggerFactory.getLogger(RecordParser.class);

    /** Messages and where the next fetch starts. */
    record Parsed(List<ReceivedMessage> messages, long nextOffset, int bytes) {
    }

    private RecordParser() {
    }

    static Parsed parse(String topic, Partition partition, long offset, ByteBuffer records) {
        List<ReceivedMessage> out = new ArrayList<>();
        int base = records.position();
        int pos = base;
        int limit = records.limit();
        Record r = null;
        while (limit - pos >= RecordFormat.HEADER_SIZE) {
            int len = RecordFormat.length(records, pos);
            if (len < 0 || len > limit - pos - RecordFormat.HEADER_SIZE) {
                break; // cut short by the fetch size, or not a record at all
            }
            r = r == null ? new Record(records, pos, offset + pos - base) : r.reset(records, pos, offset + pos - base);
            int size = r.size();
            if (r.checksumValid()) {
                try {
                    out.add(new ReceivedMessage(topic, partition, r.offset(), r.offset() + size, r.id(), r.attribute(),
                            r.dataBytes()));
                } catch (InvalidRecordException e) {
                    LOG.error("{} {}: record at offset {} skipped: {}", topic, partition, r.offset(), e.getMessage());
                }
            } else {
                LOG.error("{} {}: record at offset {} fails its checksum; skipped", topic, partition, r.offset());
            }
            pos += size;
        }
        return new Parsed(out, offset + pos - base, limit - base);
    }
}
