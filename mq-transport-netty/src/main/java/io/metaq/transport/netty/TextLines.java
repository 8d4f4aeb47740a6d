package io.metaq.transport.netty;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Command-line framing shared by both directions: a line is the bytes up to {@code \r\n}, tokens are
 * separated by exactly one space. Stateless.
 */
final class TextLines {
    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte[] CRLF = {CR, LF};

    private TextLines() {
    }

    /**
     * The length (without CRLF) of the line starting at {@code in}'s reader index, or -1 when its end has
     * not arrived yet. Never looks further than {@code maxLineLength + 2} bytes, so a peer cannot make
     * the decoder buffer or scan an unbounded line.
     *
     * @throws FrameException when the line is longer than {@code maxLineLength} or ends in a bare LF
     */
    static int lineLength(ByteBuf in, int maxLineLength) {
        int start = in.readerIndex();
        int scan = Math.min(in.readableBytes(), maxLineLength + 2);
        int lf = in.indexOf(start, start + scan, LF);
        if (lf < 0) {
            if (in.readableBytes() >= maxLineLength + 2) {
                throw new FrameException("command line longer than " + maxLineLength + " bytes");
            }
            return -1;
        }
        if (lf == start || in.getByte(lf - 1) != CR) {
            throw new FrameException("command line must end with CRLF");
        }
        return lf - 1 - start;
    }

    /** Reads the line of {@code length} bytes and skips it and its CRLF. */
    static String readLine(ByteBuf in, int length) {
        String line = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length + 2);
        return line;
    }

    /**
     * Splits on single spaces exactly as the original decoder ({@code String.split(" ")}) does: two
     * spaces give an empty token, trailing empty tokens are dropped.
     */
    static String[] split(String line) {
        return line.split(" ");
    }

    /** Writes {@code value} in decimal ASCII without allocating. */
    static void writeDecimal(ByteBuf out, long value) {
        if (value == Long.MIN_VALUE) {
            out.writeCharSequence(Long.toString(value), StandardCharsets.US_ASCII);
            return;
        }
        if (value < 0) {
            out.writeByte('-');
            value = -value;
        }
        long div = 1;
        while (value / div >= 10) {
            div *= 10;
        }
        for (; div > 0; div /= 10) {
            out.writeByte((int) ('0' + (value / div) % 10));
        }
    }

    static void writeUtf8(ByteBuf out, String s) {
        out.writeCharSequence(s, StandardCharsets.UTF_8);
    }
}
