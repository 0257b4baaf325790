package dev.libsql4j.embedded.internal;

import dev.libsql4j.Row;
import dev.libsql4j.spi.ColumnIndex;
import dev.libsql4j.spi.RowStream;

/**
 * A native row stream read in pages: one JNI call brings up to a page of rows, decoded one at a
 * time as the caller asks. Pages shrink for wide rows so that one page stays around
 * {@value #TARGET_PAGE_BYTES} bytes. Once the native side reports the last page, its statement is
 * released at once, before the caller has read the rows. Used by one thread at a time.
 */
final class EmbeddedRowStream implements RowStream {
    /** Rows in the first page: enough for small results, small enough for a quick first row. */
    static final int FIRST_PAGE = 32;
    /** The byte size a page aims at when rows are wide. */
    static final int TARGET_PAGE_BYTES = 1 << 20;
    private static final int PAGE_HEADER_BYTES = 9;

    private final EmbeddedSession session;
    private final long rows;
    private final ColumnIndex columns;
    private final String sql;
    private final EmbeddedPrepared owner;
    private final int maxPage;

    private NativeCodec.Reader page;
    private int left;
    private int nextPage;
    private boolean done;
    private boolean nativeClosed;
    private boolean closed;
    private boolean superseded;

    private EmbeddedRowStream(EmbeddedSession session, long rows, ColumnIndex columns, String sql,
                              EmbeddedPrepared owner) {
        this.session = session;
        this.rows = rows;
        this.columns = columns;
        this.sql = sql;
        this.owner = owner;
        this.maxPage = session.transport().pageSize();
        this.nextPage = Math.min(FIRST_PAGE, maxPage);
    }

    /** Wraps a native row stream; closes it if its columns cannot be read. */
    static EmbeddedRowStream open(EmbeddedSession session, long rows, String sql, EmbeddedPrepared owner) {
        ColumnIndex columns;
        try {
            columns = NativeCodec.columns(NativeBindings.rowsColumns(rows));
        } catch (NativeException e) {
            closeNativeQuietly(rows);
            throw session.error(e, sql);
        } catch (RuntimeException | Error e) {
            closeNativeQuietly(rows);
            throw e;
        }
        return new EmbeddedRowStream(session, rows, columns, sql, owner);
    }

    @Override
    public ColumnIndex columns() {
        return columns;
    }

    @Override
    public Row next() {
        if (closed) {
            throw new IllegalStateException("The row stream of " + NativeErrors.abbreviate(sql) + " is closed");
        }
        while (left == 0) {
            if (done) {
                closeNative();
                return null;
            }
            fetch();
        }
        left--;
        return NativeCodec.row(page, columns);
    }

    private void fetch() {
        if (superseded) {
            throw new IllegalStateException("This cursor over " + NativeErrors.abbreviate(sql) + " was closed because"
                    + " its PreparedStatement ran again; a prepared statement runs one query at a time, so read or"
                    + " close the cursor first");
        }
        byte[] bytes;
        // Stepping can end a transaction (an error that rolls it back).
        session.forgetAutocommit();
        try {
            bytes = NativeBindings.rowsNext(rows, nextPage);
        } catch (NativeException e) {
            closeNative();
            throw session.error(e, sql);
        }
        NativeCodec.Reader r = new NativeCodec.Reader(bytes);
        NativeCodec.PageHeader h = NativeCodec.pageHeader(r);
        if (h.columns() != columns.size()) {
            closeNative();
            throw NativeCodec.malformed("a page has " + h.columns() + " columns but the stream has " + columns.size());
        }
        page = r;
        left = h.rows();
        if (h.done()) {
            done = true;
            // Release the statement (and its read lock) now; the rows are already here.
            closeNative();
        } else if (h.rows() > 0) {
            long perRow = Math.max(1, (bytes.length - PAGE_HEADER_BYTES) / h.rows());
            nextPage = (int) Math.max(1, Math.min(maxPage, TARGET_PAGE_BYTES / perRow));
        }
    }

    /** The prepared statement ran again: the native side dropped this stream. */
    void supersede() {
        if (!done) {
            superseded = true;
            nativeClosed = true;
        }
    }

    boolean isActive() {
        return !closed && !done && !superseded;
    }

    private void closeNative() {
        if (!nativeClosed) {
            nativeClosed = true;
            closeNativeQuietly(rows);
            session.streamReleased();
        }
        if (owner != null) {
            owner.streamEnded(this);
        }
    }

    private static void closeNativeQuietly(long rows) {
        try {
            NativeBindings.rowsClose(rows);
        } catch (IllegalStateException ignored) {
            // already gone with its connection or statement
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        page = null;
        left = 0;
        closeNative();
    }
}
