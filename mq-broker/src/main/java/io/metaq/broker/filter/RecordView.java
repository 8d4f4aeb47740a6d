package io.metaq.broker.filter;

import io.metaq.api.record.Record;
import io.metaq.api.record.RecordFormat;
import io.metaq.spi.filter.MessageView;
import java.nio.ByteBuffer;

/**
 * The {@link MessageView} a filter sees: a flyweight over one record of the fetched window, moved
 * from record to record by {@link FilterScanner}. Nothing is allocated unless the filter asks for
 * the attribute (decoded once per record) or the data (a read-only slice). Not thread-safe.
 */
final class RecordView implements MessageView {
    private final Record record = new Record(ByteBuffer.allocate(0), 0, 0);
    private ByteBuffer buf;
    private int index;
    private String attribute;
    private boolean attributeRead;

    RecordView reset(ByteBuffer buf, int index, long offset) {
        this.buf = buf;
        this.index = index;
        this.attribute = null;
        this.attributeRead = false;
        record.reset(buf, index, offset);
        return this;
    }

    @Override
    public long id() {
        return RecordFormat.id(buf, index);
    }

    @Override
    public int flag() {
        return RecordFormat.flag(buf, index);
    }

    @Override
    public String attribute() {
        if (!attributeRead) {
            attribute = record.attribute(); // throws on an attribute length beyond the payload
            attributeRead = true;
        }
        return attribute;
    }

    @Override
    public ByteBuffer data() {
        return record.data();
    }

    @Override
    public int dataSize() {
        int payload = RecordFormat.length(buf, index);
        if (!record.hasAttribute()) {
            return payload;
        }
        int attrLen = buf.getInt(index + RecordFormat.HEADER_SIZE);
        return attrLen < 0 || attrLen > payload - 4 ? payload : payload - 4 - attrLen;
    }

    @Override
    public long offset() {
        return record.offset();
    }

    @Override
    public String toString() {
        return record.toString();
    }
}
