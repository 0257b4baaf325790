package dev.libsql4j.jdbc;

import dev.libsql4j.Column;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.Value;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A JDBC prepared statement. Parameters are bound on the client and sent with the SQL text on
 * every execution (over HTTP that is one round trip per execution, with no prepare round trip);
 * the parameter count and names come from the SQL text (see {@link SqlText}). {@code ?},
 * {@code ?NNN} and named parameters ({@code :name}, {@code @name}, {@code $name}, set by their
 * index) are supported, but not both kinds in one statement.
 *
 * <p>Value mapping: integers, booleans (1/0) and {@code byte}..{@code long} as INTEGER;
 * {@code float}/{@code double} as REAL; {@link BigDecimal} as TEXT ({@code toPlainString()}, so
 * no digit is lost; a NUMERIC or REAL column's affinity may still convert it, as with
 * sqlite-jdbc); dates and times as ISO-8601 TEXT (see {@link Temporals}); {@code byte[]} and
 * streams as BLOB; {@code null} as NULL.
 */
final class JdbcPreparedStatement extends JdbcStatement implements java.sql.PreparedStatement {
    private final SqlText text;
    private final Keys keys;
    private final String[] keyColumns;
    private final Value[] params;
    private final boolean[] bound;
    private final List<Object> batchArgs = new ArrayList<>();
    private ResultSetMetaData metaData;

    JdbcPreparedStatement(JdbcConnection conn, String sql, Keys keys, String[] keyColumns, int holdability) {
        super(conn, holdability);
        this.text = SqlText.parse(sql);
        this.keys = keys;
        this.keyColumns = keyColumns;
        this.params = new Value[text.parameterCount()];
        this.bound = new boolean[params.length];
    }

    private void set(int index, Value v) throws SQLException {
        checkOpen();
        if (index < 1 || index > params.length) {
            throw new SQLException("Parameter index " + index + " is out of range; the statement has " + params.length
                    + " parameter" + (params.length == 1 ? "" : "s") + ": " + abbreviate(text.sql()), "07009");
        }
        params[index - 1] = v;
        bound[index - 1] = true;
    }

    /** The arguments for the core statement: null, a positional list or a named map. */
    private Object args() throws SQLException {
        if (params.length == 0) {
            return null;
        }
        for (int i = 0; i < params.length; i++) {
            if (!bound[i]) {
                throw new SQLException("No value specified for parameter " + (i + 1) + " of " + params.length + ": "
                        + abbreviate(text.sql()), "07001");
            }
        }
        if (text.hasNamedParameters()) {
            if (text.hasPositionalParameters()) {
                throw SqlErrors.unsupported("Mixing ? and :name parameters in one statement");
            }
            return namedArgs(text.parameterNames(), params);
        }
        return Arrays.asList(params.clone());
    }

    private String batchSql() {
        if (keys == Keys.COLUMNS && text.kind() == SqlText.Kind.DML && !text.hasReturning()) {
            StringBuilder sb = new StringBuilder(text.withoutTrailer()).append(" RETURNING ");
            for (int i = 0; i < keyColumns.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(quoteIdentifier(keyColumns[i]));
            }
            return sb.toString();
        }
        return text.sql();
    }

    // ------------------------------------------------------------------ execution

    @Override
    public ResultSet executeQuery() throws SQLException {
        run(text, args(), Mode.QUERY, Keys.NONE, null, false);
        return getResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        return clamp(executeLargeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        run(text, args(), Mode.UPDATE, keys, keyColumns, false);
        return getLargeUpdateCount();
    }

    @Override
    public boolean execute() throws SQLException {
        return run(text, args(), Mode.ANY, keys, keyColumns, false);
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        batchArgs.add(args());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batchArgs.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        String sql = batchSql();
        List<dev.libsql4j.Statement> stmts = new ArrayList<>(batchArgs.size());
        for (Object a : batchArgs) {
            stmts.add(coreStatement(sql, a));
        }
        batchArgs.clear();
        return runBatch(stmts, keys, text);
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return toInts(executeLargeBatch());
    }

    private SQLException notOnPrepared() {
        return new SQLException("This method takes SQL text, which a PreparedStatement already has; call it without"
                + " arguments, or use a Statement", "HY000");
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        throw notOnPrepared();
    }

    /**
     * The result columns, from the server's description of the statement (one extra round trip
     * over HTTP, done once); null for statements without rows.
     */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        if (metaData == null) {
            dev.libsql4j.Connection core = conn.core();
            String sql = text.sql();
            List<Column> cols = conn.run(this, queryTimeoutSeconds(), false, () -> {
                try (PreparedStatement p = core.prepare(sql)) {
                    return p.columns();
                }
            });
            if (cols.isEmpty()) {
                return null;
            }
            metaData = new JdbcResultSetMetaData(cols, null);
        }
        return metaData;
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        return new JdbcParameterMetaData(text.parameterNames());
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        Arrays.fill(params, null);
        Arrays.fill(bound, false);
    }

    // ------------------------------------------------------------------ setters

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        set(parameterIndex, Value.NULL);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        set(parameterIndex, Value.NULL);
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        set(parameterIndex, Value.integer(x ? 1 : 0));
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        set(parameterIndex, Value.integer(x));
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        set(parameterIndex, Value.integer(x));
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        set(parameterIndex, Value.integer(x));
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        set(parameterIndex, Value.integer(x));
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        set(parameterIndex, Value.real(x));
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        set(parameterIndex, Value.real(x));
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        set(parameterIndex, x == null ? Value.NULL : Value.text(x.toPlainString()));
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        set(parameterIndex, Value.text(x));
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        setString(parameterIndex, value);
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        set(parameterIndex, Value.blob(x));
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        set(parameterIndex, x == null ? Value.NULL : Value.text(Temporals.format(x.toLocalDate())));
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
        if (x == null || cal == null) {
            setDate(parameterIndex, x);
            return;
        }
        set(parameterIndex, Value.text(Temporals.format(
                Instant.ofEpochMilli(x.getTime()).atZone(cal.getTimeZone().toZoneId()).toLocalDate())));
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        set(parameterIndex, x == null ? Value.NULL
                : Value.text(Temporals.format(Conversions.localTime(x, ZoneId.systemDefault()))));
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
        if (x == null || cal == null) {
            setTime(parameterIndex, x);
            return;
        }
        set(parameterIndex, Value.text(Temporals.format(Conversions.localTime(x, cal.getTimeZone().toZoneId()))));
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        set(parameterIndex, x == null ? Value.NULL : Value.text(Temporals.format(x.toLocalDateTime())));
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
        if (x == null || cal == null) {
            setTimestamp(parameterIndex, x);
            return;
        }
        set(parameterIndex, Value.text(Temporals.format(LocalDateTime.ofInstant(x.toInstant(),
                cal.getTimeZone().toZoneId()))));
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        set(parameterIndex, Conversions.toValue(x, targetSqlType, -1));
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        set(parameterIndex, Conversions.toValue(x));
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        set(parameterIndex, Conversions.toValue(x, targetSqlType, scaleOrLength));
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        setObject(parameterIndex, x, vendorType(targetSqlType), scaleOrLength);
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        setObject(parameterIndex, x, vendorType(targetSqlType));
    }

    private static int vendorType(SQLType t) throws SQLException {
        if (t == null || t.getVendorTypeNumber() == null) {
            throw new SQLException("SQL type " + t + " has no type number", "HY004");
        }
        return t.getVendorTypeNumber();
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        setAsciiStream(parameterIndex, x, (long) length);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        set(parameterIndex, x == null ? Value.NULL
                : Value.text(new String(Conversions.readAll(x, length), StandardCharsets.US_ASCII)));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        setAsciiStream(parameterIndex, x, -1L);
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        throw SqlErrors.unsupported("setUnicodeStream (deprecated; use setCharacterStream)");
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        setBinaryStream(parameterIndex, x, (long) length);
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        set(parameterIndex, x == null ? Value.NULL : Value.blob(Conversions.readAll(x, length)));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        setBinaryStream(parameterIndex, x, -1L);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
        setCharacterStream(parameterIndex, reader, (long) length);
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
        set(parameterIndex, reader == null ? Value.NULL : Value.text(Conversions.readAll(reader, length)));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
        setCharacterStream(parameterIndex, reader, -1L);
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        setCharacterStream(parameterIndex, value, length);
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        setCharacterStream(parameterIndex, value, -1L);
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        set(parameterIndex, Conversions.toValue(x));
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        setBinaryStream(parameterIndex, inputStream, length);
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        setBinaryStream(parameterIndex, inputStream, -1L);
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        set(parameterIndex, Conversions.toValue(x));
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        setCharacterStream(parameterIndex, reader, length);
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        setCharacterStream(parameterIndex, reader, -1L);
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        set(parameterIndex, Conversions.toValue(value));
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        setCharacterStream(parameterIndex, reader, length);
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        setCharacterStream(parameterIndex, reader, -1L);
    }

    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
        set(parameterIndex, x == null ? Value.NULL : Value.text(x.toString()));
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        throw SqlErrors.unsupported("REF values");
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        throw SqlErrors.unsupported("ARRAY values");
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        throw SqlErrors.unsupported("RowId (bind the rowid as a long)");
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        throw SqlErrors.unsupported("SQLXML");
    }

    @Override
    public String toString() {
        return "JdbcPreparedStatement[" + abbreviate(text.sql()) + "]";
    }
}
