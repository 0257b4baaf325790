package dev.libsql4j.jdbc;

import dev.libsql4j.Column;
import dev.libsql4j.Cursor;
import dev.libsql4j.Row;
import dev.libsql4j.Value;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;

/**
 * Where a {@link JdbcResultSet} gets its rows: a streaming cursor, or rows already in memory.
 * A row is an opaque handle ({@link Row} or {@code Value[]}), so the result set can hold one row
 * ahead of the current one without copying.
 */
abstract class RowSource {
    /** The columns. */
    abstract List<Column> columns();

    /** The next row's handle, or null at the end. */
    abstract Object fetch() throws SQLException;

    /** A value (0-based) of a row handle this source returned. */
    static Value value(Object row, int i) {
        return row instanceof Row ? ((Row) row).get(i) : ((Value[]) row)[i];
    }

    /** Frees what the source holds. Idempotent. */
    abstract void close();

    /** Rows streamed from a core {@link Cursor}; each fetch runs under the connection's lock and timeout. */
    static final class CursorSource extends RowSource {
        private final JdbcConnection conn;
        private final JdbcStatement owner;
        private final Cursor cursor;
        private final List<Column> columns;

        CursorSource(JdbcConnection conn, JdbcStatement owner, Cursor cursor) {
            this.conn = conn;
            this.owner = owner;
            this.cursor = cursor;
            this.columns = cursor.columns();
        }

        @Override
        List<Column> columns() {
            return columns;
        }

        @Override
        Object fetch() throws SQLException {
            return conn.run(owner, owner == null ? 0 : owner.queryTimeoutSeconds(), false, cursor::next);
        }

        @Override
        void close() {
            cursor.close();
        }
    }

    /** Rows in memory: a {@link dev.libsql4j.Result}'s {@link Row}s or rows the driver built ({@code Value[]}). */
    static final class ListSource extends RowSource {
        private final List<Column> columns;
        private final Iterator<?> rows;

        ListSource(List<Column> columns, List<?> rows) {
            this.columns = columns;
            this.rows = rows.iterator();
        }

        @Override
        List<Column> columns() {
            return columns;
        }

        @Override
        Object fetch() {
            return rows.hasNext() ? rows.next() : null;
        }

        @Override
        void close() {
        }
    }
}
