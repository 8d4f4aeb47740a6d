package io.metaq.spi.transport;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/** {@code result <code> <bodyLen> <opaque>\r\n<body>}: a status with a UTF-8 text body. */
public record ResultResponse(int code, byte[] body, int opaque) implements Response {
    public static final int OK = 200;
    public static final int MOVED = 301;
    public static final int BAD_REQUEST = 400;
    public static final int FORBIDDEN = 403;
    public static final int NOT_FOUND = 404;
    public static final int INTERNAL_ERROR = 500;
    public static final int SERVICE_UNAVAILABLE = 503;
    public static final int GATEWAY_TIMEOUT = 504;

    public ResultResponse {
        requireNonNull(body, "body is null");
    }

    public static ResultResponse of(int code, String text, int opaque) {
        return new ResultResponse(code, text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8), opaque);
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "result " + code + " " + body.length + " " + opaque + " " + text();
    }
}
