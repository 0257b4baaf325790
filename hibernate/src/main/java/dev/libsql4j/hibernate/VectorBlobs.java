package dev.libsql4j.hibernate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts Java arrays to and from libSQL's vector blobs.
 *
 * <p>libSQL stores an {@code F32_BLOB(n)} value as {@code n} little-endian IEEE-754 floats with no
 * trailer (what {@code vector32('[...]')} returns), and an {@code F64_BLOB(n)} value as {@code n}
 * little-endian doubles followed by one type byte, {@code 2}. Use these methods to bind or read
 * vectors in native SQL; entity attributes mapped with {@link LibSqlDialect} convert on their own.
 *
 * <p>Stateless and thread-safe.
 */
public final class VectorBlobs {

    /** libSQL's trailing type byte of a float32 vector (accepted when reading, never written). */
    private static final byte TYPE_F32 = 1;
    /** libSQL's trailing type byte of a float64 vector. */
    private static final byte TYPE_F64 = 2;

    private VectorBlobs() {
    }

    /**
     * Encodes a float vector as an {@code F32_BLOB}.
     *
     * @param vector the components, not null
     * @return {@code 4 * vector.length} bytes, little-endian
     */
    public static byte[] toF32Blob(float[] vector) {
        ByteBuffer buf = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(vector);
        return buf.array();
    }

    /**
     * Decodes an {@code F32_BLOB} (or the same with libSQL's trailing float32 type byte).
     *
     * @param blob the stored bytes, not null
     * @return the components
     * @throws IllegalArgumentException if {@code blob} is not a float32 vector
     */
    public static float[] fromF32Blob(byte[] blob) {
        int len = blob.length;
        if (len % Float.BYTES == 1 && blob[len - 1] == TYPE_F32) {
            len--;
        }
        if (len % Float.BYTES != 0) {
            throw new IllegalArgumentException("Not a float32 vector: " + blob.length + " bytes (F32_BLOB holds 4 bytes per"
                    + " component" + trailerHint(blob) + ")");
        }
        float[] out = new float[len / Float.BYTES];
        ByteBuffer.wrap(blob, 0, len).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /**
     * Encodes a double vector as an {@code F64_BLOB} (8 bytes per component and the type byte).
     *
     * @param vector the components, not null
     * @return {@code 8 * vector.length + 1} bytes
     */
    public static byte[] toF64Blob(double[] vector) {
        ByteBuffer buf = ByteBuffer.allocate(vector.length * Double.BYTES + 1).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : vector) {
            buf.putDouble(v);
        }
        buf.put(TYPE_F64);
        return buf.array();
    }

    /**
     * Decodes an {@code F64_BLOB}.
     *
     * @param blob the stored bytes, not null
     * @return the components
     * @throws IllegalArgumentException if {@code blob} is not a float64 vector
     */
    public static double[] fromF64Blob(byte[] blob) {
        if (blob.length % Double.BYTES != 1 || blob[blob.length - 1] != TYPE_F64) {
            throw new IllegalArgumentException("Not a float64 vector: " + blob.length + " bytes (F64_BLOB holds 8 bytes per"
                    + " component and a trailing type byte 2" + trailerHint(blob) + ")");
        }
        double[] out = new double[blob.length / Double.BYTES];
        ByteBuffer.wrap(blob, 0, blob.length - 1).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
        return out;
    }

    private static String trailerHint(byte[] blob) {
        return blob.length % 2 == 1 ? "; this blob ends in type byte " + blob[blob.length - 1] : "";
    }
}
