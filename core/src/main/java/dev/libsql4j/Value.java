package dev.libsql4j;

import java.util.Arrays;
import java.util.Base64;

/**
 * One SQLite value: {@link Null}, {@link Integer} (64-bit), {@link Real} (double), {@link Text}
 * or {@link Blob}.
 *
 * <p>Values are immutable and thread-safe. Integers are 64-bit everywhere and never pass through
 * a {@code double}; {@link Real} keeps the exact bits of its double, so {@code -0.0} and
 * subnormals round-trip and compare unequal to {@code 0.0}.
 *
 * <pre>{@code
 * Value v = Value.of(42L);
 * if (v instanceof Value.Integer i) { long n = i.value(); }
 * }</pre>
 */
public sealed interface Value permits Value.Null, Value.Integer, Value.Real, Value.Text, Value.Blob {

    /** The SQL {@code NULL}. */
    Null NULL = new Null();

    /** SQL {@code NULL}. Use {@link Value#NULL}. */
    record Null() implements Value {
        @Override
        public Object toJava() {
            return null;
        }

        @Override
        public String toString() {
            return "NULL";
        }
    }

    /** A 64-bit signed integer. */
    record Integer(long value) implements Value {
        @Override
        public Object toJava() {
            return value;
        }

        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /**
     * An IEEE 754 double. Equality compares bit patterns (as {@link Double#equals}), so
     * {@code -0.0} differs from {@code 0.0}.
     */
    record Real(double value) implements Value {
        @Override
        public Object toJava() {
            return value;
        }

        @Override
        public String toString() {
            return Double.toString(value);
        }
    }

    /** UTF-8 text; may contain any Unicode character, including NUL and 4-byte characters. */
    record Text(String value) implements Value {
        /** @throws NullPointerException if {@code value} is null (use {@link Value#NULL}) */
        public Text {
            if (value == null) {
                throw new NullPointerException("Text value is null; use Value.NULL for SQL NULL");
            }
        }

        @Override
        public Object toJava() {
            return value;
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /** A byte string. The array is copied in and out, so a {@code Blob} never changes. */
    final class Blob implements Value {
        private final byte[] bytes;

        private Blob(byte[] bytes) {
            this.bytes = bytes;
        }

        /** Copies {@code bytes}. */
        public static Blob of(byte[] bytes) {
            if (bytes == null) {
                throw new NullPointerException("Blob value is null; use Value.NULL for SQL NULL");
            }
            return new Blob(bytes.clone());
        }

        /** Wraps {@code bytes} without copying; for transports that own a fresh array. */
        public static Blob wrap(byte[] bytes) {
            return new Blob(bytes);
        }

        /** A copy of the bytes. */
        public byte[] value() {
            return bytes.clone();
        }

        /** The number of bytes. */
        public int length() {
            return bytes.length;
        }

        /** The bytes without a copy. The caller must not modify the array. */
        public byte[] unsafeBytes() {
            return bytes;
        }

        @Override
        public Object toJava() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Blob b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return bytes.length <= 32
                    ? "x'" + hex(bytes) + "'"
                    : "x'" + hex(Arrays.copyOf(bytes, 32)) + "...' (" + bytes.length + " bytes)";
        }

        private static String hex(byte[] b) {
            StringBuilder sb = new StringBuilder(b.length * 2);
            for (byte x : b) {
                sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
            }
            return sb.toString();
        }

        /** Base64 (standard alphabet, padded) of the bytes; handy for logs and tests. */
        public String base64() {
            return Base64.getEncoder().encodeToString(bytes);
        }
    }

    /**
     * The plain Java form: {@code null}, {@link Long}, {@link Double}, {@link String} or a fresh
     * {@code byte[]}.
     */
    Object toJava();

    /** A 64-bit integer value. */
    static Value integer(long v) {
        return new Integer(v);
    }

    /** A double value. */
    static Value real(double v) {
        return new Real(v);
    }

    /** A text value, or {@link #NULL} for {@code null}. */
    static Value text(String v) {
        return v == null ? NULL : new Text(v);
    }

    /** A blob value (copied), or {@link #NULL} for {@code null}. */
    static Value blob(byte[] v) {
        return v == null ? NULL : Blob.of(v);
    }

    /**
     * Converts a Java argument: {@code null}, {@link Long}/{@link java.lang.Integer}/{@link Short}/
     * {@link Byte}, {@link Boolean} (1/0), {@link Double}/{@link Float}, {@link String},
     * {@code byte[]} or a {@link Value}.
     *
     * @throws IllegalArgumentException for any other type; the message names the type
     */
    static Value of(Object o) {
        Value v = Values.convertOrNull(o);
        if (v == null) {
            throw new IllegalArgumentException(Values.unsupported(o, null));
        }
        return v;
    }
}
