package dev.libsql4j.http.internal;

import dev.libsql4j.ProtocolException;
import dev.libsql4j.Row;
import dev.libsql4j.spi.ColumnIndex;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A Hrana cursor over WebSocket ({@code open_cursor}, then {@code fetch_cursor} pages of
 * {@value #PAGE} entries with the next page asked for while the current one is read), so memory
 * stays flat whatever the row count. It holds a request slot until it ends. Outside a transaction
 * it runs on a stream of its own, closed with it.
 */
final class WsRowStream extends ServerRowStream {
    static final int PAGE = 1000;

    private final WsSession session;
    private final WsSocket socket;
    private final int streamId;
    private final boolean ownStream;
    private final int cursorId;
    private final int target;
    private final String sql;
    private final boolean inTx;
    private RequestSlot slot;
    private final ArrayDeque<CursorEntry> entries = new ArrayDeque<>();
    private CompletableFuture<StreamResult> nextPage;
    private boolean serverDone;
    private ColumnIndex columns;
    private boolean cursorOpen;
    private int failedStep = -1;

    private WsRowStream(WsSession session, WsSocket socket, int streamId, boolean ownStream, int target, String sql,
                        boolean inTx) {
        this.session = session;
        this.socket = socket;
        this.streamId = streamId;
        this.ownStream = ownStream;
        this.cursorId = socket.newCursorId();
        this.target = target;
        this.sql = sql;
        this.inTx = inTx;
    }

    /** Opens the cursor and reads up to its columns; on failure everything is released. */
    static WsRowStream open(WsSession session, WsSocket socket, int streamId, boolean ownStream,
                            List<RequestWriter.Step> steps, String sql, boolean inTx) {
        WsRowStream rs = new WsRowStream(session, socket, streamId, ownStream, steps.size() - 1, sql, inTx);
        rs.slot = session.transport().acquire(session.transport().displayUrl());
        try {
            WsCodec.Writer w = socket.writer(streamId);
            if (ownStream) {
                socket.hold();
                w.openStream();
            }
            int open = w.openCursor(rs.cursorId, steps);
            // fetch_cursor waits for the open_cursor answer: a cursor that failed to open (SQL that
            // does not parse) is unknown to sqld, and asking it for one is a protocol error that
            // closes the whole socket.
            StreamResult opened = rs.await(session.transmit(socket, w).get(open));
            if (opened.error != null) {
                rs.release();
                throw session.mapError(opened.error, sql);
            }
            rs.cursorOpen = true;
            WsCodec.Writer fetch = socket.writer(streamId);
            fetch.fetchCursor(rs.cursorId, PAGE);
            rs.nextPage = session.transmit(socket, fetch).get(0);
            rs.readColumns();
            return rs;
        } catch (RuntimeException e) {
            rs.release();
            throw e;
        }
    }

    private StreamResult await(CompletableFuture<StreamResult> f) {
        try {
            long deadline = System.nanoTime() + session.transport().config().requestTimeout().toNanos();
            return session.await(f, deadline, socket, System.nanoTime());
        } catch (WsSession.Failure failure) {
            finished = true;
            release();
            session.cursorFailed(this, failure);
            throw new IllegalStateException("unreachable");
        }
    }

    /** Reads entries until the target step's columns. */
    private void readColumns() {
        while (columns == null) {
            CursorEntry e = nextEntry();
            if (e == null) {
                throw new ProtocolException("PROTOCOL_ERROR", "The cursor for " + HttpErrors.abbreviate(sql)
                        + " ended before its columns", null);
            }
            if (CursorEntry.STEP_BEGIN.equals(e.type) && e.step == target) {
                columns = ColumnIndex.of(e.cols == null ? List.of() : e.cols);
            } else {
                failIfError(e);
            }
        }
    }

    private void failIfError(CursorEntry e) {
        if (CursorEntry.STEP_ERROR.equals(e.type) || CursorEntry.ERROR.equals(e.type)) {
            failedStep = CursorEntry.ERROR.equals(e.type) ? target : e.step;
            finished = true;
            release();
            session.cursorDone(this);
            throw session.mapError(e.error, e.step < target && e.step >= 0 ? null : sql);
        }
    }

    /** The next entry, fetching the next page when the current one is used up; null at the end. */
    private CursorEntry nextEntry() {
        while (entries.isEmpty()) {
            if (nextPage == null) {
                return null;
            }
            StreamResult page = await(nextPage);
            nextPage = null;
            if (page.error != null) {
                finished = true;
                release();
                session.cursorDone(this);
                throw session.mapError(page.error, sql);
            }
            if (page.entries != null) {
                entries.addAll(page.entries);
            }
            serverDone = page.done;
            if (!serverDone) {
                WsCodec.Writer w = socket.writer(streamId);
                w.fetchCursor(cursorId, PAGE);
                nextPage = session.transmit(socket, w).get(0);
            }
        }
        return entries.poll();
    }

    @Override
    public ColumnIndex columns() {
        return columns;
    }

    @Override
    Row nextFromServer() {
        CursorEntry e;
        while ((e = nextEntry()) != null) {
            if (CursorEntry.ROW.equals(e.type) && (e.step == target || e.step < 0)) {
                return new Row(columns, e.row);
            }
            failIfError(e);
        }
        finished = true;
        release();
        session.cursorDone(this);
        return null;
    }

    boolean isFinished() {
        return finished;
    }

    boolean inTx() {
        return inTx;
    }

    /** The step that failed while opening (0 is a BEGIN in front), or -1. */
    int failedStep() {
        return failedStep;
    }

    @Override
    void releaseServer() {
        if (socket.isAlive()) {
            WsCodec.Writer w = socket.writer(streamId);
            if (cursorOpen) {
                w.closeCursor(cursorId);
            }
            if (ownStream) {
                w.close();
            }
            if (w.count() > 0) {
                session.transmit(socket, w);
            }
        }
        if (ownStream) {
            socket.release();
        }
        if (slot != null) {
            slot.close();
        }
    }

    @Override
    public void close() {
        if (buffer != null) {
            buffer = java.util.Collections.emptyIterator();
        }
        if (!finished) {
            finished = true;
            release();
        }
        session.cursorDone(this);
    }

    @Override
    public String toString() {
        return "WsRowStream[" + HttpErrors.abbreviate(sql) + "]";
    }
}
