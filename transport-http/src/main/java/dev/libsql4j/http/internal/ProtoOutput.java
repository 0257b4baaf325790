package dev.libsql4j.http.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal protobuf writer: varints, 64-bit doubles, and length-delimited fields. A nested
 * message is written in place and its length prefix inserted when it ends ({@link #begin} /
 * {@link #end}), so no intermediate buffers are needed. Not thread-safe; one per request.
 */
final class ProtoOutput {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;

    private byte[] buf = new byte[256];
    private int pos;
    private int[] starts = new int[16];
    private int depth;

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    void uint64Field(int field, long v) {
        tag(field, VARINT);
        varint(v);
    }

    void int32Field(int field, int v) {
        tag(field, VARINT);
        varint(v); // a negative int32 is sign-extended to 10 bytes, as protobuf says
    }

    void sint64Field(int field, long v) {
        tag(field, VARINT);
        varint((v << 1) ^ (v >> 63));
    }

    void boolField(int field, boolean v) {
        tag(field, VARINT);
        varint(v ? 1 : 0);
    }

    void doubleField(int field, double v) {
        tag(field, FIXED64);
        long bits = Double.doubleToRawLongBits(v);
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (bits >>> (8 * i));
        }
    }

    void stringField(int field, String s) {
        bytesField(field, s.getBytes(StandardCharsets.UTF_8));
    }

    void bytesField(int field, byte[] b) {
        tag(field, LEN);
        varint(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    /** An empty message, e.g. a request type without fields. */
    void emptyField(int field) {
        tag(field, LEN);
        varint(0);
    }

    /** Starts a nested message in {@code field}; {@link #end()} closes it. */
    void begin(int field) {
        tag(field, LEN);
        if (depth == starts.length) {
            starts = Arrays.copyOf(starts, depth * 2);
        }
        starts[depth++] = pos;
    }

    /** Ends the innermost nested message: inserts its length before its content. */
    void end() {
        int start = starts[--depth];
        int len = pos - start;
        int n = varintSize(len);
        ensure(n);
        System.arraycopy(buf, start, buf, start + n, len);
        int p = start;
        long v = len;
        while ((v & ~0x7FL) != 0) {
            buf[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[p] = (byte) v;
        pos += n;
    }

    private static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    int size() {
        return pos;
    }

    byte[] toByteArray() {
        if (depth != 0) {
            throw new IllegalStateException("unclosed nested message");
        }
        return Arrays.copyOf(buf, pos);
    }
}
