package dev.libsql4j.embedded.internal;

import dev.libsql4j.BatchFailedException;
import dev.libsql4j.BatchResult;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.LibSqlTimeoutException;
import dev.libsql4j.Result;
import dev.libsql4j.Statement;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.spi.BatchMode;
import dev.libsql4j.spi.ColumnIndex;
import dev.libsql4j.spi.PreparedHandle;
import dev.libsql4j.spi.RowStream;
import dev.libsql4j.spi.Session;
import dev.libsql4j.spi.StatementDescription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One native connection. Statements run locally through JNI; transactions are plain SQL
 * ({@code BEGIN ...}/{@code COMMIT}/{@code ROLLBACK}) on the connection, so the database's own
 * autocommit flag is the truth about whether one is open.
 *
 * <p>The core serializes calls; only {@link #interrupt()} comes from other threads, and it goes
 * straight to {@code sqlite3_interrupt} without any lock.
 */
final class EmbeddedSession implements Session {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSession.class);
    private static final String BATCH_SAVEPOINT = "\"libsql4j_batch\"";
    private static final int UNDO_ATTEMPTS = 3;
    /**
     * The spellings of a read-only BEGIN to try, libSQL's first. The engine's answer is remembered
     * for the process: a syntax error means "not this spelling", anything else is a real error.
     * (libSQL 0.9 accepts {@code BEGIN TRANSACTION READONLY} but does not enforce it locally, hence
     * {@code PRAGMA query_only}.)
     */
    private static final List<String> READ_ONLY_BEGINS = List.of(TransactionMode.READ_ONLY.beginSql(),
            "BEGIN READONLY", "BEGIN DEFERRED");
    private static volatile String readOnlyBegin;
    /** Arguments of the statements run without any. */
    private static final Statement NO_ARGS = Statement.of("");

    private final EmbeddedTransport t;
    private final long conn;
    private NativeIo io;

    private boolean inTx;
    private TransactionMode txMode;
    private boolean queryOnly;
    // Undo work an interrupt() kept failing (see undoStatement): done before the next statement runs,
    // so nothing ever executes inside a transaction the caller already ended.
    private boolean leftoverTx;
    private boolean leftoverQueryOnly;
    private volatile boolean closed;

    EmbeddedSession(EmbeddedTransport t, long conn) {
        this.t = t;
        this.conn = conn;
    }

    // ------------------------------------------------------------------ plumbing

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The embedded connection to " + t.displayUrl() + " is closed");
        }
    }

    /** Before any statement: the connection is open and no leftover undo is pending. */
    void beforeStatement() {
        checkOpen();
        forgetAutocommit();
        if (leftoverTx) {
            if (!inTx && !nativeAutocommit()) {
                try {
                    undoStatement("ROLLBACK");
                } catch (LibSqlException e) {
                    throw leftoverFailure("a transaction that was ended earlier is still open (its ROLLBACK was"
                            + " interrupted)", e);
                }
            }
            leftoverTx = false;
        }
        if (leftoverQueryOnly) {
            try {
                undoStatement("PRAGMA query_only = 0");
            } catch (LibSqlException e) {
                throw leftoverFailure("the connection is still read-only after a READ_ONLY transaction (switching"
                        + " back was interrupted)", e);
            }
            leftoverQueryOnly = false;
        }
    }

    /**
     * A row stream released its statement. An interrupt() stays in force while any statement of
     * the connection is active, which is what makes an undo fail three times; with the stream gone
     * a leftover undo can usually run now, instead of holding its locks until the next statement.
     */
    void streamReleased() {
        if ((leftoverTx || leftoverQueryOnly) && !closed) {
            try {
                beforeStatement();
            } catch (RuntimeException e) {
                LOG.debug("Leftover undo on {} failed again; retrying before the next statement: {}", t.displayUrl(),
                        e.getMessage());
            }
        }
    }

    private static LibSqlException leftoverFailure(String what, LibSqlException e) {
        return dev.libsql4j.spi.Errors.fromCode(e.code(), e.extendedCode(), "The statement did not run: " + what
                + ", and undoing that failed again: " + e.getMessage() + ". Close the cursors open on this"
                + " connection, or the connection, and try again", e);
    }

    LibSqlException error(NativeException e, String sql) {
        return NativeErrors.map(e, sql, t.errorContext());
    }

    EmbeddedTransport transport() {
        return t;
    }

    /** A statement or row stream may run on the connection next: what the last execute reported may go stale. */
    void forgetAutocommit() {
        NativeIo i = io;
        if (i != null) {
            i.forgetAutocommit();
        }
    }

    /** This connection's reusable buffers for running statements (made on first use). */
    NativeIo io() {
        NativeIo i = io;
        if (i == null) {
            i = NativeIo.acquire();
            try {
                i.attach(conn);
            } catch (RuntimeException | Error e) {
                NativeIo.release(i);
                throw e;
            }
            io = i;
        }
        return i;
    }

    /**
     * True in a READ_ONLY transaction on a replica: there the engine cannot refuse writes (they
     * would go to the primary), so each statement is checked before it runs.
     */
    boolean mustCheckReadOnly() {
        return inTx && txMode == TransactionMode.READ_ONLY && !queryOnly;
    }

    static LibSqlException readOnlyViolation(String sql) {
        return new LibSqlException("SQLITE_READONLY", 8, "Cannot write in a READ_ONLY transaction: "
                + NativeErrors.abbreviate(sql), null);
    }

    /** Prepares, runs and finalizes one statement; {@code args} may be null (no arguments). */
    private Result run(String sql, Statement args) {
        long stmt;
        try {
            stmt = NativeBindings.stmtPrepare(conn, sql);
        } catch (NativeException e) {
            throw error(e, sql);
        }
        try {
            if (mustCheckReadOnly() && !NativeBindings.stmtIsReadonly(stmt)) {
                throw readOnlyViolation(sql);
            }
            return io().execute(stmt, args == null ? NO_ARGS : args,
                    n -> NativeCodec.columns(NativeBindings.stmtColumns(stmt)));
        } catch (NativeException e) {
            throw error(e, sql);
        } finally {
            NativeBindings.stmtClose(stmt);
        }
    }

    /** Runs SQL without arguments, for the transaction statements. */
    private void exec(String sql) {
        run(sql, null);
    }

    private boolean nativeAutocommit() {
        return NativeBindings.connIsAutocommit(conn);
    }

    // ------------------------------------------------------------------ statements

    @Override
    public Result execute(Statement stmt) {
        beforeStatement();
        return run(stmt.sql(), stmt);
    }

    @Override
    public RowStream query(Statement stmt) {
        beforeStatement();
        if (mustCheckReadOnly()) {
            requireReadOnly(stmt.sql());
        }
        long rows;
        try {
            rows = NativeBindings.connQuery(conn, stmt.sql(), NativeCodec.encodeParams(stmt));
        } catch (NativeException e) {
            throw error(e, stmt.sql());
        }
        return EmbeddedRowStream.open(this, rows, stmt.sql(), null);
    }

    @Override
    public BatchResult batch(List<Statement> stmts, BatchMode mode) {
        beforeStatement();
        if (mode == BatchMode.INDEPENDENT) {
            return independentBatch(stmts);
        }
        return inTx ? atomicBatchInTransaction(stmts) : atomicBatch(stmts);
    }

    private BatchResult independentBatch(List<Statement> stmts) {
        List<Result> results = new ArrayList<>(stmts.size());
        List<LibSqlException> errors = new ArrayList<>(stmts.size());
        for (Statement s : stmts) {
            try {
                results.add(execute(s));
                errors.add(null);
            } catch (LibSqlException e) {
                results.add(null);
                errors.add(e);
            }
        }
        return new BatchResult(results, errors);
    }

    /** {@code BEGIN}, every step, {@code COMMIT}; the first failure rolls everything back. */
    private BatchResult atomicBatch(List<Statement> stmts) {
        exec("BEGIN DEFERRED");
        List<Result> results = new ArrayList<>(stmts.size());
        for (int i = 0; i < stmts.size(); i++) {
            try {
                if (i > 0 && nativeAutocommit()) {
                    throw new LibSqlException("NOT_EXECUTED", "Batch step " + i + " was not executed because a"
                            + " statement before it ended the batch's transaction", null);
                }
                results.add(execute(stmts.get(i)));
            } catch (LibSqlException e) {
                undoBatch(e);
                throw new BatchFailedException(i, "Batch step " + i + " failed, so the batch was undone: "
                        + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                undoBatch(e);
                throw e;
            }
        }
        try {
            exec("COMMIT");
        } catch (RuntimeException e) {
            undoBatch(e);
            throw e;
        }
        return new BatchResult(results, Collections.nCopies(results.size(), null));
    }

    /** Inside a transaction: a savepoint makes the batch all-or-nothing and keeps the transaction. */
    private BatchResult atomicBatchInTransaction(List<Statement> stmts) {
        exec("SAVEPOINT " + BATCH_SAVEPOINT);
        List<Result> results = new ArrayList<>(stmts.size());
        for (int i = 0; i < stmts.size(); i++) {
            try {
                results.add(execute(stmts.get(i)));
            } catch (LibSqlException e) {
                undoBatchInTransaction(e);
                throw new BatchFailedException(i, "Batch step " + i + " failed, so the batch was undone: "
                        + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                undoBatchInTransaction(e);
                throw e;
            }
        }
        exec("RELEASE " + BATCH_SAVEPOINT);
        return new BatchResult(results, Collections.nCopies(results.size(), null));
    }

    /** Rolls back the batch's own transaction after {@code failure}; a ROLLBACK that fails is left over. */
    private void undoBatch(Throwable failure) {
        try {
            if (!nativeAutocommit()) {
                undoStatement("ROLLBACK");
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            leftoverTx = true;
        }
    }

    /**
     * Undoes the batch inside the caller's transaction. If even the savepoint cannot be rolled back,
     * the whole transaction goes, so that half a batch is never committed; the core then reports
     * the transaction as lost.
     */
    private void undoBatchInTransaction(Throwable failure) {
        if (nativeAutocommit()) {
            return; // the failure already rolled the whole transaction back
        }
        try {
            undoStatement("ROLLBACK TO " + BATCH_SAVEPOINT);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            abandonTransaction(failure);
            return;
        }
        try {
            undoStatement("RELEASE " + BATCH_SAVEPOINT);
        } catch (RuntimeException e) {
            // The savepoint stays open inside the transaction, empty; it goes with the transaction.
            failure.addSuppressed(e);
        }
    }

    private void abandonTransaction(Throwable failure) {
        try {
            undoStatement("ROLLBACK");
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            leftoverTx = true;
        }
        endTx();
    }

    /**
     * Runs a statement that undoes work (ROLLBACK, ROLLBACK TO, RELEASE, resetting query_only).
     * An {@code interrupt()} meant for the user's statement can hit it instead; a transaction left
     * open would swallow the later autocommit statements, so an interrupted undo runs again.
     */
    private void undoStatement(String sql) {
        for (int attempt = 1; ; attempt++) {
            try {
                exec(sql);
                return;
            } catch (LibSqlTimeoutException e) {
                if (attempt >= UNDO_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void requireReadOnly(String sql) {
        long stmt;
        try {
            stmt = NativeBindings.stmtPrepare(conn, sql);
        } catch (NativeException e) {
            throw error(e, sql);
        }
        try {
            if (!NativeBindings.stmtIsReadonly(stmt)) {
                throw readOnlyViolation(sql);
            }
        } finally {
            NativeBindings.stmtClose(stmt);
        }
    }

    @Override
    public void executeScript(String sql) {
        beforeStatement();
        if (mustCheckReadOnly()) {
            throw new LibSqlException("SQLITE_READONLY", 8, "executeScript cannot run in a READ_ONLY transaction on"
                    + " an embedded replica: a script's statements cannot be checked for writes one by one; use"
                    + " execute for each", null);
        }
        try {
            NativeBindings.connExecuteScript(conn, sql);
        } catch (NativeException e) {
            throw error(e, sql);
        }
    }

    @Override
    public PreparedHandle prepare(String sql) {
        checkOpen();
        long stmt;
        try {
            stmt = NativeBindings.stmtPrepare(conn, sql);
        } catch (NativeException e) {
            throw error(e, sql);
        }
        try {
            String[] names = NativeBindings.stmtParameterNames(stmt);
            ColumnIndex columns = NativeCodec.columns(NativeBindings.stmtColumns(stmt));
            boolean readOnly = NativeBindings.stmtIsReadonly(stmt);
            StatementDescription d = new StatementDescription(names == null ? List.of() : Arrays.asList(names),
                    columns.columns(), readOnly);
            return new EmbeddedPrepared(this, stmt, sql, d, columns);
        } catch (NativeException e) {
            NativeBindings.stmtClose(stmt);
            throw error(e, sql);
        } catch (RuntimeException | Error e) {
            NativeBindings.stmtClose(stmt);
            throw e;
        }
    }

    // ------------------------------------------------------------------ transactions

    @Override
    public void begin(TransactionMode mode) {
        if (inTx) {
            throw new IllegalStateException("A transaction is already open on this session");
        }
        beforeStatement();
        if (!closed && !nativeAutocommit()) {
            throw new IllegalStateException("A transaction is already open on this connection (started by a BEGIN"
                    + " statement); end it with COMMIT or ROLLBACK before begin()");
        }
        if (mode == TransactionMode.READ_ONLY) {
            beginReadOnly();
        } else {
            exec(mode.beginSql());
        }
        inTx = true;
        txMode = mode;
    }

    /**
     * {@code BEGIN TRANSACTION READONLY}, and {@code PRAGMA query_only} on top, so writes fail
     * with SQLITE_READONLY whatever the engine makes of the BEGIN.
     */
    private void beginReadOnly() {
        String known = readOnlyBegin;
        if (known != null) {
            exec(known);
        } else {
            readOnlyBegin = firstAccepted(READ_ONLY_BEGINS);
        }
        if (!t.isReplica()) {
            try {
                exec("PRAGMA query_only = 1");
                queryOnly = true;
            } catch (RuntimeException e) {
                try {
                    undoStatement("ROLLBACK");
                } catch (RuntimeException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                    leftoverTx = true;
                }
                throw e;
            }
        }
    }

    private String firstAccepted(List<String> candidates) {
        LibSqlException last = null;
        for (String sql : candidates) {
            try {
                exec(sql);
                return sql;
            } catch (LibSqlException e) {
                if (e.getMessage() == null || !e.getMessage().contains("syntax error")) {
                    throw e;
                }
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
            }
        }
        throw last;
    }

    private void endTx() {
        inTx = false;
        txMode = null;
        if (queryOnly) {
            queryOnly = false;
            try {
                undoStatement("PRAGMA query_only = 0");
            } catch (RuntimeException e) {
                LOG.debug("Switching {} back from query_only failed; retrying before the next statement: {}",
                        t.displayUrl(), e.getMessage());
                leftoverQueryOnly = true;
            }
        }
    }

    @Override
    public void commit() {
        checkOpen();
        if (!inTx) {
            throw new IllegalStateException("No transaction is open");
        }
        try {
            exec("COMMIT");
        } catch (RuntimeException e) {
            // SQLite keeps the transaction after a failed COMMIT (SQLITE_BUSY); the caller decides.
            if (!closed && nativeAutocommit()) {
                endTx();
            }
            throw e;
        }
        endTx();
    }

    @Override
    public void rollback() {
        if (!inTx || closed) {
            return;
        }
        try {
            if (!nativeAutocommit()) {
                undoStatement("ROLLBACK");
            }
        } catch (LibSqlException e) {
            // Nothing was committed: the ROLLBACK runs again before the next statement (or the close
            // rolls back), so for the caller the transaction is over either way.
            LOG.debug("ROLLBACK on {} failed; retrying before the next statement: {}", t.displayUrl(),
                    e.getMessage());
            leftoverTx = true;
        } finally {
            endTx();
        }
    }

    @Override
    public boolean inTransaction() {
        if (!inTx) {
            return false;
        }
        NativeIo i = io;
        int known = closed || i == null ? -1 : i.takeAutocommit();
        if (closed || (known >= 0 ? known == 1 : nativeAutocommit())) {
            // Ended by a COMMIT or ROLLBACK the user ran, or by an error that rolled it back.
            endTx();
            return false;
        }
        return true;
    }

    @Override
    public boolean isAutocommit() {
        return closed || nativeAutocommit();
    }

    @Override
    public void interrupt() {
        if (closed) {
            return;
        }
        try {
            NativeBindings.connInterrupt(conn);
        } catch (IllegalStateException | NativeException e) {
            // Closed meanwhile: nothing runs on it any more.
            LOG.debug("interrupt() on a closed embedded connection: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (inTx) {
                try {
                    rollback();
                } catch (RuntimeException e) {
                    LOG.debug("ROLLBACK while closing {} failed; closing the connection rolls back anyway: {}",
                            t.displayUrl(), e.getMessage());
                }
            }
        } finally {
            closed = true;
            try {
                NativeBindings.connClose(conn);
            } finally {
                NativeIo i = io;
                io = null;
                if (i != null) {
                    NativeIo.release(i);
                }
            }
        }
    }

}
