package dev.libsql4j.jdbc;

import dev.libsql4j.Column;
import dev.libsql4j.Value;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Column metadata of a result: names, and types from the declared column types (see
 * {@link TypeMapping}). A column without a declared type (an expression such as
 * {@code count(*)}) is typed by its value in the current row, or the first row when the result
 * set is not on a row yet (it is fetched ahead). Nullability is unknown: the server does not
 * report it. Table, schema and catalog names are empty for the same reason.
 *
 * <p>{@link #getColumnClassName} names the class of what {@code getObject} returns for the
 * current row (the first row before {@code next()}), so the two agree even where SQLite's dynamic
 * typing stores a value the declared type does not suggest (text in an INTEGER column, epoch
 * milliseconds in a DATE column). When that value is NULL, or there is no row, it names the
 * class the declared type implies: see {@link TypeMapping#className(int)}.
 */
final class JdbcResultSetMetaData implements ResultSetMetaData {
    private final List<Column> columns;
    private final IntFunction<Value> sample;
    private final int[] types;

    /**
     * @param sample a value of the given 0-based column to type undeclared columns by, or null
     */
    JdbcResultSetMetaData(List<Column> columns, IntFunction<Value> sample) {
        this.columns = columns;
        this.sample = sample;
        this.types = new int[columns.size()];
        java.util.Arrays.fill(types, Integer.MIN_VALUE);
    }

    private Column column(int column) throws SQLException {
        if (column < 1 || column > columns.size()) {
            throw new SQLException("Column index " + column + " is out of range; the result has " + columns.size()
                    + " columns", "07009");
        }
        return columns.get(column - 1);
    }

    private boolean declared(int column) throws SQLException {
        return TypeMapping.baseName(column(column).declaredType()) != null;
    }

    private Value sampleOf(int column) {
        return sample == null ? null : sample.apply(column - 1);
    }

    @Override
    public int getColumnCount() {
        return columns.size();
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        column(column);
        return true;
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        column(column);
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public int isNullable(int column) throws SQLException {
        column(column);
        return columnNullableUnknown;
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        return TypeMapping.isNumeric(getColumnType(column));
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        int p = TypeMapping.precision(column(column).declaredType());
        return p > 0 ? p : Integer.MAX_VALUE;
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return column(column).name();
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return column(column).name();
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        column(column);
        return "";
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        return TypeMapping.precision(column(column).declaredType());
    }

    @Override
    public int getScale(int column) throws SQLException {
        return TypeMapping.scale(column(column).declaredType());
    }

    @Override
    public String getTableName(int column) throws SQLException {
        column(column);
        return "";
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        column(column);
        return "";
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        Column c = column(column);
        int t = types[column - 1];
        if (t == Integer.MIN_VALUE) {
            if (declared(column)) {
                t = TypeMapping.jdbcType(c.declaredType());
            } else {
                Value v = sampleOf(column);
                t = v == null ? Types.OTHER : TypeMapping.jdbcType(v);
            }
            types[column - 1] = t;
        }
        return t;
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        Column c = column(column);
        if (declared(column)) {
            return TypeMapping.baseName(c.declaredType());
        }
        Value v = sampleOf(column);
        return v == null ? "" : TypeMapping.storageName(v);
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        column(column);
        return true;
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return TypeMapping.className(TypeMapping.jdbcType(column(column).declaredType()), sampleOf(column));
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Not a wrapper for " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
