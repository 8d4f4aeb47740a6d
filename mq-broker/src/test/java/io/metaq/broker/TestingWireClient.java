package io.metaq.broker;

import io.metaq.api.record.RecordFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A blocking socket speaking the text protocol by hand, one request at a time; reads time out after 10 s. */
final class TestingWireClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int opaque;

    /** A response: {@code line} without CRLF, and its body. */
    record Frame(String line, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The code of a {@code result}, or -1 for a {@code value}. */
        int code() {
            String[] t = line.split(" ");
            return t[0].equals("result") ? Integer.parseInt(t[1]) : -1;
        }

        int opaque() {
            String[] t = line.split(" ");
            return Integer.parseInt(t[t.length - 1]);
        }
    }

    TestingWireClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 5_000);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** {@code admin <len> <opaque>\r\n<json>}. */
    Frame admin(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return call(("admin " + body.length + " " + ++opaque + "\r\n").getBytes(StandardCharsets.US_ASCII), body);
    }

    /** A put as the original client writes it (with a checksum), no attribute. */
    Frame put(String topic, int partition, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        int checksum = RecordFormat.checksum(body, 0, body.length);
        return call(("put " + topic + " " + partition + " " + body.length + " 0 " + checksum + " " + ++opaque + "\r\n")
                .getBytes(StandardCharsets.US_ASCII), body);
    }

    Frame get(String topic, int partition, long offset) throws IOException {
        return call(("get " + topic + " g " + partition + " " + offset + " 65536 " + ++opaque + "\r\n")
                .getBytes(StandardCharsets.US_ASCII), new byte[0]);
    }

    Frame version() throws IOException {
        return call(("version " + ++opaque + "\r\n").getBytes(StandardCharsets.US_ASCII), new byte[0]);
    }

    /** Sends raw bytes and reads one response. */
    Frame raw(String frame) throws IOException {
        return call(frame.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    private Frame call(byte[] head, byte[] body) throws IOException {
        out.write(head);
        out.write(body);
        out.flush();
        String line = readLine();
        String[] t = line.split(" ");
        int len = switch (t[0]) {
            case "result" -> Integer.parseInt(t[2]);
            case "value" -> Integer.parseInt(t[1]);
            default -> throw new IOException("unexpected response line: " + line);
        };
        return new Frame(line, in.readNBytes(len));
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed after '" + b + "'");
            }
            if (prev == '\r' && c == '\n') {
                byte[] bytes = b.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            b.write(c);
            prev = c;
        }
    }

    /** True when the server closes the connection within the read timeout. */
    boolean closedByServer() throws IOException {
        try {
            byte[] buf = new byte[4096];
            while (true) {
                if (in.read(buf) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
