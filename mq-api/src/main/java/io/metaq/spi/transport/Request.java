package io.metaq.spi.transport;

/**
 * A decoded request frame (PROTOCOL.md §2 and §7). Byte buffers in requests are valid until the
 * request is answered through its {@link Responder}; a handler that needs them longer copies them.
 */
public sealed interface Request permits PutRequest, BatchPutRequest, GetRequest, OffsetRequest, OffsetForTimeRequest,
        VersionRequest, StatsRequest, QuitRequest, TransactionRequest, SyncRequest, AdminRequest {
    /** The requester's correlation number, echoed in the response. */
    int opaque();

    /** The protocol command word, e.g. {@code put}. */
    String command();
}
