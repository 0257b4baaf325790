package dev.libsql4j.jdbc;

import dev.libsql4j.Column;
import dev.libsql4j.Row;
import dev.libsql4j.Value;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A forward-only, read-only result set. Rows come from a {@link RowSource}: for queries a
 * streaming {@link dev.libsql4j.Cursor} (one row at a time; a large result never sits in memory
 * whole), for {@code RETURNING} rows, generated keys and metadata a list in memory.
 *
 * <p>Getters convert as described in {@link Conversions}. {@link #getObject(int)} returns
 * {@code null}, {@link Integer} (integer values of INT-declared columns that fit), {@link Boolean} (0 and 1 in
 * BOOLEAN-declared columns), {@link Long},
 * {@link Double}, {@link String} or {@code byte[]}. Not thread-safe (JDBC result sets are used
 * by one thread).
 */
final class JdbcResultSet extends ReadOnlyResultSet {
    private final JdbcStatement stmt;
    private final RowSource source;
    private final List<Column> columns;
    private final int[] declaredTypes;
    private final Map<String, Integer> exact = new HashMap<>();
    private final Map<String, Integer> folded = new HashMap<>();
    private final long maxRows;
    private final int holdability;
    private long rowNumber;
    private Object row;
    private Object peeked;
    private boolean hasPeeked;
    private boolean end;
    private boolean closed;
    private boolean wasNull;
    private int fetchSize;
    private JdbcResultSetMetaData metaData;

    JdbcResultSet(JdbcStatement stmt, RowSource source, long maxRows, int holdability) {
        this.stmt = stmt;
        this.source = source;
        this.columns = source.columns();
        this.maxRows = maxRows;
        this.holdability = holdability;
        this.declaredTypes = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).name();
            if (name != null) {
                exact.putIfAbsent(name, i);
                folded.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
            }
            declaredTypes[i] = TypeMapping.jdbcType(columns.get(i).declaredType());
        }
    }

    /** True if the rows stream from the server (a cursor) rather than sit in memory. */
    boolean isStreaming() {
        return source instanceof RowSource.CursorSource;
    }

    /** Rows of a {@link dev.libsql4j.Result}, without a row limit. */
    static JdbcResultSet buffered(JdbcStatement stmt, List<Column> columns, List<Row> rows) {
        return buffered(stmt, columns, rows, 0);
    }

    static JdbcResultSet buffered(JdbcStatement stmt, List<Column> columns, List<Row> rows, long maxRows) {
        return new JdbcResultSet(stmt, new RowSource.ListSource(columns, rows), maxRows,
                ResultSet.HOLD_CURSORS_OVER_COMMIT);
    }

    /** Rows the driver built. */
    static JdbcResultSet values(JdbcStatement stmt, List<Column> columns, List<Value[]> rows) {
        return new JdbcResultSet(stmt, new RowSource.ListSource(columns, rows), 0, ResultSet.HOLD_CURSORS_OVER_COMMIT);
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw SqlErrors.closed("ResultSet");
        }
    }

    private void finish() {
        end = true;
        row = null;
        peeked = null;
        hasPeeked = false;
        source.close();
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (end) {
            row = null;
            return false;
        }
        if (maxRows > 0 && rowNumber >= maxRows) {
            finish();
            return false;
        }
        Object r;
        if (hasPeeked) {
            r = peeked;
            peeked = null;
            hasPeeked = false;
        } else {
            try {
                r = source.fetch();
            } catch (SQLException e) {
                finish();
                throw e;
            }
        }
        if (r == null) {
            finish();
            return false;
        }
        row = r;
        rowNumber++;
        return true;
    }

    /** The row after the current one (fetched ahead, kept for the next {@link #next()}), or null. */
    private Object peek() throws SQLException {
        if (end || (maxRows > 0 && rowNumber >= maxRows)) {
            return null;
        }
        if (!hasPeeked) {
            try {
                peeked = source.fetch();
            } catch (SQLException e) {
                finish();
                throw e;
            }
            hasPeeked = true;
        }
        return peeked;
    }

    /** A sample value of a column for metadata: the current row's, else the first row's; null if none. */
    Value sample(int column) {
        try {
            if (closed) {
                return null;
            }
            Object r = row != null ? row : rowNumber == 0 ? peek() : null;
            return r == null ? null : RowSource.value(r, column);
        } catch (SQLException e) {
            return null;
        }
    }

    private Value value(int columnIndex) throws SQLException {
        checkOpen();
        if (columnIndex < 1 || columnIndex > columns.size()) {
            throw new SQLException("Column index " + columnIndex + " is out of range; the result has " + columns.size()
                    + " columns", "07009");
        }
        if (row == null) {
            throw new SQLException(rowNumber == 0 && !end ? "No current row: call next() first" : "No current row: the"
                    + " result set is past its last row", "24000");
        }
        Value v = RowSource.value(row, columnIndex - 1);
        wasNull = v instanceof Value.Null;
        return v;
    }

    private String label(int columnIndex) {
        return "'" + columns.get(columnIndex - 1).name() + "' (" + columnIndex + ")";
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        if (columnLabel == null) {
            throw new SQLException("column label is null", "HY009");
        }
        Integer i = exact.get(columnLabel);
        if (i == null) {
            i = folded.get(columnLabel.toLowerCase(Locale.ROOT));
        }
        if (i == null) {
            StringBuilder names = new StringBuilder();
            for (Column c : columns) {
                names.append(names.length() == 0 ? "" : ", ").append(c.name());
            }
            throw new SQLException("No column labelled '" + columnLabel + "'; the columns are [" + names + "]", "42S22");
        }
        return i + 1;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return wasNull;
    }

    // ------------------------------------------------------------------ getters by index

    @Override
    public String getString(int columnIndex) throws SQLException {
        return Conversions.getString(value(columnIndex));
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        Value v = value(columnIndex);
        return !wasNull && Conversions.getBoolean(v);
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        Value v = value(columnIndex);
        return wasNull ? 0 : Conversions.getByte(v, label(columnIndex));
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        Value v = value(columnIndex);
        return wasNull ? 0 : Conversions.getShort(v, label(columnIndex));
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        Value v = value(columnIndex);
        if (v instanceof Value.Integer) {
            long l = ((Value.Integer) v).value();
            if (l == (int) l) {
                return (int) l;
            }
        }
        return wasNull ? 0 : Conversions.getInt(v, label(columnIndex));
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        Value v = value(columnIndex);
        if (v instanceof Value.Integer) {
            return ((Value.Integer) v).value();
        }
        return wasNull ? 0 : Conversions.getLong(v, label(columnIndex));
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        return (float) getDouble(columnIndex);
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        Value v = value(columnIndex);
        return wasNull ? 0 : Conversions.getDouble(v);
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(columnIndex);
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        return Conversions.getBigDecimal(value(columnIndex), label(columnIndex));
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        return Conversions.getBytes(value(columnIndex));
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        return Conversions.getDate(value(columnIndex), null, label(columnIndex));
    }

    @Override
    public Date getDate(int columnIndex, Calendar cal) throws SQLException {
        return Conversions.getDate(value(columnIndex), cal, label(columnIndex));
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        return Conversions.getTime(value(columnIndex), null, label(columnIndex));
    }

    @Override
    public Time getTime(int columnIndex, Calendar cal) throws SQLException {
        return Conversions.getTime(value(columnIndex), cal, label(columnIndex));
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        return Conversions.getTimestamp(value(columnIndex), null, label(columnIndex));
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        return Conversions.getTimestamp(value(columnIndex), cal, label(columnIndex));
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        throw SqlErrors.unsupported("getUnicodeStream (deprecated; use getCharacterStream)");
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        byte[] b = getBytes(columnIndex);
        return b == null ? null : new ByteArrayInputStream(b);
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        return s == null ? null : new StringReader(s);
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        Value v = value(columnIndex);
        return TypeMapping.object(declaredTypes[columnIndex - 1], v);
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        return Conversions.getObject(value(columnIndex), type, label(columnIndex));
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        if (map != null && !map.isEmpty()) {
            throw SqlErrors.unsupported("A type map (SQLite has no user-defined types)");
        }
        return getObject(columnIndex);
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        throw SqlErrors.unsupported("REF values");
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        byte[] b = getBytes(columnIndex);
        return b == null ? null : new javax.sql.rowset.serial.SerialBlob(b);
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        return s == null ? null : new javax.sql.rowset.serial.SerialClob(s.toCharArray());
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        throw SqlErrors.unsupported("ARRAY values");
    }

    @Override
    public URL getURL(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        return s == null ? null : Conversions.getObject(Value.text(s), URL.class, label(columnIndex));
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        throw SqlErrors.unsupported("RowId (select the rowid column as a long)");
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        return s == null ? null : new TextNClob(s.toCharArray());
    }

    /** A {@link NClob} over text in memory. */
    static final class TextNClob extends javax.sql.rowset.serial.SerialClob implements NClob {
        private static final long serialVersionUID = 1L;

        TextNClob(char[] chars) throws SQLException {
            super(chars);
        }
    }

    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        throw SqlErrors.unsupported("SQLXML");
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return getString(columnIndex);
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        return getCharacterStream(columnIndex);
    }

    // ------------------------------------------------------------------ getters by label

    @Override
    public String getString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return getBoolean(findColumn(columnLabel));
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return getByte(findColumn(columnLabel));
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return getShort(findColumn(columnLabel));
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return getLong(findColumn(columnLabel));
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return getFloat(findColumn(columnLabel));
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return getDouble(findColumn(columnLabel));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        return getBigDecimal(findColumn(columnLabel), scale);
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return getBigDecimal(findColumn(columnLabel));
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return getBytes(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel) throws SQLException {
        return getDate(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel, Calendar cal) throws SQLException {
        return getDate(findColumn(columnLabel), cal);
    }

    @Override
    public Time getTime(String columnLabel) throws SQLException {
        return getTime(findColumn(columnLabel));
    }

    @Override
    public Time getTime(String columnLabel, Calendar cal) throws SQLException {
        return getTime(findColumn(columnLabel), cal);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel) throws SQLException {
        return getTimestamp(findColumn(columnLabel));
    }

    @Override
    public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
        return getTimestamp(findColumn(columnLabel), cal);
    }

    @Override
    public InputStream getAsciiStream(String columnLabel) throws SQLException {
        return getAsciiStream(findColumn(columnLabel));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(String columnLabel) throws SQLException {
        return getUnicodeStream(findColumn(columnLabel));
    }

    @Override
    public InputStream getBinaryStream(String columnLabel) throws SQLException {
        return getBinaryStream(findColumn(columnLabel));
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return getObject(findColumn(columnLabel), type);
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        return getObject(findColumn(columnLabel), map);
    }

    @Override
    public Ref getRef(String columnLabel) throws SQLException {
        return getRef(findColumn(columnLabel));
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        return getBlob(findColumn(columnLabel));
    }

    @Override
    public Clob getClob(String columnLabel) throws SQLException {
        return getClob(findColumn(columnLabel));
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        return getArray(findColumn(columnLabel));
    }

    @Override
    public URL getURL(String columnLabel) throws SQLException {
        return getURL(findColumn(columnLabel));
    }

    @Override
    public RowId getRowId(String columnLabel) throws SQLException {
        return getRowId(findColumn(columnLabel));
    }

    @Override
    public NClob getNClob(String columnLabel) throws SQLException {
        return getNClob(findColumn(columnLabel));
    }

    @Override
    public SQLXML getSQLXML(String columnLabel) throws SQLException {
        return getSQLXML(findColumn(columnLabel));
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        return getNString(findColumn(columnLabel));
    }

    @Override
    public Reader getNCharacterStream(String columnLabel) throws SQLException {
        return getNCharacterStream(findColumn(columnLabel));
    }

    // ------------------------------------------------------------------ position

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return rowNumber == 0 && !end && peek() != null;
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return end && rowNumber > 0;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return row != null && rowNumber == 1;
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        return row != null && peek() == null;
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return row == null ? 0 : (int) Math.min(rowNumber, Integer.MAX_VALUE);
    }

    private SQLException forwardOnly(String what) {
        return new SQLException(what + " needs a scrollable result set; libSQL result sets are TYPE_FORWARD_ONLY"
                + " (they stream)", "24000");
    }

    @Override
    public void beforeFirst() throws SQLException {
        checkOpen();
        throw forwardOnly("beforeFirst()");
    }

    @Override
    public void afterLast() throws SQLException {
        checkOpen();
        throw forwardOnly("afterLast()");
    }

    @Override
    public boolean first() throws SQLException {
        checkOpen();
        throw forwardOnly("first()");
    }

    @Override
    public boolean last() throws SQLException {
        checkOpen();
        throw forwardOnly("last()");
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        checkOpen();
        throw forwardOnly("absolute()");
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        checkOpen();
        throw forwardOnly("relative()");
    }

    @Override
    public boolean previous() throws SQLException {
        checkOpen();
        throw forwardOnly("previous()");
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != FETCH_FORWARD) {
            throw forwardOnly("A fetch direction other than FETCH_FORWARD");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw new SQLException("fetch size is negative: " + rows, "HY024");
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getType() throws SQLException {
        checkOpen();
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() throws SQLException {
        checkOpen();
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return holdability;
    }

    @Override
    public String getCursorName() throws SQLException {
        throw SqlErrors.unsupported("Named cursors");
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        if (metaData == null) {
            metaData = new JdbcResultSetMetaData(columns, this::sample);
        }
        return metaData;
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return stmt;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closeFromStatement();
        if (stmt != null) {
            stmt.resultSetClosed(this);
        }
    }

    /** Closes without telling the statement (the statement is the one closing it). */
    void closeFromStatement() {
        if (closed) {
            return;
        }
        closed = true;
        row = null;
        peeked = null;
        hasPeeked = false;
        source.close();
    }

    @Override
    public boolean isClosed() {
        return closed;
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
