package io.metaq.transport.netty;

import io.metaq.spi.transport.Request;
import io.netty.buffer.ByteBuf;

/**
 * A decoded request and the buffer its body lives in (null for bodiless requests); the body buffer is
 * released when the request is answered, since the request's {@link java.nio.ByteBuffer} is a view of it.
 */
record InboundRequest(Request request, ByteBuf body) {
}
