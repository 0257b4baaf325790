package dev.libsql4j.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal streaming protobuf reader over an {@link InputStream}. Nested messages are entered
 * with {@link #push(long)} (their length) and left with {@link #pop(long)}; a field that claims
 * more bytes than its message has, a varint over 10 bytes, an unknown wire type or an early end
 * of input is a {@link HranaJson.MalformedResponseException}. Length-delimited payloads are read
 * in growing chunks, so a hostile length cannot make it allocate more than the input holds.
 * Not thread-safe.
 */
final class ProtoInput {
    private static final long NO_LIMIT = Long.MAX_VALUE;
    private final InputStream in;
    /** Most answers are a few hundred bytes: start small, grow while reads fill the buffer. */
    private static final int FIRST_BUFFER = 512;
    private static final int MAX_BUFFER = 16 * 1024;
    private byte[] buf = new byte[FIRST_BUFFER];
    private int bufPos;
    private int bufLen;
    /** Bytes consumed before {@code buf[0]}. */
    private long base;
    private long limit = NO_LIMIT;

    ProtoInput(InputStream in) {
        this.in = in;
    }

    /** The number of bytes read so far. */
    long position() {
        return base + bufPos;
    }

    private boolean fill() throws IOException {
        if (bufPos < bufLen) {
            return true;
        }
        base += bufLen;
        bufPos = 0;
        if (bufLen == buf.length && buf.length < MAX_BUFFER) {
            buf = new byte[Math.min(buf.length * 4, MAX_BUFFER)]; // the last read filled it: a larger answer
        }
        bufLen = 0;
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        bufLen = n;
        return true;
    }

    private static HranaJson.MalformedResponseException truncated() {
        return new HranaJson.MalformedResponseException("the protobuf response ended in the middle of a message"
                + " (truncated response)");
    }

    /** True at the end of the current message, or at the end of input when no message is open. */
    boolean atEnd() throws IOException {
        long p = position();
        if (limit != NO_LIMIT) {
            return p >= limit;
        }
        return !fill();
    }

    /** The next field's tag (field number and wire type), or -1 at the end of the current message. */
    int readTag() throws IOException {
        if (atEnd()) {
            return -1;
        }
        long t = readVarint();
        if (t <= 0 || t > Integer.MAX_VALUE || (t >>> 3) == 0) {
            throw new HranaJson.MalformedResponseException("invalid protobuf field tag " + t + " at byte " + position());
        }
        return (int) t;
    }

    private int readByte() throws IOException {
        if (position() >= limit) {
            throw new HranaJson.MalformedResponseException("a protobuf field runs past the end of its message at byte "
                    + position());
        }
        if (bufPos >= bufLen && !fill()) {
            throw truncated();
        }
        return buf[bufPos++] & 0xFF;
    }

    long readVarint() throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new HranaJson.MalformedResponseException("a protobuf varint is longer than 10 bytes at byte " + position());
    }

    long readSint64() throws IOException {
        long v = readVarint();
        return (v >>> 1) ^ -(v & 1);
    }

    double readDouble() throws IOException {
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits |= (long) readByte() << (8 * i);
        }
        return Double.longBitsToDouble(bits);
    }

    /** Reads a length prefix and checks it fits the current message. */
    long readLength() throws IOException {
        long len = readVarint();
        if (len < 0 || position() + len > limit || position() + len < 0) {
            throw new HranaJson.MalformedResponseException("a protobuf field of " + len + " bytes runs past the end of"
                    + " its message at byte " + position());
        }
        return len;
    }

    byte[] readBytes() throws IOException {
        return readBytesOfLength(readLength());
    }

    String readString() throws IOException {
        long len = readLength();
        if (len <= bufLen - bufPos) {
            String s = new String(buf, bufPos, (int) len, StandardCharsets.UTF_8);
            bufPos += (int) len;
            return s;
        }
        // Spans buffers: read the bytes (the length was checked above).
        return new String(readBytesOfLength(len), StandardCharsets.UTF_8);
    }

    private byte[] readBytesOfLength(long len) throws IOException {
        if (len > Integer.MAX_VALUE - 16) {
            throw new HranaJson.MalformedResponseException("a protobuf field of " + len + " bytes is too large");
        }
        int n = (int) len;
        byte[] out = new byte[Math.min(n, 64 * 1024)];
        int got = 0;
        while (got < n) {
            if (got == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(n, (long) out.length * 2));
            }
            if (bufPos >= bufLen && !fill()) {
                throw truncated();
            }
            int k = Math.min(bufLen - bufPos, Math.min(n - got, out.length - got));
            System.arraycopy(buf, bufPos, out, got, k);
            bufPos += k;
            got += k;
        }
        return out;
    }

    /** Enters a nested message of {@code len} bytes; returns the outer limit for {@link #pop}. */
    long push(long len) {
        long outer = limit;
        limit = position() + len;
        return outer;
    }

    /** Enters the nested message whose length prefix comes next. */
    long pushMessage() throws IOException {
        return push(readLength());
    }

    /** Leaves a nested message, skipping what is left of it. */
    void pop(long outer) throws IOException {
        skipBytes(limit - position());
        limit = outer;
    }

    private void skipBytes(long n) throws IOException {
        long left = n;
        while (left > 0) {
            if (bufPos >= bufLen && !fill()) {
                throw truncated();
            }
            int k = (int) Math.min(bufLen - bufPos, left);
            bufPos += k;
            left -= k;
        }
    }

    /** Skips a field of the given tag's wire type. */
    void skip(int tag) throws IOException {
        switch (tag & 7) {
            case ProtoOutput.VARINT:
                readVarint();
                break;
            case ProtoOutput.FIXED64:
                checkRoom(8);
                skipBytes(8);
                break;
            case ProtoOutput.LEN:
                skipBytes(readLength());
                break;
            case 5:
                checkRoom(4);
                skipBytes(4);
                break;
            default:
                throw new HranaJson.MalformedResponseException("unsupported protobuf wire type " + (tag & 7)
                        + " at byte " + position());
        }
    }

    private void checkRoom(int n) throws IOException {
        if (position() + n > limit) {
            throw new HranaJson.MalformedResponseException("a protobuf field runs past the end of its message at byte "
                    + position());
        }
    }

    /** Requires {@code tag} to have wire type {@code wireType}. */
    static void expectWireType(int tag, int wireType, String what) throws IOException {
        if ((tag & 7) != wireType) {
            throw new HranaJson.MalformedResponseException(what + " has protobuf wire type " + (tag & 7)
                    + ", expected " + wireType);
        }
    }
}
