package io.metaq.filter;

import io.metaq.spi.filter.FilterContext;
import io.metaq.spi.filter.MessageView;
import java.nio.ByteBuffer;

/** A MessageView for tests. */
record TestMessage(long id, String attribute, int dataSize) implements MessageView {
    static final FilterContext CONTEXT = new FilterContext("t", "g", 0);

    static TestMessage of(String attribute) {
        return new TestMessage(1, attribute, 10);
    }

    @Override
    public int flag() {
        return attribute == null ? 0 : 1;
    }

    @Override
    public ByteBuffer data() {
        return ByteBuffer.allocate(dataSize).asReadOnlyBuffer();
    }

    @Override
    public long offset() {
        return 0;
    }
}
