package dev.libsql4j.embedded.internal;

import dev.libsql4j.Result;
import dev.libsql4j.Statement;
import dev.libsql4j.spi.ColumnIndex;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * One connection's buffers for running statements: a direct buffer that carries the arguments to
 * the native side and the result back ({@link NativeBindings#stmtExecuteIo}; registered with the
 * connection once, {@link #attach}), the writer the arguments are encoded with, and an array the
 * result is read from. Reused for every call, so a statement run allocates no buffers and makes
 * no JNI array copies; a result without rows is read straight from the direct buffer. Arguments
 * or results larger than the buffer go through arrays ({@link NativeBindings#stmtExecute}).
 *
 * <p>A closed connection gives its buffers back to a small pool for the next one, so opening
 * many short-lived connections does not pile up direct memory that only a GC would free.
 *
 * <p>Not thread-safe: the session's calls are serialized.
 */
final class NativeIo {
    /** Big enough for the arguments and result of a typical statement. */
    static final int CAPACITY = 16 * 1024;
    private static final int POOL_MAX = 16;
    private static final ConcurrentLinkedQueue<NativeIo> POOL = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger POOLED = new AtomicInteger();

    private final ByteBuffer buf = ByteBuffer.allocateDirect(CAPACITY).order(ByteOrder.LITTLE_ENDIAN);
    // The same buffer through its supertype: Buffer's position/clear exist on every platform,
    // where ByteBuffer's covariant overrides (Java 9) do not.
    private final Buffer cursor = buf;
    private NativeCodec.Writer args = new NativeCodec.Writer(256);
    private byte[] result = new byte[256];
    // The autocommit flag the last execute reported (-1: none since it was taken or forgotten).
    private int autocommit = -1;

    /**
     * The length of a result without columns or rows: rows affected (8), has-rowid (1), rowid (8),
     * then a row page header of column count (4), row count (4) and done (1).
     */
    private static final int NO_ROWS_LENGTH = 8 + 1 + 8 + 9;

    private NativeIo() {
    }

    /** The result of a statement without columns (INSERT, UPDATE, DDL ...), read in place from the buffer at offset 5. */
    private Result noRows() {
        long rowsAffected = buf.getLong(5);
        int hasRowid = buf.get(13);
        long rowid = buf.getLong(14);
        int rows = buf.getInt(26);
        int done = buf.get(30);
        if (rows != 0 || done != 1 || hasRowid < 0 || hasRowid > 1) {
            throw NativeCodec.malformed("a result without columns has " + Integer.toUnsignedString(rows)
                    + " rows, done flag " + done + " and has-rowid flag " + hasRowid);
        }
        return new Result(ColumnIndex.of(List.of()), List.of(), rowsAffected, hasRowid == 1 ? rowid : null);
    }

    /** Buffers for a connection: pooled ones if there are any. */
    static NativeIo acquire() {
        NativeIo io = POOL.poll();
        if (io == null) {
            return new NativeIo();
        }
        POOLED.decrementAndGet();
        return io;
    }

    /** Registers the direct buffer with native connection {@code conn}, whose statements then run through it. */
    void attach(long conn) {
        NativeBindings.connSetIo(conn, buf);
    }

    /** Gives back the buffers of a closed connection (which must not use them again). */
    static void release(NativeIo io) {
        if (POOLED.incrementAndGet() <= POOL_MAX) {
            POOL.offer(io);
        } else {
            POOLED.decrementAndGet();
        }
    }

    /**
     * The connection's autocommit state as the last {@link #execute} reported it, if nothing ran on
     * the connection since: 1 autocommit, 0 in a transaction, -1 unknown (ask the connection).
     * Taking it forgets it.
     */
    int takeAutocommit() {
        int a = autocommit;
        autocommit = -1;
        return a;
    }

    /** Something else ran on the connection: the last reported autocommit state may be stale. */
    void forgetAutocommit() {
        autocommit = -1;
    }

    /**
     * Runs a prepared statement with the arguments of {@code bound}.
     *
     * @param columns the column index for a result with that many columns
     * @throws NativeException from the native call
     */
    Result execute(long stmt, Statement bound, IntFunction<ColumnIndex> columns) {
        autocommit = -1;
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
            out = NativeBindings.stmtExecuteIo(stmt, n);
        }
        if (out != null) {
            return NativeCodec.executeResult(out, columns);
        }
        int length = buf.getInt(0);
        if (length < 0 || length > CAPACITY - 5) {
            throw NativeCodec.malformed("result length " + length + " in a buffer of " + CAPACITY);
        }
        int flag = buf.get(4);
        autocommit = flag == 0 || flag == 1 ? flag : -1;
        if (length == NO_ROWS_LENGTH && buf.getInt(5 + NO_ROWS_LENGTH - 9) == 0) {
            return noRows();
        }
        byte[] r = result;
        if (r.length < length) {
            r = new byte[Math.max(length, Math.min(CAPACITY, r.length * 2))];
            result = r;
        }
        cursor.clear();
        cursor.position(5);
        buf.get(r, 0, length);
        return NativeCodec.executeResult(r, length, columns);
    }

}
