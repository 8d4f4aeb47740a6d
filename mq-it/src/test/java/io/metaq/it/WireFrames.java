package io.metaq.it;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** The MetaQ text protocol spoken by hand over a plain socket, for tests that check the wire itself. */
final class WireFrames {
    private WireFrames() {
    }

    /**
     * Sends one frame and returns the response header line and its body (ISO-8859-1, so every byte of a
     * {@code value}'s binary record headers survives).
     */
    static String[] roundTrip(Socket s, byte[] frame) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(frame);
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        StringBuilder header = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                header.append((char) c);
            }
        }
        String[] tokens = header.toString().split(" ");
        int len = Integer.parseInt(tokens[0].equals("value") ? tokens[1] : tokens[2]);
        byte[] body = in.readNBytes(len);
        return new String[] {header.toString(), new String(body, StandardCharsets.ISO_8859_1)};
    }

    /** {@code put <topic> 0 <length> 0 <checksum> <opaque>} and the body. */
    static byte[] put(String topic, String text, int opaque) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        String line = "put " + topic + " 0 " + body.length + " 0 " + (crc.getValue() & 0x7FFFFFFFL) + " " + opaque
                + "\r\n";
        byte[] head = line.getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[head.length + body.length];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(body, 0, frame, head.length, body.length);
        return frame;
    }
}
