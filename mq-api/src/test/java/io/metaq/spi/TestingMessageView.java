package io.metaq.spi;

import io.metaq.spi.filter.MessageView;
import java.nio.ByteBuffer;

/** A message with an attribute and no data, enough to drive a filter in tests. */
record TestingMessageView(String attribute) implements MessageView {
    @Override
    public long id() {
        return 1;
    }

    @Override
    public int flag() {
        return attribute == null ? 0 : 1;
    }

    @Override
    public ByteBuffer data() {
        return ByteBuffer.allocate(0).asReadOnlyBuffer();
    }

    @Override
    public int dataSize() {
        return 0;
    }

    @Override
    public long offset() {
        return 0;
    }
}
