package dev.libsql4j.http.internal;

import dev.libsql4j.BatchFailedException;
import dev.libsql4j.BatchResult;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.ProtocolException;
import dev.libsql4j.Result;
import dev.libsql4j.Statement;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.spi.BatchMode;
import dev.libsql4j.spi.PreparedHandle;
import dev.libsql4j.spi.RowStream;
import dev.libsql4j.spi.StatementDescription;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Hrana stream's worth of session state. Without a transaction every call is a fresh
 * stream closed in the same request ({@code [execute, close]}), so nothing idles on the server.
 * A transaction keeps the baton chain: {@code BEGIN} rides with the first statement and
 * {@code COMMIT} with the {@code close}.
 *
 * <p>The core serializes calls; only {@link #interrupt()} comes from other threads.
 */
final class HttpSession extends MeteredSession implements HttpPrepared.Owner {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSession.class);
    /** sqld keeps at most 50 stored SQL texts per HTTP stream, each at most 5000 bytes. */
    private static final int MAX_STORED_SQL = 50;
    private static final int MAX_STORED_SQL_BYTES = 5000;
    private static final String BATCH_SAVEPOINT = "\"libsql4j_batch\"";

    private final HttpTransport t;

    private String baton;
    private String streamBase;
    private boolean inTx;
    private TransactionMode pendingBegin;
    private TransactionMode txMode;
    private boolean autocommit = true;
    private final Map<String, Integer> storedSql = new HashMap<>();
    private final List<Integer> pendingCloseSql = new ArrayList<>();
    private int nextSqlId;
    private HttpRowStream activeCursor;
    private boolean closed;

    private volatile Call inFlight;
    private volatile boolean interrupted;

    HttpSession(HttpTransport t) {
        super(t.config());
        this.t = t;
    }

    /** Before each request: the body's size goes to the totals. */
    private byte[] sending(byte[] body) {
        if (counting) {
            bytesSent += body.length;
            requests++;
        }
        return body;
    }

    /** Each attempt of a request (more than one after a retry); the call is the one to cancel. */
    private void attempt(Call c) {
        inFlight = c;
        if (counting) {
            attempts++;
        }
    }

    /** The response body's stream, counted into {@link #bytesReceived()} when counting. */
    private InputStream received(ResponseBody body) {
        InputStream in = body.byteStream();
        if (!counting) {
            return in;
        }
        return new java.io.FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytesReceived++;
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    bytesReceived += n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long k = super.skip(n);
                if (k > 0) {
                    bytesReceived += k;
                }
                return k;
            }
        };
    }

    // ------------------------------------------------------------------ plumbing

    private HttpUrl pipelineUrl() {
        return t.pipelineUrl(streamBase);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The HTTP session is closed");
        }
    }

    /** Before a request on this stream: a cursor still reading on it must be buffered first. */
    private void beforeRequest() {
        checkOpen();
        interrupted = false;
        if (activeCursor != null) {
            HttpRowStream c = activeCursor;
            activeCursor = null;
            c.detach();
        }
    }

    /**
     * Sends a pipeline on this session's stream and parses it. On any failure the stream is gone:
     * state is reset and, if a transaction was open, it is lost.
     */
    private PipelineResponse pipeline(RequestWriter w) {
        return pipeline(w, false);
    }

    /** As {@link #pipeline(RequestWriter)}; {@code idempotent} lets a failure on a reused connection retry once. */
    private PipelineResponse pipeline(RequestWriter w, boolean idempotent) {
        boolean wasInTx = inTx;
        PipelineResponse pr;
        try {
            pr = send(w, pipelineUrl(), baton == null, baton == null && idempotent, wasInTx);
        } catch (LibSqlException e) {
            streamLost();
            throw e;
        }
        setBaton(pr.baton);
        if (baton == null) {
            streamClosed();
        } else if (pr.baseUrl != null) {
            streamBase = trimSlash(pr.baseUrl);
        }
        return pr;
    }

    /** Sends a pipeline and parses it, without touching session state. */
    private PipelineResponse send(RequestWriter w, HttpUrl endpoint, boolean retryable, boolean idempotent,
                                  boolean inTxForMessages) {
        int expected = w.count();
        byte[] body = sending(w.finish());
        String url = endpoint.toString();
        try (RequestSlot slot = t.acquire(url);
             Response resp = t.execute(t.post(endpoint, body, false), false, retryable, idempotent, this::attempt)) {
            if (resp.code() != 200) {
                String[] err = errorBody(resp);
                String text = t.redact(err[1]);
                t.evictIdleConnections();
                throw (HttpErrors.fromStatus(resp.code(), err[0], text, url, inTxForMessages));
            }
            return parsePipeline(resp.body(), expected);
        } catch (IOException e) {
            throw (HttpErrors.fromIo(e, url, interrupted, inTxForMessages, t.config().requestTimeout().toString()));
        } finally {
            inFlight = null;
        }
    }

    static String trimSlash(String s) {
        String r = s;
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }

    /**
     * The content type and text of an error response. A Hrana error in protobuf (sqld sends
     * {@code STREAM_EXPIRED} in the endpoint's encoding) is turned into its JSON form, so the one
     * error mapper reads both encodings.
     */
    private static String[] errorBody(Response resp) {
        String type = resp.header("Content-Type");
        if (type != null && type.startsWith("application/x-protobuf") && resp.body() != null) {
            String json = ProtoCodec.errorAsJson(readBytes(resp.body()));
            if (json != null) {
                return new String[] {"application/json", json};
            }
            return new String[] {type, ""};
        }
        return new String[] {type, readText(resp.body())};
    }

    private static byte[] readBytes(ResponseBody body) {
        try {
            okio.BufferedSource src = body.source();
            src.request(64 * 1024);
            return src.getBuffer().readByteArray(Math.min(src.getBuffer().size(), 64 * 1024));
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }

    /** At most 64 KiB of an error body, as text: enough for a message, bounded for a hostile server. */
    private static String readText(ResponseBody body) {
        if (body == null) {
            return "";
        }
        try {
            okio.BufferedSource src = body.source();
            src.request(64 * 1024);
            return src.getBuffer().readString(Math.min(src.getBuffer().size(), 64 * 1024), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private PipelineResponse parsePipeline(ResponseBody body, int expected) throws IOException {
        if (body == null) {
            throw new HranaJson.MalformedResponseException("the response has no body");
        }
        PipelineResponse pr;
        try (InputStream in = received(body)) {
            pr = t.codec().readPipeline(in);
        }
        for (StreamResult r : pr.results) {
            t.noteReplicationIndex(r.replicationIndex);
        }
        if (pr.results.size() != expected) {
            throw new HranaJson.MalformedResponseException("expected " + expected + " results but got "
                    + pr.results.size());
        }
        return pr;
    }

    /** Every change of the baton goes through here, so the transport's count of open streams stays exact. */
    private void setBaton(String next) {
        if ((baton == null) != (next == null)) {
            t.noteStream(next == null ? -1 : 1);
        }
        baton = next;
    }

    /** The stream was closed normally. */
    private void streamClosed() {
        setBaton(null);
        streamBase = null;
        storedSql.clear();
        pendingCloseSql.clear();
    }

    /** Lets go of a live stream: closes it on the server without waiting, and forgets it here. */
    private void releaseStream() {
        String b = baton;
        String base = streamBase;
        streamClosed();
        t.closeStreamAsync(b, base);
    }

    /**
     * The stream failed; an open transaction is lost. Its baton is still given back with a
     * {@code close}: if the failed request never reached the server (a reset connection), the baton
     * is still valid and the server rolls back and frees the write lock at once, instead of holding
     * it until its transaction timeout (5 s) or the stream's expiry (10 s). If the request did
     * arrive, the server refuses the used baton, which harms nothing.
     */
    private void streamLost() {
        releaseStream();
        endTx();
    }

    private void endTx() {
        inTx = false;
        pendingBegin = null;
        txMode = null;
        autocommit = true;
    }

    /** After a request in a transaction: if the server says autocommit, the transaction is over. */
    private void noteAutocommit(StreamResult r) {
        if (r != null && r.isAutocommit != null) {
            autocommit = r.isAutocommit;
            if (inTx && r.isAutocommit && pendingBegin == null) {
                // Ended by the server (lock stolen) or by a COMMIT/ROLLBACK the user ran.
                endTx();
                releaseStream();
            }
        }
    }

    private LibSqlException error(HranaError e, String sql) {
        return HttpErrors.fromHrana(e, sql, this::primaryKey);
    }

    private static final String PRIMARY_KEY_SQL = "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk";

    /**
     * The PRIMARY KEY columns of a table, read on a new stream of its own; null if that fails.
     * Only asked after a UNIQUE failure, whose message does not say whether the key was the
     * primary one (see {@link HttpErrors#uniqueKind}). A table created in a transaction that is
     * still open is not visible there, so its duplicate key is reported as a UNIQUE one.
     *
     * <p>No request slot is taken: the caller may hold one (an open cursor does), and waiting for
     * a second could stall. The call can be interrupted like the one it explains.
     */
    List<String> primaryKey(String table) {
        RequestWriter w = t.writer(null);
        w.execute(Statement.of(PRIMARY_KEY_SQL, table), -1);
        w.close();
        int expected = w.count();
        try (Response resp = t.execute(t.post(t.pipelineUrl(), sending(w.finish()), false), false, true, true,
                this::attempt)) {
            if (resp.code() != 200) {
                return null;
            }
            StreamResult r = parsePipeline(resp.body(), expected).results.get(0);
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
        } catch (IOException | RuntimeException e) {
            LOG.debug("Looking up the primary key of {} failed: {}", table, e.toString());
            return null;
        } finally {
            inFlight = null;
        }
    }

    // ------------------------------------------------------------------ statements

    @Override
    public Result execute(Statement stmt) {
        return executeWith(stmt, false);
    }

    @Override
    public Result executeWith(Statement stmt, boolean prepared) {
        beforeRequest();
        if (!inTx && SqlText.opensTransaction(stmt.sql())) {
            return executeUserBegin(stmt);
        }
        if (!inTx) {
            RequestWriter w = t.writer(null);
            w.execute(stmt, -1);
            w.close();
            StreamResult r = pipeline(w, SqlText.isPlainRead(stmt.sql())).results.get(0);
            if (r.error != null) {
                throw error(r.error, stmt.sql());
            }
            return r.toResult();
        }
        requireReadOnlyIfNeeded(List.of(stmt));
        boolean v3 = t.isV3();
        RequestWriter w = t.writer(baton);
        flushCloseSql(w);
        int sqlId = prepared ? storeSql(w, stmt.sql()) : -1;
        int idx;
        TransactionMode begin = pendingBegin;
        if (begin != null) {
            idx = w.batch(List.of(RequestWriter.Step.sql(null, begin.beginSql()),
                    new RequestWriter.Step(Cond.ok(0), stmt, null, sqlId)));
        } else {
            idx = w.execute(stmt, sqlId);
        }
        int ac = v3 ? w.getAutocommit() : -1;
        PipelineResponse pr = pipeline(w);
        StreamResult r = pr.results.get(idx);
        LibSqlException failure = null;
        Result result = null;
        if (r.error != null) {
            failure = error(r.error, stmt.sql());
        } else if (begin != null) {
            failure = beginOutcome(r, begin);
            if (failure == null) {
                StreamResult step = HranaBatch.stepResult(r, 1);
                HranaError stepError = HranaBatch.stepError(r, 1);
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
            noteAutocommit(pr.results.get(ac));
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    /**
     * A {@code BEGIN} (or {@code SAVEPOINT}) the user sent as a statement: the stream stays open
     * so the transaction it starts lives on, and its {@code COMMIT} or {@code ROLLBACK} ends it
     * (seen through {@code get_autocommit}). Closing the stream with it, as for other autocommit
     * statements, would silently drop the transaction.
     */
    private Result executeUserBegin(Statement stmt) {
        boolean v3 = t.isV3();
        RequestWriter w = t.writer(null);
        w.execute(stmt, -1);
        int ac = v3 ? w.getAutocommit() : -1;
        PipelineResponse pr = pipeline(w);
        StreamResult r = pr.results.get(0);
        boolean open = r.error == null && (ac < 0 || Boolean.FALSE.equals(pr.results.get(ac).isAutocommit));
        if (open && baton != null) {
            inTx = true;
            pendingBegin = null;
            txMode = TransactionMode.DEFERRED;
            autocommit = false;
        } else {
            releaseStream();
        }
        if (r.error != null) {
            throw error(r.error, stmt.sql());
        }
        return r.toResult();
    }

    /** Null if the BEGIN in step 0 of {@code r} worked; else its error, with the transaction ended. */
    private LibSqlException beginOutcome(StreamResult r, TransactionMode begin) {
        HranaError e = HranaBatch.stepError(r, 0);
        if (e != null || HranaBatch.stepResult(r, 0) == null) {
            endTx();
            releaseStream();
            return e != null ? error(e, begin.beginSql())
                    : new ProtocolException("PROTOCOL_ERROR", "The server did not run " + begin.beginSql(), null);
        }
        pendingBegin = null;
        return null;
    }

    /** Stores the SQL on the live stream if worthwhile; returns its id, or -1 to send the text. */
    private int storeSql(RequestWriter w, String sql) {
        Integer id = storedSql.get(sql);
        if (id != null) {
            return id;
        }
        if (baton == null || storedSql.size() >= MAX_STORED_SQL
                || sql.getBytes(StandardCharsets.UTF_8).length > MAX_STORED_SQL_BYTES) {
            return -1;
        }
        int newId = nextSqlId++;
        w.storeSql(newId, sql);
        storedSql.put(sql, newId);
        return newId;
    }

    private void flushCloseSql(RequestWriter w) {
        for (int id : pendingCloseSql) {
            w.closeSql(id);
        }
        pendingCloseSql.clear();
    }

    @Override
    public void forgetStoredSql(String sql) {
        Integer id = storedSql.remove(sql);
        if (id != null && baton != null) {
            pendingCloseSql.add(id);
        }
    }

    @Override
    public RowStream query(Statement stmt) {
        return queryWith(stmt);
    }

    @Override
    public RowStream queryWith(Statement stmt) {
        beforeRequest();
        if (!t.isV3()) {
            // Hrana 2 has no cursors: read the whole result.
            return HttpRowStream.buffered(executeWith(stmt, false));
        }
        requireReadOnlyIfNeeded(List.of(stmt));
        if (cannotWrite(stmt.sql())) {
            // One round trip on the fast pipeline endpoint, rows streamed as they are decoded. sqld
            // refuses answers over its size cap (10 MB) with RESPONSE_TOO_LARGE before sending a
            // row, and the stream survives; the read then runs again through the cursor endpoint,
            // which has no cap. Only reads come here: running them twice changes nothing.
            try {
                return openRows(stmt, true);
            } catch (LibSqlException e) {
                if (!RESPONSE_TOO_LARGE.equals(e.code()) || closed) {
                    throw e;
                }
                LOG.debug("The result of {} is over the server's pipeline size cap; reading it through {}",
                        HttpErrors.abbreviate(stmt.sql()), t.cursorUrl(null));
            }
        }
        return openRows(stmt, false);
    }

    private static final String RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE";

    /**
     * True if the statement provably does not write: a plain SELECT/VALUES/EXPLAIN, or SQL that
     * {@code describe} reported read-only. A write never goes through the pipeline-then-cursor
     * path, so it can never run twice nor lose the rows it returned.
     */
    private boolean cannotWrite(String sql) {
        return SqlText.isPlainRead(sql) || Boolean.TRUE.equals(t.readOnlyCache().get(sql));
    }

    /**
     * Sends the statement and returns its rows as a stream: through the pipeline endpoint
     * ({@code viaPipeline}: {@code [BEGIN?, execute, close?]}, the answer parsed as it arrives) or
     * through the cursor endpoint ({@code [BEGIN?, stmt]} as a batch).
     */
    private RowStream openRows(Statement stmt, boolean viaPipeline) {
        TransactionMode begin = inTx ? pendingBegin : null;
        byte[] body;
        int target;
        int expected = 0;
        HttpUrl endpoint;
        if (viaPipeline) {
            RequestWriter w = t.writer(inTx ? baton : null);
            if (begin != null) {
                // A separate execute, not a batch step: if BEGIN fails the read still runs, harmlessly,
                // and its result is ignored.
                w.executeSql(begin.beginSql());
            }
            target = w.execute(stmt, -1);
            if (!inTx) {
                w.close();
            }
            expected = w.count();
            body = w.finish();
            endpoint = inTx ? pipelineUrl() : t.pipelineUrl();
        } else {
            List<RequestWriter.Step> steps = new ArrayList<>(2);
            if (begin != null) {
                steps.add(RequestWriter.Step.sql(null, begin.beginSql()));
                steps.add(RequestWriter.Step.of(Cond.ok(0), stmt));
            } else {
                steps.add(RequestWriter.Step.of(null, stmt));
            }
            target = steps.size() - 1;
            body = t.codec().cursor(inTx ? baton : null, steps);
            endpoint = t.cursorUrl(inTx ? streamBase : null);
        }
        String url = endpoint.toString();
        boolean wasInTx = inTx;
        // The slot and the response belong to this method until a row stream takes both; the
        // finally block gives back whatever was not handed over, whatever failed.
        RequestSlot slot = t.acquire(url);
        Response resp = null;
        try {
            boolean fresh = !inTx || baton == null;
            // Both bodies are read while the caller iterates, so neither gets a whole-call timeout.
            // Pipeline answers are small enough not to need sqld's gzip; cursor bodies keep it.
            resp = t.execute(t.post(endpoint, sending(body), !viaPipeline), true, fresh,
                    fresh && SqlText.isPlainRead(stmt.sql()), this::attempt);
            if (resp.code() != 200) {
                String[] err = errorBody(resp);
                String text = t.redact(err[1]);
                if (wasInTx) {
                    streamLost();
                }
                t.evictIdleConnections();
                throw (HttpErrors.fromStatus(resp.code(), err[0], text, url, wasInTx));
            }
            ResponseBody rb = resp.body();
            EntrySource source = rb == null ? null : viaPipeline
                    ? t.codec().pipelineEntries(received(rb), target, expected)
                    : t.codec().cursorEntries(received(rb));
            HttpRowStream rs = new HttpRowStream(this, t, resp, source, slot, target, stmt.sql(), url, inTx);
            resp = null; // the row stream owns the response and the slot now
            slot = null;
            try {
                rs.open(); // reads the baton and the columns; releases everything itself on failure
            } catch (IOException | RuntimeException e) {
                if (wasInTx) {
                    afterFailedTxCursor(rs, begin);
                }
                throw e;
            }
            if (inTx) {
                adoptCursorStream(rs);
                pendingBegin = null;
                if (!rs.isFinished()) {
                    activeCursor = rs;
                }
            }
            return rs;
        } catch (IOException e) {
            if (wasInTx && inTx) {
                streamLost();
            }
            inFlight = null;
            throw HttpErrors.fromIo(e, url, interrupted, wasInTx, t.config().requestTimeout().toString());
        } catch (RuntimeException e) {
            inFlight = null;
            throw e;
        } finally {
            if (resp != null) {
                resp.close();
            }
            if (slot != null) {
                slot.close();
            }
        }
    }

    private void adoptCursorStream(HttpRowStream rs) {
        setBaton(rs.baton());
        if (rs.baseUrl() != null) {
            streamBase = trimSlash(rs.baseUrl());
        }
    }

    /** A transaction's cursor failed while opening: keep the stream if the server kept it. */
    private void afterFailedTxCursor(HttpRowStream rs, TransactionMode begin) {
        if (!rs.cleanEnd() || rs.baton() == null) {
            streamLost();
            return;
        }
        adoptCursorStream(rs);
        if (begin != null && rs.failedStep() >= 0 && rs.failedStep() < rs.targetStep()) {
            // BEGIN itself failed: no transaction; let the stream go.
            endTx();
            releaseStream();
        } else {
            pendingBegin = null;
        }
    }

    /** Called by a cursor when its call is in flight or done. */
    void cursorCall(Call c) {
        inFlight = c;
    }

    boolean wasInterrupted() {
        return interrupted;
    }

    /** Called by a cursor of a transaction when it hit an error: the stream is gone. */
    void cursorFailed(HttpRowStream rs) {
        if (activeCursor == rs) {
            activeCursor = null;
        }
        if (rs.inTx()) {
            streamLost();
        }
    }

    /** Called by a cursor of a transaction once it has read its response to the end. */
    void cursorDone(HttpRowStream rs) {
        if (activeCursor == rs) {
            activeCursor = null;
        }
    }

    @Override
    public BatchResult batch(List<Statement> stmts, BatchMode mode) {
        beforeRequest();
        requireReadOnlyIfNeeded(stmts);
        return mode == BatchMode.INDEPENDENT ? independentBatch(stmts) : atomicBatch(stmts);
    }

    /**
     * Every statement as its own {@code execute} in one pipeline: sqld parses a whole Hrana batch
     * before running any step, so one bad statement would otherwise stop them all.
     */
    private BatchResult independentBatch(List<Statement> stmts) {
        if (inTx && pendingBegin != null) {
            flushBegin();
        }
        RequestWriter w = t.writer(inTx ? baton : null);
        if (inTx) {
            flushCloseSql(w);
        }
        int first = w.count();
        for (Statement s : stmts) {
            w.execute(s, -1);
        }
        int ac = -1;
        if (inTx) {
            ac = t.isV3() ? w.getAutocommit() : -1;
        } else {
            w.close();
        }
        PipelineResponse pr = pipeline(w, !inTx && SqlText.allPlainReads(stmts));
        List<Result> results = new ArrayList<>(stmts.size());
        List<LibSqlException> errors = new ArrayList<>(stmts.size());
        for (int i = 0; i < stmts.size(); i++) {
            StreamResult r = pr.results.get(first + i);
            if (r.error != null) {
                results.add(null);
                errors.add(error(r.error, stmts.get(i).sql()));
            } else {
                results.add(r.toResult());
                errors.add(null);
            }
        }
        if (ac >= 0) {
            noteAutocommit(pr.results.get(ac));
        }
        return new BatchResult(results, errors);
    }

    /**
     * All-or-nothing in one request. Outside a transaction: {@code BEGIN}, each step on the
     * success of the one before (and, on Hrana 3, only while the transaction is still open),
     * {@code COMMIT}, and {@code ROLLBACK} if the commit did not run. Inside one: the same
     * around a savepoint, so the transaction survives a failed batch.
     */
    private BatchResult atomicBatch(List<Statement> stmts) {
        boolean v3 = t.isV3();
        TransactionMode begin = inTx ? pendingBegin : null;
        HranaBatch plan = HranaBatch.plan(stmts, inTx, begin, v3);
        RequestWriter w = t.writer(inTx ? baton : null);
        if (inTx) {
            flushCloseSql(w);
        }
        int idx = w.batch(plan.steps);
        int ac = -1;
        if (inTx) {
            ac = v3 ? w.getAutocommit() : -1;
        } else {
            w.close();
        }
        PipelineResponse pr = pipeline(w, !inTx && SqlText.allPlainReads(stmts));
        StreamResult r = pr.results.get(idx);
        LibSqlException failure = null;
        BatchResult out = null;
        if (r.error != null) {
            failure = batchLevelFailure(r.error, stmts);
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
            noteAutocommit(pr.results.get(ac));
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    /**
     * sqld fails a whole batch when any statement does not parse, without saying which. Find the
     * step with {@code describe} (nothing runs), so the caller still learns its index.
     */
    private LibSqlException batchLevelFailure(HranaError e, List<Statement> stmts) {
        LibSqlException cause = error(e, null);
        if (!"SQL_PARSE_ERROR".equals(e.code()) && !"SQL_INPUT_ERROR".equals(e.code())) {
            return cause;
        }
        try {
            RequestWriter w = t.writer(null);
            for (Statement s : stmts) {
                w.describe(s.sql());
            }
            w.close();
            PipelineResponse pr = send(w, t.pipelineUrl(), true, true, false);
            for (int i = 0; i < stmts.size(); i++) {
                HranaError de = pr.results.get(i).error;
                if (de != null) {
                    LibSqlException stepCause = error(de, stmts.get(i).sql());
                    return new BatchFailedException(i, "Batch step " + i + " does not parse, so nothing of the batch ran: "
                            + stepCause.getMessage(), stepCause);
                }
            }
        } catch (LibSqlException lookupFailure) {
            cause.addSuppressed(lookupFailure);
        }
        return cause;
    }

    /** In a READ_ONLY transaction, refuses statements that would write (sqld does not enforce it). */
    private void requireReadOnlyIfNeeded(List<Statement> stmts) {
        if (!inTx || txMode != TransactionMode.READ_ONLY) {
            return;
        }
        List<String> unknown = t.readOnlyCache().unknown(stmts);
        if (!unknown.isEmpty()) {
            RequestWriter w = t.writer(null);
            for (String sql : unknown) {
                w.describe(sql);
            }
            w.close();
            PipelineResponse pr = send(w, t.pipelineUrl(), true, true, false);
            for (int i = 0; i < unknown.size(); i++) {
                StreamResult r = pr.results.get(i);
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
        if (!inTx) {
            RequestWriter w = t.writer(null);
            w.sequence(sql);
            w.close();
            StreamResult r = pipeline(w).results.get(0);
            if (r.error != null) {
                throw error(r.error, sql);
            }
            return;
        }
        if (txMode == TransactionMode.READ_ONLY) {
            throw new LibSqlException("SQLITE_READONLY", "executeScript cannot run in a READ_ONLY transaction: a"
                    + " script's statements cannot be checked for writes one by one; use execute for each", null);
        }
        if (pendingBegin != null) {
            flushBegin();
        }
        RequestWriter w = t.writer(baton);
        flushCloseSql(w);
        int idx = w.sequence(sql);
        int ac = t.isV3() ? w.getAutocommit() : -1;
        PipelineResponse pr = pipeline(w);
        StreamResult r = pr.results.get(idx);
        if (ac >= 0) {
            noteAutocommit(pr.results.get(ac));
        }
        if (r.error != null) {
            throw error(r.error, sql);
        }
    }

    /** Sends a pending BEGIN on its own (for requests that cannot be made conditional on it). */
    private void flushBegin() {
        TransactionMode begin = pendingBegin;
        RequestWriter w = t.writer(baton);
        int idx = w.batch(List.of(RequestWriter.Step.sql(null, begin.beginSql())));
        StreamResult r = pipeline(w).results.get(idx);
        if (r.error != null) {
            throw error(r.error, begin.beginSql());
        }
        LibSqlException e = beginOutcome(r, begin);
        if (e != null) {
            throw e;
        }
    }

    /**
     * Sends nothing: the statement's first run is its only request. Its metadata is fetched
     * only when asked for ({@link HttpPrepared#description()}).
     */
    @Override
    public PreparedHandle prepare(String sql) {
        checkOpen();
        return new HttpPrepared(this, sql);
    }

    /** One {@code describe} request: parameters, columns and whether the statement only reads. */
    @Override
    public StatementDescription describe(String sql) {
        beforeRequest();
        // Describe on a stream of its own: it needs no transaction and must not disturb one.
        RequestWriter w = t.writer(null);
        w.describe(sql);
        w.close();
        StreamResult r = send(w, t.pipelineUrl(), true, true, false)
                .results.get(0);
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
        finish("COMMIT", true);
    }

    @Override
    public void rollback() {
        try {
            finish("ROLLBACK", false);
        } catch (LibSqlException e) {
            // The server drops the transaction with its stream anyway; nothing was committed.
            LOG.debug("ROLLBACK on {} failed; the server rolls back when the stream ends: {}", t.displayUrl(),
                    e.getMessage());
        }
    }

    private void finish(String sql, boolean isCommit) {
        if (isCommit) {
            beforeRequest();
        } else {
            checkOpen();
            if (activeCursor != null) {
                HttpRowStream c = activeCursor;
                activeCursor = null;
                c.abandon();
            }
        }
        if (!inTx) {
            if (isCommit) {
                throw new IllegalStateException("No transaction is open");
            }
            return;
        }
        if (pendingBegin != null || baton == null) {
            // Nothing was sent yet: there is nothing to commit or roll back on the server.
            endTx();
            return;
        }
        RequestWriter w = t.writer(baton);
        int idx = w.executeSql(sql);
        w.close();
        try {
            StreamResult r = pipeline(w).results.get(idx);
            if (r.error != null) {
                LibSqlException e = error(r.error, sql);
                // A lost transaction's error already says that it was rolled back.
                throw isCommit && !(e instanceof dev.libsql4j.TransactionExpiredException) ? commitRolledBack(e) : e;
            }
        } finally {
            endTx();
            streamClosed();
        }
    }

    /**
     * The COMMIT was refused (a deferred foreign key, say). SQLite would keep the transaction, but
     * the {@code close} in the same request ends the stream, and sqld rolls the transaction back
     * with it: say so, with the code and type of the original error.
     */
    private static LibSqlException commitRolledBack(LibSqlException e) {
        return dev.libsql4j.spi.Errors.fromCode(e.code(), e.extendedCode(), "COMMIT failed, so the transaction was"
                + " rolled back and nothing of it was committed (over HTTP the COMMIT ends the stream, and the"
                + " server drops the transaction with it): " + e.getMessage(), e);
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
        Call c = inFlight;
        if (c != null) {
            c.cancel();
        }
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
            if (baton != null) {
                releaseStream();
            }
        } finally {
            closed = true;
        }
    }
}
