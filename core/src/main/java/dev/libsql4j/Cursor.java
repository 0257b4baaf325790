package dev.libsql4j;

import java.util.Iterator;
import java.util.List;

/**
 * Rows of a query, streamed: memory stays flat however many rows there are. Iterate it once.
 *
 * <p>Belongs to its connection and is used from one thread at a time. Close it when done
 * (closing early discards the rest); the connection closes it when it closes. Errors that occur
 * mid-stream surface from {@code hasNext()}/{@code next()} as {@link LibSqlException}.
 *
 * <pre>{@code
 * try (Cursor cursor = conn.query("SELECT * FROM big")) {
 *     for (Row row : cursor) { ... }
 * }
 * }</pre>
 */
public interface Cursor extends Iterable<Row>, AutoCloseable {
    /** The result columns. */
    List<Column> columns();

    /**
     * The iterator over the rows; a cursor has only one.
     *
     * @throws IllegalStateException on a second call, or after close
     */
    @Override
    Iterator<Row> iterator();

    /**
     * The next row, or null at the end (and on every call after the end). An alternative to the
     * iterator.
     *
     * @throws IllegalStateException after {@link #close()}, or after a failure closed the cursor
     */
    Row next();

    /** Discards unread rows and frees the stream. Idempotent. */
    @Override
    void close();
}
