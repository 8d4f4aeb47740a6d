package io.metaq.client.internal;

import io.metaq.api.record.RecordFormat;
import io.metaq.client.Partition;
import io.metaq.client.ReceivedMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the bytes of a {@code value} answer into messages: whole records only (the last one may be
 * cut short by the fetch size, PROTOCOL.md §2.2), each payload copied out once so the receive buffer
 * can be released at once. Works on absolute indexes of the one buffer (no per-record views): a
 * consumer parses hundreds of thousands of records a second. A record whose checksum fails, or
 * whose attribute length does not fit its payload, is logged and skipped; the broker never serves
 * one, so it can only be damage in transit.
 */
final class RecordParser {
    private static final Logger LOG = LoggerFactory.getLogger(RecordParser.class);

    /** Messages and where the next fetch starts. */
    record Parsed(List<ReceivedMessage> messages, long nextOffset, int bytes) {
    }

    private RecordParser() {
    }

    /** The offset just past the last whole record of {@code records} (a header walk, nothing copied). */
    static long endOfWholeRecords(long offset, ByteBuffer records) {
        int base = records.position();
        int limit = records.limit();
        int end = base;
        while (limit - end >= RecordFormat.HEADER_SIZE) {
            int len = RecordFormat.length(records, end);
            if (len < 0 || len > limit - end - RecordFormat.HEADER_SIZE) {
                break;
            }
            end += RecordFormat.HEADER_SIZE + len;
        }
        return offset + end - base;
    }

    static Parsed parse(String topic, Partition partition, long offset, ByteBuffer records) {
        int base = records.position();
        int limit = records.limit();
        int end = base;
        int count = 0;
        while (limit - end >= RecordFormat.HEADER_SIZE) {
            int len = RecordFormat.length(records, end);
            if (len < 0 || len > limit - end - RecordFormat.HEADER_SIZE) {
                break; // cut short by the fetch size, or not a record at all
            }
            end += RecordFormat.HEADER_SIZE + len;
            count++;
        }
        List<ReceivedMessage> out = new ArrayList<>(count);
        CRC32 crc = new CRC32();
        ByteBuffer view = records.hasArray() ? null : records.duplicate();
        for (int pos = base; pos < end; ) {
            int len = RecordFormat.length(records, pos);
            int payload = pos + RecordFormat.HEADER_SIZE;
            long recordOffset = offset + pos - base;
            long next = recordOffset + RecordFormat.HEADER_SIZE + len;
            if (checksum(crc, records, view, payload, len) != RecordFormat.storedChecksum(records, pos)) {
                LOG.error("{} {}: record at offset {} fails its checksum; skipped", topic, partition, recordOffset);
            } else {
                ReceivedMessage m = message(topic, partition, records, pos, payload, len, recordOffset, next);
                if (m != null) {
                    out.add(m);
                }
            }
            pos += RecordFormat.HEADER_SIZE + len;
        }
        return new Parsed(out, offset + end - base, limit - base);
    }

    private static ReceivedMessage message(String topic, Partition partition, ByteBuffer records, int pos, int payload,
            int len, long offset, long next) {
        String attribute = null;
        int dataStart = payload;
        if ((RecordFormat.flag(records, pos) & RecordFormat.FLAG_HAS_ATTRIBUTE) != 0) {
            int attrLen = len >= 4 ? records.getInt(payload) : -1;
            if (attrLen < 0 || attrLen > len - 4) {
                LOG.error("{} {}: record at offset {} has attribute length {} beyond its payload of {}; skipped", topic,
                        partition, offset, attrLen, len);
                return null;
            }
            byte[] a = new byte[attrLen];
            records.get(payload + 4, a);
            attribute = new String(a, StandardCharsets.UTF_8);
            dataStart = payload + 4 + attrLen;
        }
        byte[] data = new byte[payload + len - dataStart];
        records.get(dataStart, data);
        return new ReceivedMessage(topic, partition, offset, next, RecordFormat.id(records, pos), attribute, data);
    }

    private static int checksum(CRC32 crc, ByteBuffer records, ByteBuffer view, int index, int len) {
        crc.reset();
        if (view == null) {
            crc.update(records.array(), records.arrayOffset() + index, len);
        } else {
            view.clear();
            view.position(index).limit(index + len);
            crc.update(view);
        }
        return (int) (crc.getValue() & 0x7FFFFFFFL);
    }
}
