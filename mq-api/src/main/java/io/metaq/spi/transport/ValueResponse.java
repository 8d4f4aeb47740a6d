package io.metaq.spi.transport;

import static java.util.Objects.requireNonNull;

import io.metaq.spi.store.ReadView;

/**
 * {@code value <totalLen> <opaque>\r\n<records>}. The transport sends the view (zero-copy where it
 * can) and closes it once written or when the connection fails; a receiver closes it after use.
 */
public record ValueResponse(ReadView records, int opaque) implements Response {
    public ValueResponse {
        requireNonNull(records, "records is null");
    }
}
