package dev.libsql4j.internal;

import dev.libsql4j.BatchResult;
import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.EventListener;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.Result;
import dev.libsql4j.Statement;
import dev.libsql4j.StatementEvent;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionExpiredException;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.spi.BatchMode;
import dev.libsql4j.spi.PreparedHandle;
import dev.libsql4j.spi.RowStream;
import dev.libsql4j.spi.Session;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link Connection} over a transport {@link Session}. Every session call runs under one
 * lock, so two threads using the connection queue instead of interleaving.
 */
final class ClientConnection implements Connection {
    private final ClientDatabase db;
    private final Session session;
    private final Resource res;
    private final ReentrantLock lock = new ReentrantLock();
    private final EventListener listener;

    // Guarded by lock. The state of the open transaction, or null.
    private TxState tx;
    private long lastInsertRowid;
    private long changes;
    private long totalChanges;

    ClientConnection(ClientDatabase db, Session session, Resource parent) {
        this.db = db;
        this.session = session;
        this.listener = db.config().eventListener();
        // Closers capture the lock and the transport objects, never this object: the registry must
        // not keep a forgotten connection reachable, or the leak detector could not see it.
        ReentrantLock l = lock;
        this.res = parent.open(Resource.Kind.CONNECTION, db.config().parsedUrl().toString(),
                () -> closeSession(l, session));
        LeakDetector.watch(this, res);
    }

    /**
     * Closes the session. If another thread is inside a call on it, that call is interrupted
     * first, so closing never waits for a long query to finish by itself.
     */
    private static void closeSession(ReentrantLock l, Session session) {
        if (!l.tryLock()) {
            session.interrupt();
            l.lock();
        }
        try {
            session.close();
        } finally {
            l.unlock();
        }
    }

    static void locked(ReentrantLock l, Runnable r) {
        l.lock();
        try {
            r.run();
        } finally {
            l.unlock();
        }
    }

    /** Runs {@code body} under the connection lock, after checking the connection and transaction. */
    <T> T call(Resource owner, Supplier<T> body) {
        owner.checkOpen();
        lock.lock();
        try {
            owner.checkOpen();
            res.checkOpen();
            TxState t = tx != null && tx.finished ? null : tx;
            if (t != null) {
                t.checkUsable();
            }
            try {
                return body.get();
            } catch (TransactionExpiredException e) {
                if (t != null) {
                    t.markLost(e);
                }
                throw e;
            } finally {
                if (t != null && !t.finished && !session.inTransaction()) {
                    t.markLost(null);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #call} with events for the listener: start before, end or failure after, both
     * outside the lock. Only called when a listener is set.
     */
    private <T> T observed(Resource owner, StatementEvent.Kind kind, String sql, int statements, Supplier<T> body) {
        Events.Probe p = new Events.Probe(listener, kind, sql, statements);
        T result;
        try {
            result = call(owner, () -> {
                p.begin(session);
                try {
                    return body.get();
                } finally {
                    p.end(session);
                }
            });
        } catch (RuntimeException e) {
            p.reportFailure(e);
            throw e;
        }
        p.rows(result);
        p.report();
        return result;
    }

    /** {@link #call} for a statement, observed when a listener is set. */
    private <T> T statement(Resource owner, StatementEvent.Kind kind, String sql, int statements, Supplier<T> body) {
        if (listener == EventListener.NONE) {
            return call(owner, body);
        }
        return observed(owner, kind, sql, statements, body);
    }

    private Result track(Result r) {
        if (r.lastInsertRowid().isPresent()) {
            lastInsertRowid = r.lastInsertRowid().getAsLong();
        }
        if (r.rowsAffected() > 0) {
            changes = r.rowsAffected();
            totalChanges += r.rowsAffected();
        }
        return r;
    }

    Result executeIn(Resource owner, Statement stmt) {
        Objects.requireNonNull(stmt, "stmt");
        TxControl control = TxControl.of(stmt.sql());
        if (control != TxControl.NONE) {
            return executeTxControl(owner, stmt, control);
        }
        return statement(owner, StatementEvent.Kind.EXECUTE, stmt.sql(), 1, () -> track(session.execute(stmt)));
    }

    /**
     * A {@code COMMIT}, {@code END} or {@code ROLLBACK} statement. With a transaction from
     * {@link #begin} open, it ends that transaction the way the statement says, so the connection
     * is back in autocommit mode afterwards (a shell or a driver sends these as plain statements).
     * If that transaction was already lost (stream expired, write lock taken by another writer),
     * nothing is sent: {@code ROLLBACK} succeeds, because the work is gone already and the earlier
     * error said so; {@code COMMIT} fails with {@link TransactionExpiredException}, because
     * nothing was committed. Either way the dead transaction is cleared.
     */
    private Result executeTxControl(Resource owner, Statement stmt, TxControl control) {
        owner.checkOpen();
        TxState ended = null;
        lock.lock();
        try {
            owner.checkOpen();
            res.checkOpen();
            TxState t = tx != null && !tx.finished ? tx : null;
            if (t != null && t.lost) {
                t.finished = true;
                ended = t;
                if (control == TxControl.COMMIT) {
                    throw t.commitOfLost();
                }
                return new Result(dev.libsql4j.spi.ColumnIndex.of(List.of()), List.of(), 0, null);
            }
            try {
                return call(owner, () -> track(session.execute(stmt)));
            } finally {
                // Ended by the statement (or, for a failed COMMIT, rolled back by the database): the
                // transaction is over, not lost, so the connection goes on in autocommit mode.
                if (t != null && !t.finished && !session.inTransaction()) {
                    t.finished = true;
                    ended = t;
                }
            }
        } finally {
            lock.unlock();
            // Outside the lock: closing waits for a concurrent close, which may need the lock.
            if (ended != null && ended.resource != null) {
                ended.resource.close();
            }
        }
    }

    Result executePrepared(Resource owner, PreparedHandle handle, Statement stmt) {
        return statement(owner, StatementEvent.Kind.EXECUTE, stmt.sql(), 1, () -> track(handle.execute(stmt)));
    }

    Cursor queryIn(Resource owner, Statement stmt) {
        Objects.requireNonNull(stmt, "stmt");
        if (listener == EventListener.NONE) {
            return call(owner, () -> openCursor(session.query(stmt), stmt.sql(), null));
        }
        return openObserved(owner, stmt.sql(), () -> session.query(stmt));
    }

    Cursor queryPrepared(Resource owner, PreparedHandle handle, Statement stmt) {
        if (listener == EventListener.NONE) {
            return call(owner, () -> openCursor(handle.query(stmt), stmt.sql(), null));
        }
        return openObserved(owner, stmt.sql(), () -> handle.query(stmt));
    }

    /**
     * Opens a cursor with a listener set: its event ends with the cursor: the probe counts the rows
     * read and reports when the cursor's resource closes (end of rows, close, failure, or the
     * connection closing).
     */
    private Cursor openObserved(Resource owner, String sql, Supplier<RowStream> open) {
        Events.Probe p = new Events.Probe(listener, StatementEvent.Kind.QUERY, sql, 1);
        try {
            return call(owner, () -> {
                p.begin(session);
                RowStream stream;
                try {
                    stream = open.get();
                } catch (RuntimeException e) {
                    p.end(session);
                    throw e;
                }
                return openCursor(stream, sql, p);
            });
        } catch (RuntimeException e) {
            p.reportFailure(e);
            throw e;
        }
    }

    private Cursor openCursor(RowStream stream, String sql, Events.Probe probe) {
        Resource cursorRes;
        try {
            ReentrantLock l = lock;
            Session s = session;
            cursorRes = res.open(Resource.Kind.CURSOR, abbreviate(sql), probe == null
                    ? () -> locked(l, stream::close)
                    : () -> {
                        try {
                            locked(l, () -> {
                                stream.close();
                                probe.end(s);
                            });
                        } finally {
                            probe.report();
                        }
                    });
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
        ClientCursor c;
        try {
            c = new ClientCursor(this, stream, cursorRes, probe);
        } catch (RuntimeException e) {
            if (probe != null) {
                probe.fail(e);
            }
            closeQuietly(cursorRes, e);
            throw e;
        }
        LeakDetector.watch(c, cursorRes);
        return c;
    }

    BatchResult batchIn(Resource owner, List<Statement> stmts, BatchMode mode) {
        Objects.requireNonNull(stmts, "stmts");
        for (int i = 0; i < stmts.size(); i++) {
            Objects.requireNonNull(stmts.get(i), "batch statement " + i + " is null");
        }
        return statement(owner, StatementEvent.Kind.BATCH, stmts.isEmpty() ? "" : stmts.get(0).sql(), stmts.size(), () -> {
            if (stmts.isEmpty()) {
                return new BatchResult(List.of(), List.of());
            }
            BatchResult r = session.batch(List.copyOf(stmts), mode);
            for (Result x : r.results()) {
                if (x != null) {
                    track(x);
                }
            }
            return r;
        });
    }

    private static void closeQuietly(Resource r, RuntimeException failure) {
        try {
            r.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Marks the open transaction lost after a call outside {@link #call} (a cursor) saw it expire. */
    void transactionLost(TransactionExpiredException e) {
        lock.lock();
        try {
            if (tx != null && !tx.finished) {
                tx.markLost(e);
            }
        } finally {
            lock.unlock();
        }
    }

    void withLock(Runnable r) {
        locked(lock, r);
    }

    <T> T locked(Supplier<T> s) {
        lock.lock();
        try {
            return s.get();
        } finally {
            lock.unlock();
        }
    }

    Session session() {
        return session;
    }

    Resource resource() {
        return res;
    }

    @Override
    public Result execute(String sql, Object... args) {
        return execute(Statement.of(sql, args));
    }

    @Override
    public Result execute(Statement stmt) {
        return executeIn(res, stmt);
    }

    @Override
    public Cursor query(String sql, Object... args) {
        return query(Statement.of(sql, args));
    }

    @Override
    public Cursor query(Statement stmt) {
        return queryIn(res, stmt);
    }

    @Override
    public PreparedStatement prepare(String sql) {
        Objects.requireNonNull(sql, "sql");
        return call(res, () -> {
            PreparedHandle handle = session.prepare(sql);
            Resource psRes;
            try {
                ReentrantLock l = lock;
                psRes = res.open(Resource.Kind.STATEMENT, abbreviate(sql), () -> locked(l, handle::close));
            } catch (RuntimeException e) {
                handle.close();
                throw e;
            }
            ClientPreparedStatement ps;
            try {
                ps = new ClientPreparedStatement(this, handle, psRes, sql);
            } catch (RuntimeException e) {
                closeQuietly(psRes, e);
                throw e;
            }
            LeakDetector.watch(ps, psRes);
            return ps;
        });
    }

    @Override
    public BatchResult batch(List<Statement> stmts) {
        return batchIn(res, stmts, BatchMode.ATOMIC);
    }

    @Override
    public BatchResult batchIndependent(List<Statement> stmts) {
        return batchIn(res, stmts, BatchMode.INDEPENDENT);
    }

    @Override
    public void executeScript(String sql) {
        Objects.requireNonNull(sql, "sql");
        statement(res, StatementEvent.Kind.SCRIPT, sql, 1, () -> {
            session.executeScript(sql);
            return null;
        });
    }

    @Override
    public Transaction begin() {
        return begin(TransactionMode.DEFERRED);
    }

    @Override
    public Transaction begin(TransactionMode mode) {
        Objects.requireNonNull(mode, "mode");
        res.checkOpen();
        lock.lock();
        try {
            res.checkOpen();
            if (tx != null && !tx.finished) {
                if (tx.lost) {
                    throw new IllegalStateException("The transaction on " + res.description() + " was lost ("
                            + (tx.lostCause == null ? "ended by the database" : tx.lostCause.getMessage())
                            + ") but is still open here; run ROLLBACK or close it before beginning another");
                }
                throw new IllegalStateException("A transaction is already open on " + res.description()
                        + "; commit or close it before beginning another");
            }
            session.begin(mode);
            TxState state = new TxState();
            ReentrantLock l = lock;
            Session s = session;
            Resource txRes;
            try {
                txRes = res.open(Resource.Kind.TRANSACTION, mode.name(), () -> locked(l, () -> state.finish(s)));
            } catch (RuntimeException e) {
                session.rollback();
                throw e;
            }
            state.resource = txRes;
            tx = state;
            ClientTransaction t = new ClientTransaction(this, mode, txRes, state);
            LeakDetector.watch(t, txRes);
            return t;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> T inTransaction(TransactionMode mode, Function<Transaction, T> work) {
        Objects.requireNonNull(work, "work");
        ClientTransaction t = (ClientTransaction) begin(mode);
        T result;
        try {
            result = work.apply(t);
            // Commit unless the work itself committed, rolled back or closed. A transaction the
            // server lost is not skipped: commit() then throws TransactionExpiredException, so the
            // caller never takes lost work for committed work.
            if (!t.isClosed()) {
                t.commit();
            }
        } catch (Throwable e) {
            // Throwable, not RuntimeException | Error: Kotlin lambdas and sneaky throws can raise
            // checked exceptions through a Function, and they must roll back too.
            try {
                t.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        t.close();
        return result;
    }

    @Override
    public <T> T inTransaction(Function<Transaction, T> work) {
        return inTransaction(TransactionMode.DEFERRED, work);
    }

    @Override
    public boolean isAutocommit() {
        res.checkOpen();
        return locked(() -> (tx == null || tx.finished) && session.isAutocommit());
    }

    @Override
    public long lastInsertRowid() {
        res.checkOpen();
        return locked(() -> lastInsertRowid);
    }

    @Override
    public long changes() {
        res.checkOpen();
        return locked(() -> changes);
    }

    @Override
    public long totalChanges() {
        res.checkOpen();
        return locked(() -> totalChanges);
    }

    @Override
    public void interrupt() {
        session.interrupt();
    }

    @Override
    public Database database() {
        return db;
    }

    @Override
    public boolean isClosed() {
        return res.isClosed();
    }

    @Override
    public void close() {
        res.close();
    }

    @Override
    public String toString() {
        return res.toString();
    }

    static String abbreviate(String sql) {
        String s = sql.trim().replaceAll("\\s+", " ");
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
