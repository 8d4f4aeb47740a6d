package io.metaq.spi.transport;

import static java.util.Objects.requireNonNull;

/**
 * Admin extension (PROTOCOL-EXTENSIONS.md E5): {@code admin <bodyLen> <opaque>\r\n<body>}, where the body
 * is a UTF-8 JSON object whose {@code "op"} field names the operation ({@code create-topic},
 * {@code delete-topic}, {@code list-topics}, ...). Answered with {@code result <code>}: a JSON body on
 * 200, a text reason otherwise.
 *
 * @param json the body as text (decoded as UTF-8; not checked by the transport)
 */
public record AdminRequest(String json, int opaque) implements Request {
    /** The largest body, in bytes, that a broker accepts; a longer one is a frame error. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    public AdminRequest {
        requireNonNull(json, "json is null");
    }

    @Override
    public String command() {
        return "admin";
    }
}
