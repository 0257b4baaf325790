package dev.libsql4j.embedded.internal;

import dev.libsql4j.Column;
import dev.libsql4j.Result;
import dev.libsql4j.Row;
import dev.libsql4j.Statement;
import dev.libsql4j.Value;
import dev.libsql4j.spi.ColumnIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The binary encodings that cross JNI (see {@link NativeBindings}): arguments out, row pages and
 * execute results in. Little-endian throughout. Pure functions; the reader is a small cursor
 * over one array.
 */
final class NativeCodec {
    static final byte NULL = 0;
    static final byte INTEGER = 1;
    static final byte REAL = 2;
    static final byte TEXT = 3;
    static final byte BLOB = 4;

    static final byte PARAMS_NONE = 0;
    static final byte PARAMS_POSITIONAL = 1;
    static final byte PARAMS_NAMED = 2;

    private NativeCodec() {
    }

    // ------------------------------------------------------------------ arguments

    /** The arguments of {@code stmt}, or null when it has none. */
    static byte[] encodeParams(Statement stmt) {
        Writer w = new Writer(16 + (stmt.args().size() + stmt.namedArgs().size()) * 24);
        return encodeParams(stmt, w) ? w.finish() : null;
    }

    /** Writes the arguments of {@code stmt} to {@code w}; false (nothing written) when it has none. */
    static boolean encodeParams(Statement stmt, Writer w) {
        if (stmt.hasNamedArgs()) {
            Map<String, Value> named = stmt.namedArgs();
            w.u8(PARAMS_NAMED);
            w.u32(named.size());
            for (Map.Entry<String, Value> e : named.entrySet()) {
                w.bytes(e.getKey().getBytes(StandardCharsets.UTF_8));
                w.value(e.getValue());
            }
            return true;
        }
        List<Value> args = stmt.args();
        if (args.isEmpty()) {
            return false;
        }
        w.u8(PARAMS_POSITIONAL);
        w.u32(args.size());
        for (int i = 0, n = args.size(); i < n; i++) {
            w.value(args.get(i));
        }
        return true;
    }

    /** A growable little-endian byte buffer. */
    static final class Writer {
        private byte[] buf;
        private int len;

        Writer(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        private void ensure(int more) {
            if (len + more > buf.length) {
                long want = Math.max((long) buf.length * 2, (long) len + more);
                if (want > Integer.MAX_VALUE - 16) {
                    throw new IllegalArgumentException("Arguments are too large to pass to the native library ("
                            + want + " bytes)");
                }
                buf = Arrays.copyOf(buf, (int) want);
            }
        }

        void u8(int v) {
            ensure(1);
            buf[len++] = (byte) v;
        }

        void u32(int v) {
            ensure(4);
            buf[len++] = (byte) v;
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) (v >>> 16);
            buf[len++] = (byte) (v >>> 24);
        }

        void i64(long v) {
            ensure(8);
            for (int i = 0; i < 8; i++) {
                buf[len++] = (byte) (v >>> (8 * i));
            }
        }

        /** u32 length, then the bytes. */
        void bytes(byte[] b) {
            u32(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        void value(Value v) {
            if (v instanceof Value.Integer i) {
                u8(INTEGER);
                i64(i.value());
            } else if (v instanceof Value.Text t) {
                u8(TEXT);
                bytes(t.value().getBytes(StandardCharsets.UTF_8));
            } else if (v instanceof Value.Real r) {
                u8(REAL);
                i64(Double.doubleToRawLongBits(r.value()));
            } else if (v instanceof Value.Blob b) {
                u8(BLOB);
                bytes(b.unsafeBytes());
            } else {
                u8(NULL);
            }
        }

        byte[] finish() {
            return len == buf.length ? buf : Arrays.copyOf(buf, len);
        }

        /** Empties the writer for reuse (keeping its array). */
        void reset() {
            len = 0;
        }

        /** The array written to; valid up to {@link #length()}. */
        byte[] array() {
            return buf;
        }

        int length() {
            return len;
        }
    }

    // ------------------------------------------------------------------ results

    /** Reads one encoded array from the front. */
    static final class Reader {
        private final byte[] b;
        private final int limit;
        /** The same bytes read as little-endian words (one bounds-checked load instead of 4 or 8 byte loads). */
        private final java.nio.ByteBuffer le;
        private int pos;

        Reader(byte[] b) {
            this(b, b.length);
        }

        /** Reads {@code b[0, limit)}. */
        Reader(byte[] b, int limit) {
            this.b = b;
            this.limit = limit;
            this.le = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        }

        int position() {
            return pos;
        }

        private void need(int n) {
            if (n < 0 || n > limit - pos) {
                throw malformed("needs " + n + " more bytes at offset " + pos + " of " + limit);
            }
        }

        int u8() {
            need(1);
            return b[pos++] & 0xFF;
        }

        int u32() {
            need(4);
            int v = le.getInt(pos);
            pos += 4;
            if (v < 0) {
                throw malformed("length " + Integer.toUnsignedString(v) + " at offset " + (pos - 4) + " is too large");
            }
            return v;
        }

        long i64() {
            need(8);
            long v = le.getLong(pos);
            pos += 8;
            return v;
        }

        Value value() {
            int tag = u8();
            switch (tag) {
                case NULL:
                    return Value.NULL;
                case INTEGER:
                    return new Value.Integer(i64());
                case REAL:
                    return new Value.Real(Double.longBitsToDouble(i64()));
                case TEXT: {
                    int n = u32();
                    need(n);
                    String s = new String(b, pos, n, StandardCharsets.UTF_8);
                    pos += n;
                    return new Value.Text(s);
                }
                case BLOB: {
                    int n = u32();
                    need(n);
                    byte[] copy = Arrays.copyOfRange(b, pos, pos + n);
                    pos += n;
                    return Value.Blob.wrap(copy);
                }
                default:
                    throw malformed("unknown value tag " + tag + " at offset " + (pos - 1));
            }
        }

        boolean atEnd() {
            return pos == limit;
        }
    }

    /** A row page's header. */
    record PageHeader(int columns, int rows, boolean done) {
    }

    static PageHeader pageHeader(Reader r) {
        int cols = r.u32();
        int rows = r.u32();
        int done = r.u8();
        if (done > 1) {
            throw malformed("done flag is " + done);
        }
        return new PageHeader(cols, rows, done == 1);
    }

    /** One row of {@code index.size()} values. */
    static Row row(Reader r, ColumnIndex index) {
        Value[] values = new Value[index.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.value();
        }
        return new Row(index, values);
    }

    /**
     * An execute result. {@code columns} supplies the column index once the column count is
     * known (it is called only when the statement has columns).
     */
    static Result executeResult(byte[] bytes, java.util.function.IntFunction<ColumnIndex> columns) {
        return executeResult(bytes, bytes.length, columns);
    }

    /** An execute result in {@code bytes[0, length)}. */
    static Result executeResult(byte[] bytes, int length, java.util.function.IntFunction<ColumnIndex> columns) {
        Reader r = new Reader(bytes, length);
        long rowsAffected = r.i64();
        boolean hasRowid = r.u8() == 1;
        long rowid = r.i64();
        PageHeader h = pageHeader(r);
        ColumnIndex index = h.columns() == 0 ? ColumnIndex.of(List.of()) : columns.apply(h.columns());
        if (index.size() != h.columns()) {
            throw malformed("the statement has " + index.size() + " columns but the result has " + h.columns());
        }
        List<Row> rows;
        if (h.rows() == 0) {
            rows = List.of();
        } else if (h.rows() == 1) {
            // Immutable already, so Result keeps it instead of copying it.
            rows = List.of(row(r, index));
        } else {
            rows = new ArrayList<>(h.rows());
            for (int i = 0; i < h.rows(); i++) {
                rows.add(row(r, index));
            }
        }
        if (!r.atEnd()) {
            throw malformed((length - r.position()) + " bytes left after the last row");
        }
        return new Result(index, rows, rowsAffected, hasRowid ? rowid : null);
    }

    /** Columns from the {@code [name, declType, ...]} form of {@code stmtColumns}/{@code rowsColumns}. */
    static ColumnIndex columns(String[] pairs) {
        if (pairs == null || pairs.length == 0) {
            return ColumnIndex.of(List.of());
        }
        if (pairs.length % 2 != 0) {
            throw malformed("column list has an odd length " + pairs.length);
        }
        List<Column> cols = new ArrayList<>(pairs.length / 2);
        for (int i = 0; i < pairs.length; i += 2) {
            cols.add(new Column(pairs[i], pairs[i + 1]));
        }
        return ColumnIndex.of(cols);
    }

    static dev.libsql4j.ProtocolException malformed(String detail) {
        return new dev.libsql4j.ProtocolException("NATIVE_PROTOCOL_ERROR",
                "The native library returned malformed data (" + detail + "); the Java and native parts of"
                        + " libsql4j do not match, rebuild them from one source tree", null);
    }
}
