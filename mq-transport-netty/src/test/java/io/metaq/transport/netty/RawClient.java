package io.metaq.transport.netty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain blocking socket speaking the text protocol by hand; every read is bounded by a timeout. */
final class RawClient implements AutoCloseable {
    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** A response frame as read: {@code line} without CRLF and its body. */
    record Frame(String line, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String[] tokens() {
            return line.split(" ");
        }

        int opaque() {
            String[] t = tokens();
            return Integer.parseInt(t[t.length - 1]);
        }
    }

    RawClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 5_000);
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawClient send(String s) throws IOException {
        return send(s.getBytes(StandardCharsets.UTF_8));
    }

    RawClient send(byte[] b) throws IOException {
        out.write(b);
        out.flush();
        return this;
    }

    /** Reads one {@code result} or {@code value} frame. */
    Frame read() throws IOException {
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

    /** True when the server closes the connection (EOF or reset) within the socket timeout; false on timeout. */
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
            return true; // connection reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
