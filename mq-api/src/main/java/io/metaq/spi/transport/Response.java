package io.metaq.spi.transport;

/** A response frame: {@code result} or {@code value} (PROTOCOL.md §2.4). */
public sealed interface Response permits ResultResponse, ValueResponse {
    int opaque();
}
