package dev.libsql4j.embedded.internal;

import dev.libsql4j.Result;
import dev.libsql4j.Statement;
import dev.libsql4j.spi.ColumnIndex;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.IntFunction;

/**
 * One connection's buffers for running statements: a direct buffer that carries the arguments to
 * the native side and the result back ({@link NativeBindings#stmtExecuteIo}), the writer the
 * arguments are encoded with, and an array the result is read from. Reused for every call, so a
 * statement run allocates no buffers and makes no JNI array copies. Arguments or results larger
 * than the buffer go through arrays ({@link NativeBindings#stmtExecute}) as before.
 *
 * <p>Not thread-safe: the session's calls are serialized.
 */
final class NativeIo {
    /** Big enough for the arguments and result of a typical statement. */
    static final int CAPACITY = 16 * 1024;

    private final ByteBuffer buf = ByteBuffer.allocateDirect(CAPACITY).order(ByteOrder.LITTLE_ENDIAN);
    // The same buffer through its supertype: Buffer's position/clear exist on every platform,
    // where ByteBuffer's covariant overrides (Java 9) do not.
    private final Buffer cursor = buf;
    private NativeCodec.Writer args = new NativeCodec.Writer(256);
    private byte[] result = new byte[256];

    /**
     * Runs a prepared statement with the arguments of {@code bound}.
     *
     * @param columns the column index for a result with that many columns
     * @throws NativeException from the native call
     */
    Result execute(long stmt, Statement bound, IntFunction<ColumnIndex> columns) {
        NativeCodec.Writer w = args;
        w.reset();
        boolean hasArgs = NativeCodec.encodeParams(bound, w);
        byte[] out;
        if (hasArgs && w.length() > CAPACITY) {
            out = NativeBindings.stmtExecute(stmt, w.finish());
            // Do not keep an array that grew for very large arguments.
            args = new NativeCodec.Writer(256);
        } else {
            int n = -1;
            if (hasArgs) {
                n = w.length();
                cursor.clear();
                buf.put(w.array(), 0, n);
            }
            out = NativeBindings.stmtExecuteIo(stmt, buf, n);
        }
        if (out != null) {
            return NativeCodec.executeResult(out, columns);
        }
        int length = buf.getInt(0);
        if (length < 0 || length > CAPACITY - 4) {
            throw NativeCodec.malformed("result length " + length + " in a buffer of " + CAPACITY);
        }
        byte[] r = result;
        if (r.length < length) {
            r = new byte[Math.max(length, Math.min(CAPACITY, r.length * 2))];
            result = r;
        }
        cursor.clear();
        cursor.position(4);
        buf.get(r, 0, length);
        return NativeCodec.executeResult(r, length, columns);
    }

}
