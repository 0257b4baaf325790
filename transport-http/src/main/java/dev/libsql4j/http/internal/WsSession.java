package dev.libsql4j.http.internal;

import dev.libsql4j.BatchFailedException;
import dev.libsql4j.BatchResult;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.ProtocolException;
import dev.libsql4j.Result;
import dev.libsql4j.Statement;
import dev.libsql4j.TransactionExpiredException;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.spi.BatchMode;
import dev.libsql4j.spi.PreparedHandle;
import dev.libsql4j.spi.RowStream;
import dev.libsql4j.spi.StatementDescription;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection over WebSocket: one Hrana stream on the database's socket, opened with the
 * first request and kept until the session closes. Transactions are plain {@code BEGIN} /
 * {@code COMMIT} on the stream, which lives as long as the socket (no 10 s expiry). If the socket
 * drops, the stream and any transaction on it are gone: the next call of an open transaction
 * throws {@link TransactionExpiredException}; other calls get a new stream on a new socket.
 *
 * <p>The core serializes calls; only {@link #interrupt()} comes from other threads.
 */
final class WsSession extends MeteredSession implements HttpPrepared.Owner {
    private static final Logger LOG = LoggerFactory.getLogger(WsSession.class);
    private static final int MAX_STORED_SQL_BYTES = 5000;
    private static final String BATCH_SAVEPOINT = "\"libsql4j_batch\"";
    private static final String PRIMARY_KEY_SQL = "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk";

    private final WsTransport t;
    /** The socket the stream lives on, and the stream's id; null / 0 when there is none. */
    private WsSocket socket;
    private int streamId;
    private boolean inTx;
    private TransactionMode pendingBegin;
    private TransactionMode txMode;
    private boolean autocommit = true;
    private boolean counted;
    /** The socket {@link #syncStat()} holds for this session's transaction or cursor. */
    private WsSocket heldSocket;
    private WsRowStream activeCursor;
    private boolean closed;

    private volatile boolean interrupted;
    private volatile CompletableFuture<StreamResult> waiting;

    /** Counts message payloads: the frames sent ({@link #transmit}) and the answers awaited. */
    WsSession(WsTransport t) {
        super(t.config());
        this.t = t;
    }

    /** Sends the writer's requests on {@code s} (every send of this session and its cursors), counting their bytes. */
    List<CompletableFuture<StreamResult>> transmit(WsSocket s, WsCodec.Writer w) {
        if (counting) {
            bytesSent += w.bytes();
        }
        return s.send(w);
    }

    // ------------------------------------------------------------------ plumbing

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The WebSocket session is closed");
        }
    }

    private void beforeRequest() {
        checkOpen();
        interrupted = false;
        if (activeCursor != null) {
            WsRowStream c = activeCursor;
            activeCursor = null;
            c.detach();
        }
    }

    /**
     * A writer on this session's stream. A stream whose socket died is gone: with a transaction
     * open that is a lost transaction; otherwise a new stream is opened on a live socket, its
     * {@code open_stream} sent ahead of the caller's requests.
     */
    private WsCodec.Writer writer() {
        if (socket != null && !socket.isAlive()) {
            Throwable why = socket.failure();
            dropStream();
            if (inTx && pendingBegin == null) {
                endTx();
                throw new TransactionExpiredException("STREAM_LOST", HttpErrors.LOST + ": the WebSocket to "
                        + t.displayUrl() + " closed (" + (why == null ? "unknown cause" : why.getMessage())
                        + "), and the transaction's stream with it. Nothing in it was committed; begin a new transaction",
                        why);
            }
        }
        if (socket != null && socket.isRetiring() && !counted) {
            releaseStream(); // nothing of this session's lives there: move to the new socket
        }
        if (socket == null) {
            WsSocket s = t.socket();
            int id = s.newStreamId();
            WsCodec.Writer open = s.writer(id);
            open.openStream();
            for (CompletableFuture<StreamResult> f : transmit(s, open)) {
                f.whenComplete((r, e) -> {
                    if (r != null && r.error != null) {
                        LOG.debug("open_stream on {} failed: {}", t.displayUrl(), r.error.message());
                    }
                });
            }
            socket = s;
            streamId = id;
        }
        return socket.writer(streamId);
    }

    /** Forgets the stream without telling the server (its socket is gone). */
    private void dropStream() {
        socket = null;
        streamId = 0;
    }

    /** Closes the stream on the server without waiting, and forgets it. */
    private void releaseStream() {
        WsSocket s = socket;
        int id = streamId;
        dropStream();
        if (s != null && s.isAlive()) {
            WsCodec.Writer w = s.writer(id);
            w.close();
            transmit(s, w);
        }
    }

    private boolean v3() {
        return (socket != null ? socket : t.socket()).version() >= 3;
    }

    /**
     * Sends the requests and waits for every answer (one request slot for the lot). Any failure
     * other than a Hrana error leaves the stream in an unknown state: it is let go, and an open
     * transaction is lost.
     *
     * @param commit whether a COMMIT is among the requests (a lost answer then may mean committed)
     */
    private List<StreamResult> send(WsCodec.Writer w, boolean commit) {
        WsSocket s = socket;
        // With a BEGIN among the requests too: nothing of a transaction commits without its COMMIT.
        boolean wasInTx = inTx;
        s.hold();
        try (RequestSlot slot = t.acquire(t.displayUrl())) {
            List<CompletableFuture<StreamResult>> fs = transmit(s, w);
            long deadline = System.nanoTime() + t.config().requestTimeout().toNanos();
            long sent = System.nanoTime();
            List<StreamResult> out = new ArrayList<>(fs.size());
            for (CompletableFuture<StreamResult> f : fs) {
                out.add(await(f, deadline, s, sent));
            }
            return out;
        } catch (Failure f) {
            throw failed(f, wasInTx, commit);
        } finally {
            s.release();
        }
    }

    /** Why waiting for an answer failed, before it is mapped. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final transient IOException io;
        final transient LibSqlException mapped;

        Failure(IOException io, LibSqlException mapped) {
            super(null, io != null ? (Throwable) io : mapped, false, false);
            this.io = io;
            this.mapped = mapped;
        }
    }

    /** Waits for one answer until {@code deadline}; interruptible by {@link #interrupt()}. */
    StreamResult await(CompletableFuture<StreamResult> f, long deadline, WsSocket s, long sentAt) throws Failure {
        waiting = f;
        try {
            if (interrupted) {
                throw new Failure(new InterruptedIOException("interrupted"), null);
            }
            StreamResult r = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (counting && r != null) {
                bytesReceived += r.wireBytes;
            }
            return r;
        } catch (TimeoutException e) {
            if (s.lastReceived() - sentAt < 0) {
                // Not a frame since the request went out: the server stopped answering.
                s.fail(new SocketTimeoutException("no answer from the server within " + t.config().requestTimeout()));
            }
            throw new Failure(new SocketTimeoutException("timeout"), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(new InterruptedIOException("interrupted"), null);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (interrupted) {
                throw new Failure(new InterruptedIOException("interrupted"), null);
            }
            if (c instanceof LibSqlException le) {
                throw new Failure(null, le);
            }
            throw new Failure(c instanceof IOException io ? io : new IOException(String.valueOf(c), c), null);
        } finally {
            waiting = null;
        }
    }

    /** Maps a failed wait; the stream is let go (its state is unknown) and an open transaction is lost. */
    LibSqlException failed(Failure f, boolean wasInTx, boolean commit) {
        boolean socketDied = socket != null && !socket.isAlive();
        boolean isInterrupt = f.io instanceof InterruptedIOException && !(f.io instanceof SocketTimeoutException);
        WsSocket interruptedOn = isInterrupt && socket != null && socket.isAlive() ? socket : null;
        if (socketDied || socket == null || !socket.isAlive()) {
            dropStream();
        } else {
            releaseStream();
        }
        if (inTx) {
            endTx();
        }
        if (interruptedOn != null) {
            interruptedOn.retire();
        }
        if (f.mapped != null) {
            return f.mapped;
        }
        if (socketDied && wasInTx && !commit && !isInterrupt) {
            return new TransactionExpiredException("STREAM_LOST", HttpErrors.LOST + ": the WebSocket to "
                    + t.displayUrl() + " failed (" + f.io.getMessage() + ") while a request of the transaction was in"
                    + " flight. Nothing in it was committed; begin a new transaction", f.io);
        }
        return HttpErrors.fromIo(f.io, t.displayUrl(), isInterrupt, wasInTx, t.config().requestTimeout().toString());
    }

    private void endTx() {
        inTx = false;
        pendingBegin = null;
        txMode = null;
        autocommit = true;
        syncStat();
    }

    /** Keeps the transport's count of streams holding a transaction or cursor exact. */
    private void syncStat() {
        boolean holds = (inTx && pendingBegin == null && socket != null) || activeCursor != null;
        if (holds != counted) {
            counted = holds;
            t.noteStream(holds ? 1 : -1);
            if (holds) {
                heldSocket = socket;
                socket.hold();
            } else if (heldSocket != null) {
                WsSocket h = heldSocket;
                heldSocket = null;
                h.release();
            }
        }
    }

    private void noteAutocommit(StreamResult r) {
        if (r != null && r.isAutocommit != null) {
            autocommit = r.isAutocommit;
            if (inTx && r.isAutocommit && pendingBegin == null) {
                endTx();
            }
        }
    }

    private LibSqlException error(HranaError e, String sql) {
        return HttpErrors.fromHrana(e, sql, this::primaryKey);
    }

    /** The PRIMARY KEY columns of a table, read on a stream of its own; null if that fails. */
    private List<String> primaryKey(String table) {
        try {
            WsSocket s = t.socket();
            int id = s.newStreamId();
            WsCodec.Writer w = s.writer(id);
            w.openStream();
            int idx = w.execute(Statement.of(PRIMARY_KEY_SQL, table), -1);
            w.close();
            List<CompletableFuture<StreamResult>> fs = transmit(s, w);
            StreamResult r = fs.get(idx).get(t.config().requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (r.error != null || r.rows == null) {
                return null;
            }
            List<String> names = new ArrayList<>(r.rows.size());
            for (dev.libsql4j.Value[] row : r.rows) {
                if (row.length != 1 || !(row[0] instanceof dev.libsql4j.Value.Text text)) {
                    return null;
                }
                names.add(text.value());
            }
            return names;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("Looking up the primary key of {} failed: {}", table, e.toString());
            return null;
        }
    }

    /** Null if the BEGIN in step 0 of {@code r} worked; else its error, with the transaction ended. */
    private LibSqlException beginOutcome(StreamResult r, TransactionMode begin) {
        HranaError e = HranaBatch.stepError(r, 0);
        if (e != null || HranaBatch.stepResult(r, 0) == null) {
            endTx();
            return e != null ? error(e, begin.beginSql())
                    : new ProtocolException("PROTOCOL_ERROR", "The server did not run " + begin.beginSql(), null);
        }
        pendingBegin = null;
        syncStat();
        return null;
    }

    // ------------------------------------------------------------------ statements

    @Override
    public Result execute(Statement stmt) {
        return executeWith(stmt, false);
    }

    @Override
    public Result executeWith(Statement stmt, boolean prepared) {
        beforeRequest();
        if (!inTx) {
            try {
                return executeAutocommit(stmt, prepared);
            } catch (dev.libsql4j.ConnectionException e) {
                // A plain read that failed with its socket ran no write: run it once more on a new one.
                if (!"IO_ERROR".equals(e.code()) || !SqlText.isPlainRead(stmt.sql()) || closed) {
                    throw e;
                }
                LOG.debug("A read on {} failed with its socket; retrying it once: {}", t.displayUrl(), e.getMessage());
                if (counting) {
                    attempts++; // the same request once more
                }
                return executeAutocommit(stmt, prepared);
            }
        }
        requireReadOnlyIfNeeded(List.of(stmt));
        boolean v3 = v3();
        WsCodec.Writer w = writer();
        int sqlId = prepared ? storeSql(w, stmt.sql()) : -1;
        TransactionMode begin = pendingBegin;
        int idx = begin != null
                ? w.batch(List.of(RequestWriter.Step.sql(null, begin.beginSql()),
                        new RequestWriter.Step(Cond.ok(0), stmt, null, sqlId)))
                : w.execute(stmt, sqlId);
        int ac = v3 ? w.getAutocommit() : -1;
        String kw = SqlText.firstKeyword(stmt.sql());
        List<StreamResult> rs = send(w, kw.equals("COMMIT") || kw.equals("END"));
        StreamResult r = rs.get(idx);
        LibSqlException failure = null;
        Result result = null;
        if (r.error != null) {
            failure = error(r.error, stmt.sql());
        } else if (begin != null) {
            failure = beginOutcome(r, begin);
            if (failure == null) {
                HranaError stepError = HranaBatch.stepError(r, 1);
                StreamResult step = HranaBatch.stepResult(r, 1);
                if (stepError != null) {
                    failure = error(stepError, stmt.sql());
                } else if (step == null) {
                    failure = new ProtocolException("PROTOCOL_ERROR", "The server skipped a statement after a "
                            + "successful BEGIN: " + stmt, null);
                } else {
                    result = step.toResult();
                }
            }
        } else {
            result = r.toResult();
        }
        if (ac >= 0) {
            noteAutocommit(rs.get(ac));
        } else if (failure == null && isTxEnd(stmt.sql())) {
            endTx();
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    private static boolean isTxEnd(String sql) {
        String kw = SqlText.firstKeyword(sql);
        return kw.equals("COMMIT") || kw.equals("END") || (kw.equals("ROLLBACK") && !sql.toUpperCase(java.util.Locale.ROOT).contains(" TO "));
    }

    /**
     * A statement outside a transaction. A {@code BEGIN} (or {@code SAVEPOINT}) the user sends
     * starts one on the stream; {@code get_autocommit} rides along to see it.
     */
    private Result executeAutocommit(Statement stmt, boolean prepared) {
        boolean opens = SqlText.opensTransaction(stmt.sql());
        WsCodec.Writer w = writer();
        int sqlId = prepared ? storeSql(w, stmt.sql()) : -1;
        int idx = w.execute(stmt, sqlId);
        int ac = opens && v3() ? w.getAutocommit() : -1;
        List<StreamResult> rs = send(w, false);
        StreamResult r = rs.get(idx);
        if (r.error != null) {
            throw error(r.error, stmt.sql());
        }
        if (opens && (ac < 0 || Boolean.FALSE.equals(rs.get(ac).isAutocommit))) {
            inTx = true;
            pendingBegin = null;
            txMode = TransactionMode.DEFERRED;
            autocommit = false;
            syncStat();
        }
        return r.toResult();
    }

    /** Stores the SQL on the socket if worthwhile; returns its id, or -1 to send the text. */
    private int storeSql(WsCodec.Writer w, String sql) {
        if (socket.version() < 2) {
            return -1;
        }
        Integer id = socket.storedSql.get(sql);
        if (id != null) {
            return id;
        }
        if (socket.storedSql.size() >= WsSocket.MAX_STORED_SQL || sql.getBytes(StandardCharsets.UTF_8).length > MAX_STORED_SQL_BYTES) {
            return -1;
        }
        int newId = socket.newSqlId();
        if (socket.storedSql.putIfAbsent(sql, newId) != null) {
            return socket.storedSql.get(sql);
        }
        // Sent before the statement that uses it, on the same socket: the server stores it first.
        w.storeSql(newId, sql);
        return newId;
    }

    /** Stored SQL is shared by every connection on the socket, so it stays until the socket goes. */
    @Override
    public void forgetStoredSql(String sql) {
        // Nothing to do: see above.
    }

    @Override
    public RowStream query(Statement stmt) {
        return queryWith(stmt);
    }

    @Override
    public RowStream queryWith(Statement stmt) {
        beforeRequest();
        requireReadOnlyIfNeeded(List.of(stmt));
        if (!v3()) {
            // Hrana 1 and 2 have no cursors: read the whole result.
            return HttpRowStream.buffered(executeWith(stmt, false));
        }
        if (!inTx) {
            // A stream of its own, so this connection's stream stays free while the rows are read.
            WsSocket s = t.socket();
            return WsRowStream.open(this, s, s.newStreamId(), true, List.of(RequestWriter.Step.of(null, stmt)),
                    stmt.sql(), false);
        }
        TransactionMode begin = pendingBegin;
        List<RequestWriter.Step> steps = begin != null
                ? List.of(RequestWriter.Step.sql(null, begin.beginSql()), RequestWriter.Step.of(Cond.ok(0), stmt))
                : List.of(RequestWriter.Step.of(null, stmt));
        writer(); // makes sure the stream exists (or reports the lost transaction)
        WsRowStream rs = WsRowStream.open(this, socket, streamId, false, steps, stmt.sql(), true);
        if (begin != null) {
            if (rs.failedStep() == 0) {
                endTx();
            } else {
                pendingBegin = null;
            }
        }
        if (!rs.isFinished()) {
            activeCursor = rs;
        }
        syncStat();
        return rs;
    }

    WsTransport transport() {
        return t;
    }

    void setWaiting(boolean clearInterrupt) {
        if (clearInterrupt) {
            interrupted = false;
        }
    }

    /** Called by a cursor that failed: a transaction's stream is in an unknown state. */
    void cursorFailed(WsRowStream rs, Failure f) {
        if (activeCursor == rs) {
            activeCursor = null;
        }
        throw failed(f, rs.inTx(), false);
    }

    /** Called by a cursor once it is done or closed. */
    void cursorDone(WsRowStream rs) {
        if (activeCursor == rs) {
            activeCursor = null;
            syncStat();
        }
    }

    LibSqlException mapError(HranaError e, String sql) {
        return error(e, sql);
    }

    @Override
    public BatchResult batch(List<Statement> stmts, BatchMode mode) {
        beforeRequest();
        requireReadOnlyIfNeeded(stmts);
        return mode == BatchMode.INDEPENDENT ? independentBatch(stmts) : atomicBatch(stmts);
    }

    private BatchResult independentBatch(List<Statement> stmts) {
        if (inTx && pendingBegin != null) {
            flushBegin();
        }
        WsCodec.Writer w = writer();
        int first = w.count();
        for (Statement s : stmts) {
            w.execute(s, -1);
        }
        int ac = inTx && v3() ? w.getAutocommit() : -1;
        List<StreamResult> rs = send(w, false);
        List<Result> results = new ArrayList<>(stmts.size());
        List<LibSqlException> errors = new ArrayList<>(stmts.size());
        for (int i = 0; i < stmts.size(); i++) {
            StreamResult r = rs.get(first + i);
            if (r.error != null) {
                results.add(null);
                errors.add(error(r.error, stmts.get(i).sql()));
            } else {
                results.add(r.toResult());
                errors.add(null);
            }
        }
        if (ac >= 0) {
            noteAutocommit(rs.get(ac));
        }
        return new BatchResult(results, errors);
    }

    /**
     * All-or-nothing in one request, built as over HTTP: outside a transaction {@code BEGIN},
     * the steps, {@code COMMIT}, and {@code ROLLBACK} if the commit did not run; inside one the
     * same around a savepoint.
     */
    private BatchResult atomicBatch(List<Statement> stmts) {
        boolean v3 = v3();
        TransactionMode begin = inTx ? pendingBegin : null;
        HranaBatch plan = HranaBatch.plan(stmts, inTx, begin, v3);
        WsCodec.Writer w = writer();
        int idx = w.batch(plan.steps);
        int ac = inTx && v3 ? w.getAutocommit() : -1;
        List<StreamResult> rs = send(w, !inTx);
        StreamResult r = rs.get(idx);
        LibSqlException failure = null;
        BatchResult out = null;
        if (r.error != null) {
            failure = error(r.error, null);
        } else if (begin != null && (failure = beginOutcome(r, begin)) != null) {
            // BEGIN failed: nothing ran.
        } else {
            try {
                out = plan.read(r, this::error);
            } catch (LibSqlException e) {
                failure = e;
            }
        }
        if (ac >= 0) {
            noteAutocommit(rs.get(ac));
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    /** In a READ_ONLY transaction, refuses statements that would write (sqld does not enforce it). */
    private void requireReadOnlyIfNeeded(List<Statement> stmts) {
        if (!inTx || txMode != TransactionMode.READ_ONLY) {
            return;
        }
        List<String> unknown = t.readOnlyCache().unknown(stmts);
        if (!unknown.isEmpty()) {
            WsCodec.Writer w = writer();
            for (String sql : unknown) {
                w.describe(sql);
            }
            List<StreamResult> rs = send(w, false);
            for (int i = 0; i < unknown.size(); i++) {
                StreamResult r = rs.get(i);
                if (r.error != null) {
                    throw error(r.error, unknown.get(i));
                }
                t.readOnlyCache().remember(unknown.get(i), r.isReadonly);
            }
        }
        t.readOnlyCache().require(stmts);
    }

    @Override
    public void executeScript(String sql) {
        beforeRequest();
        if (inTx && txMode == TransactionMode.READ_ONLY) {
            throw new LibSqlException("SQLITE_READONLY", "executeScript cannot run in a READ_ONLY transaction: a"
                    + " script's statements cannot be checked for writes one by one; use execute for each", null);
        }
        if (inTx && pendingBegin != null) {
            flushBegin();
        }
        WsCodec.Writer w = writer();
        requireVersion(2, "executeScript (the sequence request)");
        int idx = w.sequence(sql);
        int ac = v3() ? w.getAutocommit() : -1;
        List<StreamResult> rs = send(w, false);
        if (ac >= 0) {
            boolean was = inTx;
            noteAutocommit(rs.get(ac));
            if (!was && Boolean.FALSE.equals(rs.get(ac).isAutocommit)) {
                inTx = true;
                txMode = TransactionMode.DEFERRED;
                autocommit = false;
                syncStat();
            }
        }
        StreamResult r = rs.get(idx);
        if (r.error != null) {
            throw error(r.error, sql);
        }
    }

    private void requireVersion(int min, String what) {
        if (socket.version() < min) {
            throw new LibSqlException("UNSUPPORTED", what + " needs Hrana " + min + "; the server at " + t.displayUrl()
                    + " speaks Hrana " + socket.version() + " over WebSocket", null);
        }
    }

    /** Sends a pending BEGIN on its own. */
    private void flushBegin() {
        TransactionMode begin = pendingBegin;
        WsCodec.Writer w = writer();
        int idx = w.batch(List.of(RequestWriter.Step.sql(null, begin.beginSql())));
        StreamResult r = send(w, false).get(idx);
        if (r.error != null) {
            endTx();
            throw error(r.error, begin.beginSql());
        }
        LibSqlException e = beginOutcome(r, begin);
        if (e != null) {
            throw e;
        }
    }

    @Override
    public PreparedHandle prepare(String sql) {
        checkOpen();
        return new HttpPrepared(this, sql);
    }

    @Override
    public StatementDescription describe(String sql) {
        beforeRequest();
        WsCodec.Writer w = writer();
        requireVersion(2, "Statement metadata (the describe request)");
        int idx = w.describe(sql);
        StreamResult r = send(w, false).get(idx);
        if (r.error != null) {
            throw error(r.error, sql);
        }
        t.readOnlyCache().remember(sql, r.isReadonly);
        return new StatementDescription(r.params == null ? List.of() : r.params,
                r.cols == null ? List.of() : r.cols, r.isReadonly);
    }

    // ------------------------------------------------------------------ transactions

    @Override
    public void begin(TransactionMode mode) {
        checkOpen();
        if (inTx) {
            throw new IllegalStateException("A transaction is already open on this session");
        }
        inTx = true;
        pendingBegin = mode;
        txMode = mode;
        autocommit = false;
    }

    @Override
    public void commit() {
        beforeRequest();
        if (!inTx) {
            throw new IllegalStateException("No transaction is open");
        }
        if (pendingBegin != null) {
            endTx();
            return;
        }
        WsCodec.Writer w = writer();
        int idx = w.executeSql("COMMIT");
        int ac = v3() ? w.getAutocommit() : -1;
        List<StreamResult> rs = send(w, true);
        StreamResult r = rs.get(idx);
        if (r.error == null) {
            endTx();
            return;
        }
        LibSqlException e = error(r.error, "COMMIT");
        // SQLite keeps the transaction after a refused COMMIT (a deferred foreign key, say): the
        // caller may fix the cause and commit again, or roll back. Unless the server ended it.
        if (ac < 0 || !Boolean.FALSE.equals(rs.get(ac).isAutocommit) || e instanceof TransactionExpiredException) {
            endTx();
        }
        throw e;
    }

    @Override
    public void rollback() {
        checkOpen();
        if (activeCursor != null) {
            WsRowStream c = activeCursor;
            activeCursor = null;
            c.abandon();
        }
        if (!inTx) {
            return;
        }
        if (pendingBegin != null || socket == null || !socket.isAlive()) {
            endTx();
            return;
        }
        try {
            interrupted = false;
            WsCodec.Writer w = writer();
            int idx = w.executeSql("ROLLBACK");
            StreamResult r = send(w, false).get(idx);
            if (r.error != null) {
                LOG.debug("ROLLBACK on {} failed: {}", t.displayUrl(), r.error.message());
                releaseStream(); // the server rolls back when the stream closes
            }
        } catch (LibSqlException e) {
            LOG.debug("ROLLBACK on {} failed; the server rolls back when the stream ends: {}", t.displayUrl(),
                    e.getMessage());
        } finally {
            endTx();
        }
    }

    @Override
    public boolean inTransaction() {
        return inTx;
    }

    @Override
    public boolean isAutocommit() {
        return !inTx && autocommit;
    }

    @Override
    public void interrupt() {
        interrupted = true;
        CompletableFuture<StreamResult> f = waiting;
        if (f != null) {
            f.completeExceptionally(new InterruptedIOException("interrupted"));
        }
    }

    boolean wasInterrupted() {
        return interrupted;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (inTx) {
                rollback();
            }
            if (activeCursor != null) {
                activeCursor.abandon();
                activeCursor = null;
            }
            releaseStream();
            syncStat();
        } finally {
            closed = true;
        }
    }
}
