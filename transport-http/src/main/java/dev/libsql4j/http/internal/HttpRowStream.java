package dev.libsql4j.http.internal;

import dev.libsql4j.LibSqlException;
import dev.libsql4j.ProtocolException;
import dev.libsql4j.Result;
import dev.libsql4j.Row;
import dev.libsql4j.Value;
import dev.libsql4j.spi.ColumnIndex;
import java.io.IOException;
import java.util.List;
import okhttp3.Response;

/**
 * Rows read one entry at a time from a cursor body ({@code /v3/cursor}) or from a streamed
 * pipeline answer, in either encoding (see {@link EntrySource}), so memory stays flat whatever
 * the row count. Also wraps a fully read {@link Result} (Hrana 2 servers, or a cursor that had
 * to be buffered because its transaction needed the stream).
 */
final class HttpRowStream extends ServerRowStream {
    private final HttpSession session;
    private final HttpTransport t;
    private final int targetStep;
    private final String sql;
    private final String url;
    private final boolean inTx;
    private Response response;
    private final EntrySource source;
    private final RequestSlot slot;
    private ColumnIndex columns;
    private String baton;
    private String baseUrl;
    private boolean ownsStream;
    private boolean cleanEnd;
    private int failedStep = -1;

    HttpRowStream(HttpSession session, HttpTransport t, Response response, EntrySource source, RequestSlot slot,
                  int targetStep, String sql, String url, boolean inTx) {
        this.session = session;
        this.t = t;
        this.response = response;
        this.source = source;
        this.slot = slot;
        this.targetStep = targetStep;
        this.sql = sql;
        this.url = url;
        this.inTx = inTx;
    }

    private HttpRowStream(Result r) {
        this(null, null, null, null, null, 0, null, null, false);
        this.columns = ColumnIndex.of(r.columns());
        this.buffer = r.rows().iterator();
        this.finished = true;
        this.released = true;
    }

    /** A stream over rows already read. */
    static HttpRowStream buffered(Result r) {
        return new HttpRowStream(r);
    }

    String baton() {
        return baton;
    }

    String baseUrl() {
        return baseUrl;
    }

    boolean inTx() {
        return inTx;
    }

    boolean isFinished() {
        return finished;
    }

    /**
     * Reads the response head and entries up to the target step's columns.
     *
     * @throws LibSqlException if the statement failed before producing rows; everything is released
     */
    void open() throws IOException {
        try {
            if (source == null) {
                throw new HranaJson.MalformedResponseException("the response has no body");
            }
            source.readHead();
            baton = source.baton();
            baseUrl = source.baseUrl();
            if (!inTx && baton != null) {
                ownsStream = true; // an autocommit cursor's stream of its own, closed by release()
                t.noteStream(1);
            }
            while (columns == null) {
                CursorEntry e = readEntry();
                if (e == null) {
                    throw new ProtocolException("PROTOCOL_ERROR", "The response from " + url
                            + " ended before the statement started (truncated response)", null);
                }
                switch (e.type) {
                    case "step_begin":
                        if (e.step == targetStep) {
                            columns = ColumnIndex.of(e.cols == null ? List.of() : e.cols);
                        }
                        break;
                    case "step_error":
                    case "error":
                        throw failAndDrain(e);
                    default:
                        break;
                }
            }
        } catch (IOException | RuntimeException e) {
            finished = true;
            release();
            throw e;
        }
    }

    /**
     * The error of a failed step. The server goes on with the stream after a step error, so the
     * rest of the body is read: then a transaction on the stream survives the error.
     */
    private LibSqlException failAndDrain(CursorEntry e) {
        LibSqlException failure = stepFailure(e);
        failedStep = e.step;
        try {
            CursorEntry rest;
            while ((rest = readEntry()) != null) {
                if (rest.type.equals("replication_index")) {
                    t.noteReplicationIndex(rest.replicationIndex);
                }
            }
            cleanEnd = true;
            baton = source.baton();
        } catch (IOException | RuntimeException drainFailure) {
            failure.addSuppressed(drainFailure);
        }
        return failure;
    }

    /** True if the body was read to its end, so the stream it belongs to is still usable. */
    boolean cleanEnd() {
        return cleanEnd;
    }

    /** The step whose error ended the cursor, or -1. */
    int failedStep() {
        return failedStep;
    }

    int targetStep() {
        return targetStep;
    }

    private LibSqlException stepFailure(CursorEntry e) {
        String failed = e.step >= 0 && e.step < targetStep ? "BEGIN" : sql;
        if (e.error == null) {
            return new ProtocolException("PROTOCOL_ERROR", "The cursor reported an error without details", null);
        }
        return HttpErrors.fromHrana(e.error, failed, session::primaryKey);
    }

    /** The next entry, or null at the end of the body. Unknown and empty entries have type "". */
    private CursorEntry readEntry() throws IOException {
        return source.next();
    }

    @Override
    public ColumnIndex columns() {
        return columns;
    }

    @Override
    Row nextFromServer() {
        try {
            return readRow();
        } catch (IOException e) {
            throw fail(HttpErrors.fromIo(e, url, session.wasInterrupted(), inTx, t.config().requestTimeout().toString()));
        } catch (LibSqlException e) {
            throw fail(e);
        }
    }

    private LibSqlException fail(LibSqlException e) {
        finished = true;
        release();
        if (cleanEnd) {
            session.cursorDone(this);
        } else {
            session.cursorFailed(this);
        }
        return e;
    }

    private Row readRow() throws IOException {
        while (true) {
            CursorEntry e = readEntry();
            if (e == null) {
                throw new ProtocolException("PROTOCOL_ERROR", "The response from " + url
                        + " ended before the statement finished (truncated response); rows may be missing", null);
            }
            switch (e.type) {
                case "row":
                    if (e.row == null || e.row.length != columns.size()) {
                        throw new ProtocolException("PROTOCOL_ERROR", "A row from " + url + " has "
                                + (e.row == null ? 0 : e.row.length) + " values for " + columns.size() + " columns", null);
                    }
                    return new Row(columns, e.row);
                case "step_end":
                    finishBody();
                    return null;
                case "step_error":
                case "error":
                    throw failAndDrain(e);
                case "replication_index":
                    t.noteReplicationIndex(e.replicationIndex);
                    break;
                default:
                    break;
            }
        }
    }

    /** Reads what follows the last step (sqld's replication index) so the connection can be reused. */
    private void finishBody() throws IOException {
        CursorEntry e;
        while ((e = readEntry()) != null) {
            if (e.type.equals("replication_index")) {
                t.noteReplicationIndex(e.replicationIndex);
            } else if (e.type.equals("error") || e.type.equals("step_error")) {
                finished = true;
                throw stepFailure(e);
            }
        }
        finished = true;
        cleanEnd = true;
        baton = source.baton();
        release();
        session.cursorDone(this);
    }

    @Override
    void releaseServer() {
        try {
            if (source != null) {
                source.close();
            }
        } catch (IOException ignored) {
            // Closing a half-read body; nothing to report.
        } finally {
            try {
                if (response != null) {
                    response.close();
                }
            } finally {
                session.cursorCall(null);
                slot.close();
                if (!inTx) {
                    if (ownsStream) {
                        ownsStream = false;
                        t.noteStream(-1);
                    }
                    // An autocommit cursor opened a stream of its own; close it.
                    t.closeStreamAsync(baton, baseUrl == null ? null : HttpSession.trimSlash(baseUrl));
                }
            }
        }
    }

    @Override
    public void close() {
        if (released) {
            finished = true;
            buffer = null;
            return;
        }
        if (inTx && !finished) {
            // The transaction's stream takes no request until the cursor is read: skip the rest.
            try {
                while (readRow() != null) {
                    // discard
                }
            } catch (IOException | LibSqlException e) {
                finished = true;
                release();
                if (!cleanEnd) {
                    session.cursorFailed(this);
                }
                return;
            }
        }
        finished = true;
        release();
    }
}
