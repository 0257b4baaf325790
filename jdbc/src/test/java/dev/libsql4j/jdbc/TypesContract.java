package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.Random;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every setter and getter, round trips through the server, conversions and result metadata. */
abstract class TypesContract extends JdbcContract {
    /** Binds {@code value} with {@code setter} into an untyped column and returns what it stored. */
    private interface Setter {
        void set(PreparedStatement ps) throws SQLException;
    }

    private String roundTripTable(Connection c) throws SQLException {
        String t = table("rt");
        exec(c, "CREATE TABLE " + t + "(id INTEGER PRIMARY KEY, v)");
        return t;
    }

    /** Stores through {@code setter}, returns {@code typeof(v)} and leaves the row for reading. */
    private String store(Connection c, String t, int id, Setter setter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + "(id, v) VALUES (" + id + ", ?)")) {
            setter.set(ps);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT typeof(v) FROM " + t + " WHERE id = " + id)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private ResultSet read(Statement s, String t, int id) throws SQLException {
        ResultSet rs = s.executeQuery("SELECT v FROM " + t + " WHERE id = " + id);
        assertThat(rs.next()).isTrue();
        return rs;
    }

    /**
     * {@code createBlob}/{@code createClob}/{@code createNClob} give writable LOBs that bind as BLOB and
     * TEXT. They used to throw SQLFeatureNotSupportedException (0A000): Hibernate calls createClob at
     * start-up, and HikariCP evicts a connection on any 0A000, so every Hibernate boot through a pool
     * logged a broken connection.
     */
    @Test
    void createdLobsAreWritableAndBind() throws Exception {
        try (Connection c = open()) {
            String t = roundTripTable(c);
            java.sql.Blob blob = c.createBlob();
            assertThat(blob.length()).isZero();
            assertThat(blob.setBytes(1, new byte[] {1, 2, 3, 4})).isEqualTo(4);
            assertThat(blob.setBytes(3, new byte[] {9, 9, 9}, 1, 2)).isEqualTo(2);
            try (java.io.OutputStream out = blob.setBinaryStream(5)) {
                out.write(new byte[] {7, 8});
            }
            assertThat(blob.getBytes(1, 100)).containsExactly(1, 2, 9, 9, 7, 8);
            assertThat(blob.position(new byte[] {9, 7}, 1)).isEqualTo(4);
            assertThat(store(c, t, 1, ps -> ps.setBlob(1, blob))).isEqualTo("blob");

            java.sql.Clob clob = c.createClob();
            clob.setString(1, "hello world");
            clob.setString(7, "libSQL!");
            assertThat(clob.getSubString(1, 100)).isEqualTo("hello libSQL!");
            assertThat(clob.position("lib", 1)).isEqualTo(7);
            clob.truncate(12);
            assertThat(store(c, t, 2, ps -> ps.setClob(1, clob))).isEqualTo("text");

            java.sql.NClob nclob = c.createNClob();
            try (java.io.Writer w = nclob.setCharacterStream(1)) {
                w.write("grüße");
            }
            assertThat(store(c, t, 3, ps -> ps.setNClob(1, nclob))).isEqualTo("text");

            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM " + t + " ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes(1)).containsExactly(1, 2, 9, 9, 7, 8);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("hello libSQL");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("grüße");
            }
            blob.free();
            assertThatThrownBy(blob::length).isInstanceOf(SQLException.class).hasMessageContaining("freed");
        }
    }

    @Test
    void integersRoundTripExactly() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = roundTripTable(c);
            long[] values = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, Integer.MAX_VALUE + 1L, 9007199254740993L};
            for (int i = 0; i < values.length; i++) {
                long v = values[i];
                assertThat(store(c, t, i, ps -> ps.setLong(1, v))).isEqualTo("integer");
                try (ResultSet rs = read(s, t, i)) {
                    assertThat(rs.getLong(1)).isEqualTo(v);
                    assertThat(rs.getObject(1)).isEqualTo(v);
                    assertThat(rs.getString(1)).isEqualTo(Long.toString(v));
                    assertThat(rs.getBigDecimal(1)).isEqualTo(BigDecimal.valueOf(v));
                    assertThat(rs.wasNull()).isFalse();
                }
            }
            assertThat(store(c, t, 100, ps -> ps.setInt(1, Integer.MIN_VALUE))).isEqualTo("integer");
            assertThat(store(c, t, 101, ps -> ps.setShort(1, Short.MAX_VALUE))).isEqualTo("integer");
            assertThat(store(c, t, 102, ps -> ps.setByte(1, Byte.MIN_VALUE))).isEqualTo("integer");
            try (ResultSet rs = read(s, t, 100)) {
                assertThat(rs.getInt(1)).isEqualTo(Integer.MIN_VALUE);
            }
            try (ResultSet rs = read(s, t, 101)) {
                assertThat(rs.getShort(1)).isEqualTo(Short.MAX_VALUE);
            }
            try (ResultSet rs = read(s, t, 102)) {
                assertThat(rs.getByte(1)).isEqualTo(Byte.MIN_VALUE);
            }
            try (ResultSet rs = read(s, t, 0)) {
                assertThatThrownBy(() -> rs.getInt(1)).isInstanceOf(java.sql.SQLDataException.class)
                        .hasMessageContaining("getLong");
            }
        }
    }

    @Test
    void realsRoundTripBitForBit() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = roundTripTable(c);
            double[] values = {-0.0, 0.1, Double.MAX_VALUE, Double.MIN_VALUE, -1e-300, Math.PI, 1e20};
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                assertThat(store(c, t, i, ps -> ps.setDouble(1, v))).isEqualTo("real");
                try (ResultSet rs = read(s, t, i)) {
                    assertThat(Double.doubleToRawLongBits(rs.getDouble(1))).as("bits of %s", v)
                            .isEqualTo(Double.doubleToRawLongBits(v));
                    assertThat(rs.getObject(1)).isEqualTo(v);
                }
            }
            assertThat(store(c, t, 50, ps -> ps.setFloat(1, 1.5f))).isEqualTo("real");
            try (ResultSet rs = read(s, t, 50)) {
                assertThat(rs.getFloat(1)).isEqualTo(1.5f);
            }
        }
    }

    @Test
    void textRoundTripsWithNulAndFourByteCharacters() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = roundTripTable(c);
            String[] values = {"", "a\u0000b", "emoji \uD83D\uDE00 and é", "'quoted' \"double\"", "x".repeat(100_000)};
            for (int i = 0; i < values.length; i++) {
                String v = values[i];
                assertThat(store(c, t, i, ps -> ps.setString(1, v))).isEqualTo("text");
                try (ResultSet rs = read(s, t, i)) {
                    assertThat(rs.getString(1)).isEqualTo(v);
                    assertThat(rs.getNString(1)).isEqualTo(v);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT length(v) FROM " + t + " WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("SQLite's length() stops at NUL, the value does not").isEqualTo(1);
            }
        }
    }

    @Test
    void blobsRoundTrip() throws Exception {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = roundTripTable(c);
            byte[] big = new byte[1 << 20];
            new Random(7).nextBytes(big);
            byte[][] values = {new byte[0], {0, -1, 127, -128}, big};
            for (int i = 0; i < values.length; i++) {
                byte[] v = values[i];
                assertThat(store(c, t, i, ps -> ps.setBytes(1, v))).isEqualTo("blob");
                try (ResultSet rs = read(s, t, i)) {
                    assertThat(rs.getBytes(1)).isEqualTo(v);
                    assertThat(rs.wasNull()).isFalse();
                    assertThat((byte[]) rs.getObject(1)).isEqualTo(v);
                    try (InputStream in = rs.getBinaryStream(1)) {
                        assertThat(in.readAllBytes()).isEqualTo(v);
                    }
                    assertThat(rs.getBlob(1).length()).isEqualTo(v.length);
                }
            }
            assertThat(store(c, t, 10, ps -> ps.setBinaryStream(1, new ByteArrayInputStream(new byte[] {1, 2, 3}))))
                    .isEqualTo("blob");
            assertThat(store(c, t, 11, ps -> ps.setBinaryStream(1, new ByteArrayInputStream(new byte[] {1, 2, 3}), 2)))
                    .isEqualTo("blob");
            assertThat(store(c, t, 12, ps -> ps.setBlob(1, new javax.sql.rowset.serial.SerialBlob(new byte[] {9}))))
                    .isEqualTo("blob");
            try (ResultSet rs = read(s, t, 11)) {
                assertThat(rs.getBytes(1)).containsExactly(1, 2);
            }
            try (ResultSet rs = read(s, t, 12)) {
                assertThat(rs.getBytes(1)).containsExactly(9);
            }
        }
    }

    @Test
    void nullsAndWasNull() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = roundTripTable(c);
            assertThat(store(c, t, 1, ps -> ps.setNull(1, Types.INTEGER))).isEqualTo("null");
            assertThat(store(c, t, 2, ps -> ps.setString(1, null))).isEqualTo("null");
            assertThat(store(c, t, 3, ps -> ps.setObject(1, null))).isEqualTo("null");
            assertThat(store(c, t, 4, ps -> ps.setBytes(1, null))).isEqualTo("null");
            assertThat(store(c, t, 5, ps -> ps.setBigDecimal(1, null))).isEqualTo("null");
            assertThat(store(c, t, 6, ps -> ps.setTimestamp(1, null))).isEqualTo("null");
            try (ResultSet rs = read(s, t, 1)) {
                assertThat(rs.getInt(1)).isZero();
                assertThat(rs.wasNull()).isTrue();
                assertThat(rs.getLong(1)).isZero();
                assertThat(rs.getDouble(1)).isZero();
                assertThat(rs.getBoolean(1)).isFalse();
                assertThat(rs.getString(1)).isNull();
                assertThat(rs.getBytes(1)).isNull();
                assertThat(rs.getBigDecimal(1)).isNull();
                assertThat(rs.getDate(1)).isNull();
                assertThat(rs.getTimestamp(1)).isNull();
                assertThat(rs.getObject(1)).isNull();
                assertThat(rs.getObject(1, LocalDate.class)).isNull();
                assertThat(rs.getObject(1, Integer.class)).isNull();
                assertThat(rs.wasNull()).isTrue();
            }
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void booleansAndBigDecimals() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = roundTripTable(c);
            assertThat(store(c, t, 1, ps -> ps.setBoolean(1, true))).isEqualTo("integer");
            assertThat(store(c, t, 2, ps -> ps.setBoolean(1, false))).isEqualTo("integer");
            BigDecimal precise = new BigDecimal("12345678901234567890.123456789012345678");
            assertThat(store(c, t, 3, ps -> ps.setBigDecimal(1, precise))).as("BigDecimal binds as text").isEqualTo("text");
            try (ResultSet rs = read(s, t, 1)) {
                assertThat(rs.getBoolean(1)).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            try (ResultSet rs = read(s, t, 2)) {
                assertThat(rs.getBoolean(1)).isFalse();
            }
            try (ResultSet rs = read(s, t, 3)) {
                assertThat(rs.getBigDecimal(1)).isEqualTo(precise);
                assertThat(rs.getBigDecimal(1, 2)).isEqualTo(new BigDecimal("12345678901234567890.12"));
            }
            // A DECIMAL column has NUMERIC affinity: SQLite itself turns the text into a number.
            String d = table("dec");
            exec(c, "CREATE TABLE " + d + "(v DECIMAL(10,2))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + d + " VALUES (?)")) {
                ps.setBigDecimal(1, new BigDecimal("1.50"));
                ps.executeUpdate();
                ps.setBigDecimal(1, new BigDecimal("3"));
                ps.executeUpdate();
            }
            try (ResultSet rs = s.executeQuery("SELECT v, typeof(v) FROM " + d + " ORDER BY v")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("1.5");
                assertThat(rs.getString(2)).isEqualTo("real");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("3");
                assertThat(rs.getString(2)).isEqualTo("integer");
            }
        }
    }

    @Test
    void sqlDatesAndTimesAreIsoText() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = roundTripTable(c);
            Date date = Date.valueOf("2024-05-01");
            Time time = new Time(Time.valueOf("13:45:30").getTime() + 250);
            Timestamp ts = Timestamp.valueOf("2024-05-01 13:45:30.123456789");
            assertThat(store(c, t, 1, ps -> ps.setDate(1, date))).isEqualTo("text");
            assertThat(store(c, t, 2, ps -> ps.setTime(1, time))).isEqualTo("text");
            assertThat(store(c, t, 3, ps -> ps.setTimestamp(1, ts))).isEqualTo("text");
            try (ResultSet rs = read(s, t, 1)) {
                assertThat(rs.getString(1)).isEqualTo("2024-05-01");
                assertThat(rs.getDate(1)).isEqualTo(date);
                assertThat(rs.getObject(1, LocalDate.class)).isEqualTo(LocalDate.of(2024, 5, 1));
            }
            try (ResultSet rs = read(s, t, 2)) {
                assertThat(rs.getString(1)).isEqualTo("13:45:30.250");
                assertThat(rs.getTime(1).getTime()).isEqualTo(time.getTime());
            }
            try (ResultSet rs = read(s, t, 3)) {
                assertThat(rs.getString(1)).isEqualTo("2024-05-01 13:45:30.123456789");
                assertThat(rs.getTimestamp(1)).isEqualTo(ts);
                assertThat(rs.getObject(1, Timestamp.class)).isEqualTo(ts);
            }
            Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            Timestamp instant = Timestamp.from(Instant.parse("2024-05-01T10:00:00Z"));
            assertThat(store(c, t, 4, ps -> ps.setTimestamp(1, instant, utc))).isEqualTo("text");
            try (ResultSet rs = read(s, t, 4)) {
                assertThat(rs.getString(1)).isEqualTo("2024-05-01 10:00:00");
                assertThat(rs.getTimestamp(1, utc)).isEqualTo(instant);
            }
            // SQLite's own date functions read what the driver wrote
            try (ResultSet rs = s.executeQuery("SELECT date(v, '+1 day'), strftime('%s', v) FROM " + t + " WHERE id = 4")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getDate(1).toLocalDate()).isEqualTo(LocalDate.of(2024, 5, 2));
                assertThat(rs.getLong(2)).isEqualTo(instant.toInstant().getEpochSecond());
            }
        }
    }

    @Test
    void javaTimeValuesAreIsoText() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = roundTripTable(c);
            LocalDate ld = LocalDate.of(1999, 12, 31);
            LocalTime lt = LocalTime.of(23, 59, 59, 999_000_000);
            LocalDateTime ldt = LocalDateTime.of(2024, 2, 29, 12, 0, 0, 1000);
            OffsetDateTime odt = OffsetDateTime.of(2024, 5, 1, 13, 45, 30, 0, ZoneOffset.ofHoursMinutes(5, 30));
            Instant instant = Instant.parse("2024-05-01T08:15:30.5Z");
            assertThat(store(c, t, 1, ps -> ps.setObject(1, ld))).isEqualTo("text");
            assertThat(store(c, t, 2, ps -> ps.setObject(1, lt))).isEqualTo("text");
            assertThat(store(c, t, 3, ps -> ps.setObject(1, ldt))).isEqualTo("text");
            assertThat(store(c, t, 4, ps -> ps.setObject(1, odt))).isEqualTo("text");
            assertThat(store(c, t, 5, ps -> ps.setObject(1, instant))).isEqualTo("text");
            try (ResultSet rs = read(s, t, 1)) {
                assertThat(rs.getString(1)).isEqualTo("1999-12-31");
                assertThat(rs.getObject(1, LocalDate.class)).isEqualTo(ld);
            }
            try (ResultSet rs = read(s, t, 2)) {
                assertThat(rs.getString(1)).isEqualTo("23:59:59.999");
                assertThat(rs.getObject(1, LocalTime.class)).isEqualTo(lt);
            }
            try (ResultSet rs = read(s, t, 3)) {
                assertThat(rs.getString(1)).isEqualTo("2024-02-29 12:00:00.000001");
                assertThat(rs.getObject(1, LocalDateTime.class)).isEqualTo(ldt);
            }
            try (ResultSet rs = read(s, t, 4)) {
                assertThat(rs.getString(1)).isEqualTo("2024-05-01 13:45:30+05:30");
                assertThat(rs.getObject(1, OffsetDateTime.class)).isEqualTo(odt);
                assertThat(rs.getObject(1, Instant.class)).isEqualTo(odt.toInstant());
                assertThat(rs.getTimestamp(1).toInstant()).isEqualTo(odt.toInstant());
            }
            try (ResultSet rs = read(s, t, 5)) {
                assertThat(rs.getString(1)).isEqualTo("2024-05-01 08:15:30.500Z");
                assertThat(rs.getObject(1, Instant.class)).isEqualTo(instant);
            }
        }
    }

    @Test
    void datesFromSqliteFunctionsAndEpochMillis() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CURRENT_TIMESTAMP, strftime('%Y-%m-%d %H:%M:%f', 'now'), "
                     + "1714557600000, julianday('2024-05-01 10:00:00'), date('now')")) {
            assertThat(rs.next()).isTrue();
            Instant now = Instant.now();
            assertThat(rs.getObject(1, Instant.class)).isBetween(now.minusSeconds(120), now.plusSeconds(120));
            assertThat(rs.getObject(2, Instant.class)).isBetween(now.minusSeconds(120), now.plusSeconds(120));
            assertThat(rs.getTimestamp(3).toInstant()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
            assertThat(rs.getTimestamp(4).toInstant()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
            assertThat(rs.getObject(5, LocalDate.class)).isNotNull();
        }
    }

    @Test
    void setObjectWithTargetTypes() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = roundTripTable(c);
            assertThat(store(c, t, 1, ps -> ps.setObject(1, "42", Types.INTEGER))).isEqualTo("integer");
            assertThat(store(c, t, 2, ps -> ps.setObject(1, 42, Types.VARCHAR))).isEqualTo("text");
            assertThat(store(c, t, 3, ps -> ps.setObject(1, "true", Types.BOOLEAN))).isEqualTo("integer");
            assertThat(store(c, t, 4, ps -> ps.setObject(1, 2.345, Types.DECIMAL, 2))).isEqualTo("text");
            assertThat(store(c, t, 5, ps -> ps.setObject(1, "2024-05-01T10:00", JDBCType.TIMESTAMP))).isEqualTo("text");
            assertThat(store(c, t, 6, ps -> ps.setObject(1, "abc", Types.BLOB))).isEqualTo("blob");
            assertThat(store(c, t, 7, ps -> ps.setObject(1, 7L))).isEqualTo("integer");
            assertThat(store(c, t, 8, ps -> ps.setObject(1, new byte[] {1}))).isEqualTo("blob");
            UUID u = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
            assertThat(store(c, t, 9, ps -> ps.setObject(1, u))).isEqualTo("text");
            try (ResultSet rs = read(s, t, 4)) {
                assertThat(rs.getString(1)).isEqualTo("2.35");
            }
            try (ResultSet rs = read(s, t, 5)) {
                assertThat(rs.getString(1)).isEqualTo("2024-05-01 10:00:00");
            }
            try (ResultSet rs = read(s, t, 9)) {
                assertThat(rs.getObject(1, UUID.class)).isEqualTo(u);
            }
        }
    }

    @Test
    void streamsAndLobs() throws Exception {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = roundTripTable(c);
            assertThat(store(c, t, 1, ps -> ps.setCharacterStream(1, new StringReader("chars é")))).isEqualTo("text");
            assertThat(store(c, t, 2, ps -> ps.setClob(1, new StringReader("clob text"), 4))).isEqualTo("text");
            assertThat(store(c, t, 3, ps -> ps.setAsciiStream(1,
                    new ByteArrayInputStream("ascii".getBytes(StandardCharsets.US_ASCII))))).isEqualTo("text");
            try (ResultSet rs = read(s, t, 1)) {
                try (Reader r = rs.getCharacterStream(1)) {
                    char[] buf = new char[20];
                    int n = r.read(buf);
                    assertThat(new String(buf, 0, n)).isEqualTo("chars é");
                }
                assertThat(rs.getClob(1).getSubString(1, 5)).isEqualTo("chars");
            }
            try (ResultSet rs = read(s, t, 2)) {
                assertThat(rs.getString(1)).isEqualTo("clob");
            }
            try (ResultSet rs = read(s, t, 3)) {
                assertThat(rs.getAsciiStream(1).readAllBytes()).isEqualTo("ascii".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void gettersConvertLikeSqlite() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT '12', 12, 12.75, 'true', 'abc', x'3132', ' 7 '")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(12);
            assertThat(rs.getLong(1)).isEqualTo(12);
            assertThat(rs.getDouble(1)).isEqualTo(12.0);
            assertThat(rs.getString(2)).isEqualTo("12");
            assertThat(rs.getBigDecimal(2)).isEqualTo(new BigDecimal(12));
            assertThat(rs.getInt(3)).isEqualTo(12);
            assertThat(rs.getString(3)).isEqualTo("12.75");
            assertThat(rs.getBoolean(4)).isTrue();
            assertThat(rs.getInt(5)).as("non-numeric text reads as 0, like sqlite3_column_int").isZero();
            assertThat(rs.getInt(6)).isEqualTo(12);
            assertThat(rs.getString(6)).isEqualTo("12");
            assertThat(rs.getInt(7)).isEqualTo(7);
            assertThatThrownBy(() -> rs.getBigDecimal(5)).isInstanceOf(java.sql.SQLDataException.class);
            assertThatThrownBy(() -> rs.getDate(5)).isInstanceOf(java.sql.SQLDataException.class)
                    .hasMessageContaining("'abc'");
        }
    }

    @Test
    void getObjectFollowsTheDeclaredType() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = table("typed");
            exec(c, "CREATE TABLE " + t + "(i INTEGER, b BIGINT, r REAL, x TEXT, bl BLOB, f BOOLEAN, n NUMERIC, d DATE)");
            exec(c, "INSERT INTO " + t + " VALUES (7, 8, 1.5, 'x', x'01', 1, 2.5, '2024-05-01')");
            exec(c, "INSERT INTO " + t + " VALUES (5000000000, NULL, NULL, NULL, NULL, 2, NULL, NULL)");
            try (ResultSet rs = s.executeQuery("SELECT * FROM " + t + " ORDER BY i")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject("i")).isEqualTo(7);
                assertThat(rs.getObject("b")).isEqualTo(8L);
                assertThat(rs.getObject("r")).isEqualTo(1.5);
                assertThat(rs.getObject("x")).isEqualTo("x");
                assertThat((byte[]) rs.getObject("bl")).containsExactly(1);
                assertThat(rs.getObject("f")).isEqualTo(true);
                assertThat(rs.getObject("n")).isEqualTo(2.5);
                assertThat(rs.getObject("d")).isEqualTo("2024-05-01");
                assertThat(rs.getObject("D", LocalDate.class)).isEqualTo(LocalDate.of(2024, 5, 1));
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject("i")).as("too big for an Integer").isEqualTo(5000000000L);
                assertThat(rs.getObject("f")).isEqualTo(2L);
                ResultSetMetaData md = rs.getMetaData();
                assertThat(md.getColumnCount()).isEqualTo(8);
                assertThat(md.getColumnType(1)).isEqualTo(Types.INTEGER);
                assertThat(md.getColumnType(2)).isEqualTo(Types.BIGINT);
                assertThat(md.getColumnType(3)).isEqualTo(Types.REAL);
                assertThat(md.getColumnType(4)).isEqualTo(Types.VARCHAR);
                assertThat(md.getColumnType(5)).isEqualTo(Types.BLOB);
                assertThat(md.getColumnType(6)).isEqualTo(Types.BOOLEAN);
                assertThat(md.getColumnType(7)).isEqualTo(Types.NUMERIC);
                assertThat(md.getColumnType(8)).isEqualTo(Types.DATE);
                assertThat(md.getColumnTypeName(8)).isEqualTo("DATE");
                assertThat(md.getColumnClassName(1)).as("the class of this row's value").isEqualTo("java.lang.Long");
                assertThat(md.isNullable(1)).isEqualTo(ResultSetMetaData.columnNullableUnknown);
            }
        }
    }

    /**
     * One column per declared type the driver maps (exact names and affinity fallbacks) and one
     * without a type: {declared type, usual value, dynamically typed value, class of the usual value}.
     */
    private static final String[][] DECLARED = {
        {"BOOLEAN", "1", "2", "java.lang.Boolean"},
        {"BOOL", "0", "'yes'", "java.lang.Boolean"},
        {"BIT", "1", "x'01'", "java.lang.Boolean"},
        {"TINYINT", "7", "'abc'", "java.lang.Integer"},
        {"SMALLINT", "7", "1.5", "java.lang.Integer"},
        {"INT2", "7", "5000000000", "java.lang.Integer"},
        {"INT", "7", "5000000000", "java.lang.Integer"},
        {"INTEGER", "-7", "5000000000", "java.lang.Integer"},
        {"MEDIUMINT", "7", "'abc'", "java.lang.Integer"},
        {"INT4", "7", "x'02'", "java.lang.Integer"},
        {"BIGINT", "8", "'abc'", "java.lang.Long"},
        {"INT8", "8", "2.5", "java.lang.Long"},
        {"UNSIGNED BIG INT", "8", "'abc'", "java.lang.Long"},
        {"REAL", "1.5", "'abc'", "java.lang.Double"},
        {"FLOAT", "1.5", "x'03'", "java.lang.Double"},
        {"DOUBLE", "1.5", "'abc'", "java.lang.Double"},
        {"DOUBLE PRECISION", "1.5", "'abc'", "java.lang.Double"},
        {"DECIMAL(10,2)", "9.99", "10", "java.lang.Double"},
        {"NUMERIC", "10", "2.5", "java.lang.Long"},
        {"NUMBER", "'12'", "'abc'", "java.lang.Long"},
        {"CHAR(3)", "'abc'", "x'04'", "java.lang.String"},
        {"CHARACTER(3)", "'abc'", "12", "java.lang.String"},
        {"NCHAR(3)", "'abc'", "12", "java.lang.String"},
        {"NATIVE CHARACTER(3)", "'abc'", "12", "java.lang.String"},
        {"VARCHAR(20)", "'abc'", "1.5", "java.lang.String"},
        {"VARYING CHARACTER(20)", "'abc'", "12", "java.lang.String"},
        {"CHARACTER VARYING(20)", "'abc'", "12", "java.lang.String"},
        {"NVARCHAR(20)", "'abc'", "12", "java.lang.String"},
        {"TEXT", "'abc'", "x'05'", "java.lang.String"},
        {"STRING", "'abc'", "12", "java.lang.String"},
        {"JSON", "'{\"a\":1}'", "12", "java.lang.String"},
        {"UUID", "'123e4567-e89b-12d3-a456-426614174000'", "x'06'", "java.lang.String"},
        {"CLOB", "'abc'", "12", "java.lang.String"},
        {"BLOB", "x'0102'", "12", "[B"},
        {"BINARY(2)", "x'0102'", "'abc'", "[B"},
        {"VARBINARY(2)", "x'0102'", "1.5", "[B"},
        {"DATE", "'2024-05-01'", "1714521600000", "java.lang.String"},
        {"TIME", "'13:45:30.250'", "49530", "java.lang.String"},
        {"DATETIME", "'2024-05-01 13:45:30'", "2460432.5", "java.lang.String"},
        {"TIMESTAMP", "'2024-05-01 13:45:30.250'", "1714571130250", "java.lang.String"},
        {"TIMESTAMPTZ", "'2024-05-01 13:45:30+02:00'", "1714571130250", "java.lang.String"},
        {"BIGSERIAL", "8", "'abc'", "java.lang.Long"},
        {"MEDIUMTEXT", "'abc'", "12", "java.lang.String"},
        {"LONGBLOB", "x'01'", "12", "[B"},
        {"FLOAT8", "1.5", "'abc'", "java.lang.Double"},
        {"MONEY", "12", "'abc'", "java.lang.Long"},
        {"", "42", "x'07'", "java.lang.Long"},
    };

    @Test
    void columnClassNameIsTheClassOfGetObjectForEveryDeclaredType() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = table("classes");
            StringBuilder ddl = new StringBuilder("CREATE TABLE " + t + "(id INTEGER PRIMARY KEY");
            StringBuilder usual = new StringBuilder("INSERT INTO " + t + " VALUES (1");
            StringBuilder dynamic = new StringBuilder("INSERT INTO " + t + " VALUES (2");
            for (int i = 0; i < DECLARED.length; i++) {
                ddl.append(", c").append(i).append(' ').append(DECLARED[i][0]);
                usual.append(", ").append(DECLARED[i][1]);
                dynamic.append(", ").append(DECLARED[i][2]);
            }
            exec(c, ddl.append(')').toString());
            exec(c, usual.append(')').toString());
            exec(c, dynamic.append(')').toString());
            exec(c, "INSERT INTO " + t + "(id) VALUES (3)");
            // Expressions have no declared type: their class is their value's storage class.
            String select = "SELECT *, c7 + 1 AS e_int, c13 * 2 AS e_real, c28 || 'x' AS e_text, x'ff' AS e_blob,"
                    + " date('2024-05-01') AS e_date, CASE id WHEN 1 THEN 1 WHEN 2 THEN 'two' END AS e_dyn FROM " + t
                    + " ORDER BY id";
            try (ResultSet rs = s.executeQuery(select)) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                assertThat(n).isEqualTo(DECLARED.length + 7);
                // Before next(): the first row's classes, the usual ones for every declared type.
                for (int i = 0; i < DECLARED.length; i++) {
                    assertThat(md.getColumnClassName(i + 2)).as("column declared %s", DECLARED[i][0])
                            .isEqualTo(DECLARED[i][3]);
                }
                int nonNull = 0;
                for (int row = 1; row <= 3; row++) {
                    assertThat(rs.next()).isTrue();
                    for (int i = 1; i <= n; i++) {
                        Object o = rs.getObject(i);
                        String declared = i >= 2 && i - 2 < DECLARED.length ? DECLARED[i - 2][0] : md.getColumnName(i);
                        if (o == null) {
                            assertThat(md.getColumnClassName(i)).as("row %d, column %s (NULL)", row, declared).isNotBlank();
                        } else {
                            nonNull++;
                            assertThat(md.getColumnClassName(i)).as("row %d, column %s, value %s", row, declared, o)
                                    .isEqualTo(o.getClass().getName());
                        }
                    }
                }
                assertThat(nonNull).as("non-null values checked").isEqualTo(2 * (DECLARED.length + 1 + 6) + 3);
                assertThat(rs.next()).isFalse();
            }
            // Without a row (a statement's metadata before it runs): the class the declared type implies.
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + t)) {
                ResultSetMetaData md = ps.getMetaData();
                for (int i = 0; i < DECLARED.length; i++) {
                    String expected = DECLARED[i][0].matches("DECIMAL.*|NUMERIC|NUMBER|MONEY|BIGSERIAL|") ? "java.lang.Object"
                            : DECLARED[i][3];
                    assertThat(md.getColumnClassName(i + 2)).as("column declared %s", DECLARED[i][0]).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void resultMetadata() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = table("md");
            exec(c, "CREATE TABLE " + t + "(id INTEGER PRIMARY KEY, price DECIMAL(10,2), name VARCHAR(20))");
            exec(c, "INSERT INTO " + t + " VALUES (1, 9.99, 'a')");
            try (ResultSet rs = s.executeQuery("SELECT id AS ident, price, name, count(*) OVER () AS n, 1.5 AS r, 'x' AS t,"
                    + " NULL AS z FROM " + t)) {
                ResultSetMetaData md = rs.getMetaData();
                assertThat(md.getColumnLabel(1)).isEqualTo("ident");
                assertThat(md.getColumnName(1)).isEqualTo("ident");
                assertThat(md.getPrecision(2)).isEqualTo(10);
                assertThat(md.getScale(2)).isEqualTo(2);
                assertThat(md.getColumnType(2)).isEqualTo(Types.DECIMAL);
                assertThat(md.getColumnDisplaySize(3)).isEqualTo(20);
                assertThat(md.getColumnType(4)).as("undeclared, typed by the first row").isEqualTo(Types.BIGINT);
                assertThat(md.getColumnTypeName(4)).isEqualTo("INTEGER");
                assertThat(md.getColumnType(5)).isEqualTo(Types.DOUBLE);
                assertThat(md.getColumnType(6)).isEqualTo(Types.VARCHAR);
                assertThat(md.getColumnType(7)).isEqualTo(Types.NULL);
                assertThat(md.isSigned(1)).isTrue();
                assertThatThrownBy(() -> md.getColumnType(8)).isInstanceOf(SQLException.class);
                // reading ahead for the metadata did not lose the row
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt("IDENT")).isEqualTo(1);
                assertThat(rs.next()).isFalse();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT name, id FROM " + t + " WHERE id = ?")) {
                ResultSetMetaData md = ps.getMetaData();
                assertThat(md.getColumnCount()).isEqualTo(2);
                assertThat(md.getColumnName(1)).isEqualTo("name");
                assertThat(md.getColumnType(2)).isEqualTo(Types.INTEGER);
                assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(1);
                assertThat(ps.getParameterMetaData().getParameterType(1)).isEqualTo(Types.OTHER);
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t)) {
                assertThat(ps.getMetaData()).isNull();
            }
        }
    }

    @Test
    void parameterForms() throws SQLException {
        try (Connection c = open()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT :a || @b || $c, :a")) {
                ps.setString(1, "x");
                ps.setString(2, "y");
                ps.setString(3, "z");
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("xyz");
                    assertThat(rs.getString(2)).isEqualTo("x");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ?2, ?1")) {
                ps.setInt(1, 1);
                ps.setInt(2, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(2);
                    assertThat(rs.getInt(2)).isEqualTo(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ?, ? /* ? */, '?'")) {
                assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(2);
                ps.setInt(1, 1);
                assertThatThrownBy(ps::executeQuery).isInstanceOf(SQLException.class)
                        .hasMessageContaining("parameter 2")
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("07001"));
                assertThatThrownBy(() -> ps.setInt(3, 3)).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("07009"));
                ps.setInt(2, 2);
                ps.clearParameters();
                assertThatThrownBy(ps::executeQuery).hasMessageContaining("parameter 1");
            }
        }
    }
}
