package dev.libsql4j.jdbc;

import dev.libsql4j.Column;
import dev.libsql4j.Value;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A result set the driver builds in memory, for {@link java.sql.DatabaseMetaData}. */
final class MetaTable {
    private final List<Column> columns = new ArrayList<>();
    private final List<Value[]> rows = new ArrayList<>();

    /** Columns as {@code "NAME:TYPE"}; TYPE is TEXT, INTEGER, SMALLINT, BIGINT or BOOLEAN. */
    MetaTable(String... columns) {
        for (String c : columns) {
            int colon = c.indexOf(':');
            this.columns.add(new Column(c.substring(0, colon), c.substring(colon + 1)));
        }
    }

    /** Adds a row: null, String, Number or Boolean values, one per column. */
    MetaTable add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("row has " + values.length + " values for " + columns.size() + " columns");
        }
        Value[] row = new Value[values.length];
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                row[i] = Value.NULL;
            } else if (v instanceof String) {
                row[i] = Value.text((String) v);
            } else if (v instanceof Boolean) {
                row[i] = Value.integer((Boolean) v ? 1 : 0);
            } else if (v instanceof Number) {
                row[i] = Value.integer(((Number) v).longValue());
            } else {
                throw new IllegalArgumentException("unsupported metadata value " + v.getClass());
            }
        }
        rows.add(row);
        return this;
    }

    /** Sorts the rows by the given columns (0-based), nulls first, text case-sensitively. */
    MetaTable sortBy(int... keys) {
        Comparator<Value[]> cmp = null;
        for (int k : keys) {
            Comparator<Value[]> c = (a, b) -> compare(a[k], b[k]);
            cmp = cmp == null ? c : cmp.thenComparing(c);
        }
        if (cmp != null) {
            rows.sort(cmp);
        }
        return this;
    }

    private static int compare(Value a, Value b) {
        boolean an = a instanceof Value.Null;
        boolean bn = b instanceof Value.Null;
        if (an || bn) {
            return an == bn ? 0 : an ? -1 : 1;
        }
        if (a instanceof Value.Integer && b instanceof Value.Integer) {
            return Long.compare(((Value.Integer) a).value(), ((Value.Integer) b).value());
        }
        return a.toString().compareTo(b.toString());
    }

    int size() {
        return rows.size();
    }

    ResultSet resultSet() throws SQLException {
        return JdbcResultSet.values(null, columns, rows);
    }
}
