package dev.libsql4j.internal;

import dev.libsql4j.BatchResult;
import dev.libsql4j.Cursor;
import dev.libsql4j.Result;
import dev.libsql4j.Statement;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionExpiredException;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.spi.BatchMode;
import java.util.List;

/** The {@link Transaction} of a {@link ClientConnection}. */
final class ClientTransaction implements Transaction {
    private final ClientConnection conn;
    private final TransactionMode mode;
    private final Resource res;
    private final TxState state;

    ClientTransaction(ClientConnection conn, TransactionMode mode, Resource res, TxState state) {
        this.conn = conn;
        this.mode = mode;
        this.res = res;
        this.state = state;
    }

    @Override
    public TransactionMode mode() {
        return mode;
    }

    @Override
    public Result execute(String sql, Object... args) {
        return execute(Statement.of(sql, args));
    }

    @Override
    public Result execute(Statement stmt) {
        return conn.executeIn(res, stmt);
    }

    @Override
    public Cursor query(String sql, Object... args) {
        return query(Statement.of(sql, args));
    }

    @Override
    public Cursor query(Statement stmt) {
        return conn.queryIn(res, stmt);
    }

    @Override
    public BatchResult batch(List<Statement> stmts) {
        return conn.batchIn(res, stmts, BatchMode.ATOMIC);
    }

    @Override
    public void savepoint(String name) {
        execute("SAVEPOINT " + quote(name));
    }

    @Override
    public void releaseSavepoint(String name) {
        execute("RELEASE SAVEPOINT " + quote(name));
    }

    @Override
    public void rollbackToSavepoint(String name) {
        execute("ROLLBACK TO SAVEPOINT " + quote(name));
    }

    static String quote(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Savepoint name is empty");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    public void commit() {
        res.checkOpen();
        TransactionExpiredException lost = conn.locked(() -> state.lost && !state.finished ? state.commitOfLost() : null);
        if (lost != null) {
            res.close();
            throw lost;
        }
        boolean[] keptOpen = {false};
        try {
            conn.call(res, () -> {
                try {
                    conn.session().commit();
                } catch (RuntimeException | Error e) {
                    // SQLite keeps a transaction whose COMMIT failed (a deferred foreign key,
                    // SQLITE_BUSY), and so do we: the caller can fix the cause and commit again, or
                    // roll back; close() and inTransaction() still roll back. Where the transport
                    // could not keep it (over HTTP the COMMIT goes with the stream's close), it is over.
                    try {
                        if (conn.session().inTransaction()) {
                            keptOpen[0] = true;
                        } else {
                            state.finished = true;
                        }
                    } catch (RuntimeException unknown) {
                        e.addSuppressed(unknown); // close() below rolls back whatever is left
                    }
                    throw e;
                }
                state.finished = true;
                return null;
            });
        } finally {
            if (!keptOpen[0]) {
                res.close();
            }
        }
    }

    @Override
    public void rollback() {
        res.checkOpen();
        try {
            conn.withLock(() -> state.finish(conn.session()));
        } finally {
            res.close();
        }
    }

    /** True once committed, rolled back or closed (whether or not the server still has it). */
    boolean isClosed() {
        return res.isClosed();
    }

    @Override
    public boolean isActive() {
        return !res.isClosed() && conn.locked(() -> !state.lost && !state.finished);
    }

    @Override
    public void close() {
        res.close();
    }

    @Override
    public String toString() {
        return res.toString();
    }
}
