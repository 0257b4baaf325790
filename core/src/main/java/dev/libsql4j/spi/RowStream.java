package dev.libsql4j.spi;

import dev.libsql4j.Row;

/**
 * A transport's stream of rows behind a {@link dev.libsql4j.Cursor}. Used by one thread at a
 * time (the core serializes calls).
 */
public interface RowStream extends AutoCloseable {
    /** The result columns; known as soon as the stream is open. */
    ColumnIndex columns();

    /**
     * The next row, or {@code null} at the end.
     *
     * @throws dev.libsql4j.LibSqlException if the statement fails mid-way or the stream breaks
     */
    Row next();

    /** Releases the stream; idempotent. Rows not read are discarded. */
    @Override
    void close();
}
