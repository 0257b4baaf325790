package dev.libsql4j;

import dev.libsql4j.spi.ColumnIndex;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The full result of one statement: its columns, all its rows, the number of rows it changed and
 * the rowid it inserted. For large results use {@link Connection#query}, which streams.
 *
 * <p>Immutable and thread-safe.
 */
public final class Result {
    private final ColumnIndex columns;
    private final List<Row> rows;
    private final long rowsAffected;
    private final Long lastInsertRowid;

    /**
     * For transports.
     *
     * @param columns         the column index the rows share
     * @param rows            the rows (the list is copied)
     * @param rowsAffected    rows changed by an INSERT, UPDATE or DELETE; 0 otherwise
     * @param lastInsertRowid the rowid an INSERT produced, or null
     */
    public Result(ColumnIndex columns, List<Row> rows, long rowsAffected, Long lastInsertRowid) {
        this.columns = columns;
        this.rows = List.copyOf(rows);
        this.rowsAffected = rowsAffected;
        this.lastInsertRowid = lastInsertRowid;
    }

    /** The result columns (empty for statements that return no rows). */
    public List<Column> columns() {
        return columns.columns();
    }

    /** All rows, in order. Unmodifiable. */
    public List<Row> rows() {
        return rows;
    }

    /** The number of rows. */
    public int rowCount() {
        return rows.size();
    }

    /** The first row, if any. */
    public Optional<Row> first() {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /**
     * The single value of a one-row, one-column result, such as {@code SELECT count(*) ...}.
     *
     * @throws IllegalStateException if the result is not exactly one row of one column
     */
    public Value singleValue() {
        if (rows.size() != 1 || columns.size() != 1) {
            throw new IllegalStateException("Expected one row with one column but got " + rows.size()
                    + " rows with " + columns.size() + " columns");
        }
        return rows.get(0).get(0);
    }

    /** Rows changed by an INSERT, UPDATE or DELETE; 0 for other statements. */
    public long rowsAffected() {
        return rowsAffected;
    }

    /** The rowid of the row an INSERT added, when the database reported one. */
    public OptionalLong lastInsertRowid() {
        return lastInsertRowid == null ? OptionalLong.empty() : OptionalLong.of(lastInsertRowid);
    }

    @Override
    public String toString() {
        return "Result[columns=" + columns.columns().stream().map(Column::name).collect(java.util.stream.Collectors.toList()) + ", rows=" + rows.size()
                + ", rowsAffected=" + rowsAffected + ", lastInsertRowid=" + lastInsertRowid + "]";
    }
}
