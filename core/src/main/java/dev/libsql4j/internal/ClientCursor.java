package dev.libsql4j.internal;

import dev.libsql4j.Column;
import dev.libsql4j.Cursor;
import dev.libsql4j.Row;
import dev.libsql4j.TransactionExpiredException;
import dev.libsql4j.spi.RowStream;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A {@link Cursor} over a transport's {@link RowStream}. It closes itself at the end of the rows
 * or on an error, so a cursor read to the end is not a leak.
 */
final class ClientCursor implements Cursor {
    private final ClientConnection conn;
    private final RowStream stream;
    private final Resource res;
    private final List<Column> columns;
    /** Counts rows for the event listener; null without one. */
    private final Events.Probe probe;
    private boolean iterated;
    // True once the stream reported its end: next() then keeps returning null. An explicit close()
    // or a failure does not set it, so later calls say the cursor is closed instead of faking an end.
    private boolean exhausted;

    ClientCursor(ClientConnection conn, RowStream stream, Resource res, Events.Probe probe) {
        this.conn = conn;
        this.probe = probe;
        this.stream = stream;
        this.res = res;
        this.columns = stream.columns().columns();
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public Row next() {
        if (exhausted) {
            return null;
        }
        res.checkOpen();
        Row row;
        try {
            row = conn.locked(() -> {
                res.checkOpen();
                return stream.next();
            });
        } catch (TransactionExpiredException e) {
            conn.transactionLost(e);
            if (probe != null) {
                probe.fail(e);
            }
            closeQuietly(e);
            throw e;
        } catch (RuntimeException e) {
            if (probe != null) {
                probe.fail(e);
            }
            closeQuietly(e);
            throw e;
        }
        if (row == null) {
            exhausted = true;
            res.close();
        } else if (probe != null) {
            probe.rowsRead++;
        }
        return row;
    }

    private void closeQuietly(RuntimeException failure) {
        try {
            res.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public Iterator<Row> iterator() {
        if (iterated) {
            throw new IllegalStateException(res.description() + " can be iterated only once");
        }
        if (!exhausted) {
            res.checkOpen();
        }
        iterated = true;
        return new Iterator<>() {
            private Row nextRow;

            @Override
            public boolean hasNext() {
                if (nextRow == null) {
                    nextRow = ClientCursor.this.next();
                }
                return nextRow != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("No more rows in " + res.description());
                }
                Row r = nextRow;
                nextRow = null;
                return r;
            }
        };
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
