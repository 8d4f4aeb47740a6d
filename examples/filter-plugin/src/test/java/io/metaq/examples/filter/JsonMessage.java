package io.metaq.examples.filter;

import io.metaq.spi.filter.MessageView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A message as the broker shows it to a filter: its data as a read-only buffer. */
record JsonMessage(ByteBuffer buffer) implements MessageView {
    /** The text as UTF-8, in a read-only heap buffer (like the broker's views: no accessible array). */
    static JsonMessage of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    static JsonMessage of(byte[] bytes) {
        return new JsonMessage(ByteBuffer.wrap(bytes).asReadOnlyBuffer());
    }

    @Override
    public long id() {
        return 1;
    }

    @Override
    public int flag() {
        return 0;
    }

    @Override
    public String attribute() {
        return null;
    }

    @Override
    public ByteBuffer data() {
        return buffer;
    }

    @Override
    public int dataSize() {
        return buffer.remaining();
    }

    @Override
    public long offset() {
        return 0;
    }
}
