package dev.libsql4j.jdbc;

import dev.libsql4j.Value;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Calendar;
import java.util.UUID;

/**
 * Java values to SQLite values and back, the way sqlite-jdbc and SQLite itself convert.
 *
 * <p>Reading numbers: an integer is itself; a real is truncated toward zero; text and blobs are
 * read as SQLite's {@code sqlite3_column_int64}/{@code _double} read them (the leading numeric
 * prefix, so {@code "12"} is 12, {@code " 12.5kg"} is 12, and {@code "abc"} is 0). A value that
 * does not fit the requested type ({@code getInt} of 2^40) is an {@link SQLDataException}
 * (22003) rather than silently cut, unlike sqlite-jdbc. {@code getBigDecimal} of text needs the
 * whole text to be a number (22018 otherwise).
 *
 * <p>Dates: see {@link Temporals} for the text form. An integer is epoch milliseconds (as
 * sqlite-jdbc writes by default) and a real is a Julian day number (as SQLite's
 * {@code julianday()}). Zone-less text is local time in the JVM's zone (or the given
 * {@link Calendar}'s) for {@code getDate}/{@code getTime}/{@code getTimestamp}, and UTC for
 * {@code Instant}/{@code OffsetDateTime}, following SQLite, whose {@code datetime('now')} is UTC.
 */
final class Conversions {
    private Conversions() {
    }

    // ------------------------------------------------------------------ Java → SQLite

    /**
     * The SQLite value of a JDBC argument.
     *
     * @throws SQLException (22023) for a type with no SQLite form
     */
    static Value toValue(Object x) throws SQLException {
        if (x == null) {
            return Value.NULL;
        } else if (x instanceof Value) {
            return (Value) x;
        } else if (x instanceof String) {
            return Value.text((String) x);
        } else if (x instanceof Long || x instanceof Integer || x instanceof Short || x instanceof Byte) {
            return Value.integer(((Number) x).longValue());
        } else if (x instanceof Double || x instanceof Float) {
            return Value.real(((Number) x).doubleValue());
        } else if (x instanceof Boolean) {
            return Value.integer((Boolean) x ? 1 : 0);
        } else if (x instanceof byte[]) {
            return Value.blob((byte[]) x);
        } else if (x instanceof BigDecimal) {
            return Value.text(((BigDecimal) x).toPlainString());
        } else if (x instanceof BigInteger) {
            BigInteger b = (BigInteger) x;
            return b.bitLength() < 64 ? Value.integer(b.longValue()) : Value.text(b.toString());
        } else if (x instanceof Timestamp) {
            return Value.text(Temporals.format(((Timestamp) x).toLocalDateTime()));
        } else if (x instanceof java.sql.Date) {
            return Value.text(Temporals.format(((java.sql.Date) x).toLocalDate()));
        } else if (x instanceof Time) {
            return Value.text(Temporals.format(localTime((Time) x, ZoneId.systemDefault())));
        } else if (x instanceof java.util.Date) {
            return Value.text(Temporals.format(LocalDateTime.ofInstant(((java.util.Date) x).toInstant(), ZoneId.systemDefault())));
        } else if (x instanceof Calendar) {
            Calendar c = (Calendar) x;
            return Value.text(Temporals.format(LocalDateTime.ofInstant(c.toInstant(), c.getTimeZone().toZoneId())));
        } else if (x instanceof LocalDate) {
            return Value.text(Temporals.format((LocalDate) x));
        } else if (x instanceof LocalTime) {
            return Value.text(Temporals.format((LocalTime) x));
        } else if (x instanceof LocalDateTime) {
            return Value.text(Temporals.format((LocalDateTime) x));
        } else if (x instanceof OffsetDateTime) {
            return Value.text(Temporals.format((OffsetDateTime) x));
        } else if (x instanceof ZonedDateTime) {
            return Value.text(Temporals.format(((ZonedDateTime) x).toOffsetDateTime()));
        } else if (x instanceof OffsetTime) {
            return Value.text(Temporals.format((OffsetTime) x));
        } else if (x instanceof Instant) {
            return Value.text(Temporals.format((Instant) x));
        } else if (x instanceof Character || x instanceof UUID || x instanceof URL) {
            return Value.text(x.toString());
        } else if (x instanceof Blob) {
            Blob b = (Blob) x;
            return Value.blob(b.getBytes(1, Math.toIntExact(b.length())));
        } else if (x instanceof Clob) {
            Clob c = (Clob) x;
            return Value.text(c.getSubString(1, Math.toIntExact(c.length())));
        } else if (x instanceof InputStream) {
            return Value.blob(readAll((InputStream) x, -1));
        } else if (x instanceof Reader) {
            return Value.text(readAll((Reader) x, -1));
        }
        throw new SQLException("Cannot bind a " + x.getClass().getName() + ": libSQL stores null, integers, reals,"
                + " text and blobs; pass a Number, Boolean, String, byte[], BigDecimal, a java.time or java.sql"
                + " date/time, UUID, Blob, Clob, InputStream or Reader", "22023");
    }

    /** The value of {@code x} converted for a target {@link Types} code, as {@code setObject(i, x, type)} does. */
    static Value toValue(Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        if (x == null) {
            return Value.NULL;
        }
        switch (targetSqlType) {
            case Types.NULL:
                return Value.NULL;
            case Types.BOOLEAN:
            case Types.BIT:
                return Value.integer(asBoolean(x) ? 1 : 0);
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
            case Types.BIGINT:
                return Value.integer(asLong(x));
            case Types.REAL:
            case Types.FLOAT:
            case Types.DOUBLE:
                return Value.real(asDouble(x));
            case Types.DECIMAL:
            case Types.NUMERIC: {
                BigDecimal d = asBigDecimal(x);
                if (scaleOrLength >= 0) {
                    d = d.setScale(scaleOrLength, RoundingMode.HALF_UP);
                }
                return Value.text(d.toPlainString());
            }
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
            case Types.CLOB:
            case Types.NCLOB: {
                if (x instanceof String || x instanceof Reader || x instanceof Clob) {
                    return toValue(x);
                }
                Value v = toValue(x);
                return v instanceof Value.Blob ? Value.text(new String(((Value.Blob) v).unsafeBytes(), StandardCharsets.UTF_8))
                        : Value.text(v.toString());
            }
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB: {
                if (x instanceof String) {
                    return Value.blob(((String) x).getBytes(StandardCharsets.UTF_8));
                }
                return toValue(x);
            }
            case Types.DATE:
                return Value.text(Temporals.format(asLocalDate(x)));
            case Types.TIME:
                return Value.text(Temporals.format(asLocalTime(x)));
            case Types.TIMESTAMP:
                return Value.text(Temporals.format(asLocalDateTime(x)));
            case Types.TIME_WITH_TIMEZONE:
            case Types.TIMESTAMP_WITH_TIMEZONE:
            case Types.OTHER:
            case Types.JAVA_OBJECT:
                return toValue(x);
            case Types.ARRAY:
            case Types.STRUCT:
            case Types.REF:
            case Types.DATALINK:
            case Types.ROWID:
            case Types.SQLXML:
            case Types.REF_CURSOR:
            case Types.DISTINCT:
                throw new SQLFeatureNotSupportedException("SQL type " + targetSqlType + " is not supported by libSQL", "0A000");
            default:
                throw new SQLException("Unknown SQL type code " + targetSqlType, "HY004");
        }
    }

    private static boolean asBoolean(Object x) throws SQLException {
        if (x instanceof Boolean) {
            return (Boolean) x;
        } else if (x instanceof Number) {
            return ((Number) x).doubleValue() != 0;
        } else if (x instanceof String) {
            String s = ((String) x).trim();
            if (s.equalsIgnoreCase("true") || s.equals("1")) {
                return true;
            } else if (s.equalsIgnoreCase("false") || s.equals("0")) {
                return false;
            }
        }
        throw cannotConvert(x, "BOOLEAN");
    }

    private static long asLong(Object x) throws SQLException {
        if (x instanceof Boolean) {
            return (Boolean) x ? 1 : 0;
        } else if (x instanceof BigDecimal || x instanceof BigInteger) {
            try {
                return x instanceof BigDecimal ? ((BigDecimal) x).setScale(0, RoundingMode.DOWN).longValueExact()
                        : ((BigInteger) x).longValueExact();
            } catch (ArithmeticException e) {
                throw new SQLDataException(x + " does not fit a 64-bit integer", "22003");
            }
        } else if (x instanceof Number) {
            return ((Number) x).longValue();
        } else if (x instanceof String) {
            try {
                return new BigDecimal(((String) x).trim()).setScale(0, RoundingMode.DOWN).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw cannotConvert(x, "BIGINT");
            }
        }
        throw cannotConvert(x, "BIGINT");
    }

    private static double asDouble(Object x) throws SQLException {
        if (x instanceof Boolean) {
            return (Boolean) x ? 1 : 0;
        } else if (x instanceof Number) {
            return ((Number) x).doubleValue();
        } else if (x instanceof String) {
            try {
                return Double.parseDouble(((String) x).trim());
            } catch (NumberFormatException e) {
                throw cannotConvert(x, "DOUBLE");
            }
        }
        throw cannotConvert(x, "DOUBLE");
    }

    private static BigDecimal asBigDecimal(Object x) throws SQLException {
        if (x instanceof BigDecimal) {
            return (BigDecimal) x;
        } else if (x instanceof BigInteger) {
            return new BigDecimal((BigInteger) x);
        } else if (x instanceof Long || x instanceof Integer || x instanceof Short || x instanceof Byte) {
            return BigDecimal.valueOf(((Number) x).longValue());
        } else if (x instanceof Double || x instanceof Float) {
            double d = ((Number) x).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw cannotConvert(x, "DECIMAL");
            }
            return BigDecimal.valueOf(d);
        } else if (x instanceof Boolean) {
            return (Boolean) x ? BigDecimal.ONE : BigDecimal.ZERO;
        } else if (x instanceof String) {
            try {
                return new BigDecimal(((String) x).trim());
            } catch (NumberFormatException e) {
                throw cannotConvert(x, "DECIMAL");
            }
        }
        throw cannotConvert(x, "DECIMAL");
    }

    private static LocalDate asLocalDate(Object x) throws SQLException {
        if (x instanceof LocalDate) {
            return (LocalDate) x;
        } else if (x instanceof java.sql.Date) {
            return ((java.sql.Date) x).toLocalDate();
        }
        return asLocalDateTime(x).toLocalDate();
    }

    private static LocalTime asLocalTime(Object x) throws SQLException {
        if (x instanceof LocalTime) {
            return (LocalTime) x;
        } else if (x instanceof Time) {
            return localTime((Time) x, ZoneId.systemDefault());
        } else if (x instanceof OffsetTime) {
            return ((OffsetTime) x).toLocalTime();
        } else if (x instanceof String) {
            try {
                Temporals.Parsed p = Temporals.parse((String) x);
                if (p.time != null) {
                    return p.time;
                }
            } catch (DateTimeParseException e) {
                throw cannotConvert(x, "TIME");
            }
        }
        return asLocalDateTime(x).toLocalTime();
    }

    private static LocalDateTime asLocalDateTime(Object x) throws SQLException {
        if (x instanceof LocalDateTime) {
            return (LocalDateTime) x;
        } else if (x instanceof Timestamp) {
            return ((Timestamp) x).toLocalDateTime();
        } else if (x instanceof LocalDate) {
            return ((LocalDate) x).atStartOfDay();
        } else if (x instanceof java.sql.Date) {
            return ((java.sql.Date) x).toLocalDate().atStartOfDay();
        } else if (x instanceof java.util.Date) {
            return LocalDateTime.ofInstant(((java.util.Date) x).toInstant(), ZoneId.systemDefault());
        } else if (x instanceof OffsetDateTime) {
            return ((OffsetDateTime) x).atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
        } else if (x instanceof ZonedDateTime) {
            return ((ZonedDateTime) x).withZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
        } else if (x instanceof Instant) {
            return LocalDateTime.ofInstant((Instant) x, ZoneId.systemDefault());
        } else if (x instanceof Calendar) {
            Calendar c = (Calendar) x;
            return LocalDateTime.ofInstant(c.toInstant(), c.getTimeZone().toZoneId());
        } else if (x instanceof Long) {
            return LocalDateTime.ofInstant(Instant.ofEpochMilli((Long) x), ZoneId.systemDefault());
        } else if (x instanceof String) {
            try {
                Temporals.Parsed p = Temporals.parse((String) x);
                if (p.date != null) {
                    return LocalDateTime.of(p.date, p.time == null ? LocalTime.MIDNIGHT : p.time);
                }
            } catch (DateTimeParseException e) {
                throw cannotConvert(x, "TIMESTAMP");
            }
        }
        throw cannotConvert(x, "TIMESTAMP");
    }

    private static SQLException cannotConvert(Object x, String type) {
        return new SQLDataException("Cannot convert a " + x.getClass().getSimpleName() + " ('" + abbreviate(String.valueOf(x))
                + "') to " + type, "22018");
    }

    static LocalTime localTime(Time t, ZoneId zone) {
        return Instant.ofEpochMilli(t.getTime()).atZone(zone).toLocalTime();
    }

    // ------------------------------------------------------------------ SQLite → Java

    static long getLong(Value v, String column) throws SQLException {
        if (v instanceof Value.Integer) {
            return ((Value.Integer) v).value();
        } else if (v instanceof Value.Real) {
            return (long) ((Value.Real) v).value();
        } else if (v instanceof Value.Text) {
            return longPrefix(((Value.Text) v).value());
        } else if (v instanceof Value.Blob) {
            return longPrefix(new String(((Value.Blob) v).unsafeBytes(), StandardCharsets.UTF_8));
        }
        return 0;
    }

    static int getInt(Value v, String column) throws SQLException {
        long l = getLong(v, column);
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw outOfRange(column, l, "an int");
        }
        return (int) l;
    }

    static short getShort(Value v, String column) throws SQLException {
        long l = getLong(v, column);
        if (l < Short.MIN_VALUE || l > Short.MAX_VALUE) {
            throw outOfRange(column, l, "a short");
        }
        return (short) l;
    }

    static byte getByte(Value v, String column) throws SQLException {
        long l = getLong(v, column);
        if (l < Byte.MIN_VALUE || l > Byte.MAX_VALUE) {
            throw outOfRange(column, l, "a byte");
        }
        return (byte) l;
    }

    private static SQLException outOfRange(String column, long value, String type) {
        return new SQLDataException("Column " + column + " holds " + value + ", which does not fit " + type
                + "; read it with getLong", "22003");
    }

    static double getDouble(Value v) {
        if (v instanceof Value.Real) {
            return ((Value.Real) v).value();
        } else if (v instanceof Value.Integer) {
            return ((Value.Integer) v).value();
        } else if (v instanceof Value.Text) {
            return doublePrefix(((Value.Text) v).value());
        } else if (v instanceof Value.Blob) {
            return doublePrefix(new String(((Value.Blob) v).unsafeBytes(), StandardCharsets.UTF_8));
        }
        return 0;
    }

    static boolean getBoolean(Value v) {
        if (v instanceof Value.Text) {
            String s = ((Value.Text) v).value().trim();
            if (s.equalsIgnoreCase("true")) {
                return true;
            } else if (s.equalsIgnoreCase("false")) {
                return false;
            }
        }
        if (v instanceof Value.Integer) {
            return ((Value.Integer) v).value() != 0;
        }
        return getDouble(v) != 0;
    }

    static BigDecimal getBigDecimal(Value v, String column) throws SQLException {
        if (v instanceof Value.Null) {
            return null;
        } else if (v instanceof Value.Integer) {
            return BigDecimal.valueOf(((Value.Integer) v).value());
        } else if (v instanceof Value.Real) {
            double d = ((Value.Real) v).value();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new SQLDataException("Column " + column + " holds " + d + ", which is not a decimal number", "22018");
            }
            return BigDecimal.valueOf(d);
        }
        String s = getString(v).trim();
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new SQLDataException("Column " + column + " holds '" + abbreviate(s) + "', which is not a decimal number",
                    "22018");
        }
    }

    static String getString(Value v) {
        if (v instanceof Value.Text) {
            return ((Value.Text) v).value();
        } else if (v instanceof Value.Null) {
            return null;
        } else if (v instanceof Value.Blob) {
            return new String(((Value.Blob) v).unsafeBytes(), StandardCharsets.UTF_8);
        }
        return v.toString();
    }

    static byte[] getBytes(Value v) {
        if (v instanceof Value.Blob) {
            return ((Value.Blob) v).value();
        } else if (v instanceof Value.Null) {
            return null;
        }
        return getString(v).getBytes(StandardCharsets.UTF_8);
    }

    static java.sql.Date getDate(Value v, Calendar cal, String column) throws SQLException {
        if (v instanceof Value.Null) {
            return null;
        }
        Long millis = epochMillis(v);
        if (millis != null) {
            return new java.sql.Date(millis);
        }
        ZoneId zone = zone(cal);
        Temporals.Parsed p = parse(v, column, "a date");
        if (p.date == null) {
            throw new SQLDataException("Column " + column + " holds the time '" + getString(v) + "', not a date", "22007");
        }
        LocalDate d = p.offset == null ? p.date
                : OffsetDateTime.of(p.date, p.time, p.offset).atZoneSameInstant(zone).toLocalDate();
        return new java.sql.Date(d.atStartOfDay(zone).toInstant().toEpochMilli());
    }

    static Time getTime(Value v, Calendar cal, String column) throws SQLException {
        if (v instanceof Value.Null) {
            return null;
        }
        Long millis = epochMillis(v);
        if (millis != null) {
            return new Time(millis);
        }
        ZoneId zone = zone(cal);
        Temporals.Parsed p = parse(v, column, "a time");
        if (p.time == null) {
            return new Time(p.date.atStartOfDay(zone).toInstant().toEpochMilli());
        }
        LocalDate date = p.date == null ? LocalDate.EPOCH : p.date;
        Instant instant = p.offset == null ? date.atTime(p.time).atZone(zone).toInstant()
                : OffsetDateTime.of(date, p.time, p.offset).toInstant();
        LocalTime lt = instant.atZone(zone).toLocalTime();
        return new Time(LocalDate.EPOCH.atTime(lt).atZone(zone).toInstant().toEpochMilli());
    }

    static Timestamp getTimestamp(Value v, Calendar cal, String column) throws SQLException {
        if (v instanceof Value.Null) {
            return null;
        }
        Long millis = epochMillis(v);
        if (millis != null) {
            return new Timestamp(millis);
        }
        ZoneId zone = zone(cal);
        Temporals.Parsed p = parse(v, column, "a timestamp");
        if (p.date == null) {
            throw new SQLDataException("Column " + column + " holds the time '" + getString(v) + "', not a timestamp",
                    "22007");
        }
        LocalDateTime ldt = LocalDateTime.of(p.date, p.time == null ? LocalTime.MIDNIGHT : p.time);
        Instant instant = p.offset == null ? ldt.atZone(zone).toInstant() : ldt.toInstant(p.offset);
        return Timestamp.from(instant);
    }

    /** Epoch millis for integer (milliseconds) and real (Julian day) values; null for text. */
    private static Long epochMillis(Value v) {
        if (v instanceof Value.Integer) {
            return ((Value.Integer) v).value();
        } else if (v instanceof Value.Real) {
            return Temporals.julianDayToEpochMillis(((Value.Real) v).value());
        }
        return null;
    }

    private static Temporals.Parsed parse(Value v, String column, String what) throws SQLException {
        String s = getString(v);
        try {
            return Temporals.parse(s);
        } catch (DateTimeParseException e) {
            SQLDataException x = new SQLDataException("Column " + column + " holds '" + abbreviate(s) + "', which is not "
                    + what + " (expected ISO-8601 text such as 2024-05-01 13:45:30, epoch milliseconds or a Julian day)",
                    "22007");
            x.initCause(e);
            throw x;
        }
    }

    private static ZoneId zone(Calendar cal) {
        return cal == null ? ZoneId.systemDefault() : cal.getTimeZone().toZoneId();
    }

    /** {@code getObject(column, type)}. */
    @SuppressWarnings("unchecked")
    static <T> T getObject(Value v, Class<T> type, String column) throws SQLException {
        if (type == null) {
            throw new SQLException("type is null", "HY009");
        }
        if (type == Value.class) {
            return (T) v;
        }
        boolean isNull = v instanceof Value.Null;
        if (type.isPrimitive()) {
            throw new SQLException("getObject needs a class, not the primitive " + type + "; use " + box(type).getSimpleName()
                    + ".class", "HY009");
        }
        if (isNull) {
            return null;
        }
        if (type == Object.class) {
            return (T) v.toJava();
        } else if (type == String.class) {
            return (T) getString(v);
        } else if (type == Long.class) {
            return (T) Long.valueOf(getLong(v, column));
        } else if (type == Integer.class) {
            return (T) Integer.valueOf(getInt(v, column));
        } else if (type == Short.class) {
            return (T) Short.valueOf(getShort(v, column));
        } else if (type == Byte.class) {
            return (T) Byte.valueOf(getByte(v, column));
        } else if (type == Double.class) {
            return (T) Double.valueOf(getDouble(v));
        } else if (type == Float.class) {
            return (T) Float.valueOf((float) getDouble(v));
        } else if (type == Boolean.class) {
            return (T) Boolean.valueOf(getBoolean(v));
        } else if (type == BigDecimal.class) {
            return (T) getBigDecimal(v, column);
        } else if (type == BigInteger.class) {
            if (v instanceof Value.Integer) {
                return (T) BigInteger.valueOf(((Value.Integer) v).value());
            }
            return (T) getBigDecimal(v, column).toBigInteger();
        } else if (type == byte[].class) {
            return (T) getBytes(v);
        } else if (type == java.sql.Date.class) {
            return (T) getDate(v, null, column);
        } else if (type == Time.class) {
            return (T) getTime(v, null, column);
        } else if (type == Timestamp.class || type == java.util.Date.class) {
            return (T) getTimestamp(v, null, column);
        } else if (type == LocalDate.class) {
            Long millis = epochMillis(v);
            if (millis != null) {
                return (T) Instant.ofEpochMilli(millis).atZone(ZoneId.systemDefault()).toLocalDate();
            }
            Temporals.Parsed p = parse(v, column, "a date");
            if (p.date == null) {
                throw new SQLDataException("Column " + column + " holds the time '" + getString(v) + "', not a date", "22007");
            }
            return (T) p.date;
        } else if (type == LocalTime.class) {
            Long millis = epochMillis(v);
            if (millis != null) {
                return (T) Instant.ofEpochMilli(millis).atZone(ZoneId.systemDefault()).toLocalTime();
            }
            Temporals.Parsed p = parse(v, column, "a time");
            return (T) (p.time == null ? LocalTime.MIDNIGHT : p.time);
        } else if (type == LocalDateTime.class) {
            Long millis = epochMillis(v);
            if (millis != null) {
                return (T) LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneId.systemDefault());
            }
            Temporals.Parsed p = parse(v, column, "a date-time");
            if (p.date == null) {
                throw new SQLDataException("Column " + column + " holds the time '" + getString(v) + "', not a date-time",
                        "22007");
            }
            return (T) LocalDateTime.of(p.date, p.time == null ? LocalTime.MIDNIGHT : p.time);
        } else if (type == OffsetDateTime.class || type == Instant.class || type == ZonedDateTime.class) {
            OffsetDateTime odt;
            Long millis = epochMillis(v);
            if (millis != null) {
                odt = Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC);
            } else {
                Temporals.Parsed p = parse(v, column, "a date-time");
                if (p.date == null) {
                    throw new SQLDataException("Column " + column + " holds the time '" + getString(v)
                            + "', not a date-time", "22007");
                }
                odt = OffsetDateTime.of(p.date, p.time == null ? LocalTime.MIDNIGHT : p.time,
                        p.offset == null ? ZoneOffset.UTC : p.offset);
            }
            if (type == Instant.class) {
                return (T) odt.toInstant();
            }
            return type == ZonedDateTime.class ? (T) odt.toZonedDateTime() : (T) odt;
        } else if (type == OffsetTime.class) {
            Temporals.Parsed p = parse(v, column, "a time");
            return (T) OffsetTime.of(p.time == null ? LocalTime.MIDNIGHT : p.time, p.offset == null ? ZoneOffset.UTC : p.offset);
        } else if (type == UUID.class) {
            if (v instanceof Value.Blob && ((Value.Blob) v).length() == 16) {
                java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(((Value.Blob) v).unsafeBytes());
                return (T) new UUID(bb.getLong(), bb.getLong());
            }
            try {
                return (T) UUID.fromString(getString(v).trim());
            } catch (IllegalArgumentException e) {
                throw new SQLDataException("Column " + column + " holds '" + abbreviate(getString(v)) + "', not a UUID", "22018");
            }
        } else if (type == Blob.class) {
            return (T) new javax.sql.rowset.serial.SerialBlob(getBytes(v));
        } else if (type == Clob.class || type == java.sql.NClob.class) {
            return (T) new JdbcResultSet.TextNClob(getString(v).toCharArray());
        } else if (type == URL.class) {
            try {
                return (T) new URL(getString(v));
            } catch (java.net.MalformedURLException e) {
                throw new SQLDataException("Column " + column + " holds '" + abbreviate(getString(v)) + "', not a URL", "22018");
            }
        } else if (type.isInstance(v.toJava())) {
            return (T) v.toJava();
        }
        throw new SQLFeatureNotSupportedException("Cannot read column " + column + " as " + type.getName(), "0A000");
    }

    private static Class<?> box(Class<?> p) {
        if (p == int.class) {
            return Integer.class;
        } else if (p == long.class) {
            return Long.class;
        } else if (p == double.class) {
            return Double.class;
        } else if (p == boolean.class) {
            return Boolean.class;
        } else if (p == float.class) {
            return Float.class;
        } else if (p == short.class) {
            return Short.class;
        } else if (p == byte.class) {
            return Byte.class;
        }
        return Character.class;
    }

    // ------------------------------------------------------------------ SQLite's numeric prefix rules

    /** As {@code sqlite3_column_int64} on text: the leading integer or real, truncated; 0 if none. */
    static long longPrefix(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digitsStart = i;
        while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == digitsStart) {
            return (long) doublePrefix(s);
        }
        if (i < n && (s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            return (long) doublePrefix(s);
        }
        try {
            return Long.parseLong(s.substring(start, i));
        } catch (NumberFormatException e) {
            return s.charAt(start) == '-' ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** As {@code sqlite3_column_double} on text: the longest leading real literal; 0 if none. */
    static double doublePrefix(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int mantissa = 0;
        while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
            mantissa++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
                mantissa++;
            }
        }
        if (mantissa == 0) {
            return 0;
        }
        int end = i;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            int expStart = j;
            while (j < n && Character.isDigit(s.charAt(j))) {
                j++;
            }
            if (j > expStart) {
                end = j;
            }
        }
        try {
            return Double.parseDouble(s.substring(start, end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static byte[] readAll(InputStream in, long length) throws SQLException {
        try {
            if (length >= 0) {
                return in.readNBytes(Math.toIntExact(length));
            }
            return in.readAllBytes();
        } catch (IOException | ArithmeticException e) {
            throw new SQLException("Cannot read the stream: " + e.getMessage(), "HY000", e);
        }
    }

    static String readAll(Reader r, long length) throws SQLException {
        try {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            long left = length < 0 ? Long.MAX_VALUE : length;
            while (left > 0) {
                int n = r.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                sb.append(buf, 0, n);
                left -= n;
            }
            return sb.toString();
        } catch (IOException e) {
            throw new SQLException("Cannot read the reader: " + e.getMessage(), "HY000", e);
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
