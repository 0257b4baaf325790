package dev.libsql4j.jdbc;

import dev.libsql4j.Value;
import java.sql.Types;
import java.util.Locale;

/**
 * Declared column types to {@link Types} codes. SQLite accepts any type name and derives an
 * affinity from it; like sqlite-jdbc, the driver first recognises the common names exactly
 * ({@code BOOLEAN}, {@code BIGINT}, {@code VARCHAR(20)}, {@code DECIMAL(10,2)}, {@code DATE},
 * {@code DATETIME}, ...) and otherwise applies SQLite's affinity rules (section 3.1 of "Datatypes
 * In SQLite"): a name containing {@code INT} is an integer, {@code CHAR}/{@code CLOB}/{@code TEXT}
 * text, {@code BLOB} a blob, {@code REAL}/{@code FLOA}/{@code DOUB} a real, anything else numeric.
 * A column without a declared type (an expression, or a table column declared without one) is
 * typed by its value's storage class: integer → BIGINT, real → DOUBLE, text → VARCHAR,
 * blob → BLOB, null → NULL.
 */
final class TypeMapping {
    private TypeMapping() {
    }

    /** The declared type without its size and in upper case ({@code VARCHAR(20)} → {@code VARCHAR}); null stays null. */
    static String baseName(String declared) {
        if (declared == null) {
            return null;
        }
        String d = declared.trim();
        int paren = d.indexOf('(');
        if (paren >= 0) {
            d = d.substring(0, paren);
        }
        d = d.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        return d.isEmpty() ? null : d;
    }

    /** The {@link Types} code of a declared type; {@code Types.OTHER} for none. */
    static int jdbcType(String declared) {
        String b = baseName(declared);
        if (b == null) {
            return Types.OTHER;
        }
        switch (b) {
            case "BOOLEAN":
            case "BOOL":
                return Types.BOOLEAN;
            case "BIT":
                return Types.BIT;
            case "TINYINT":
                return Types.TINYINT;
            case "SMALLINT":
            case "INT2":
                return Types.SMALLINT;
            case "INT":
            case "INTEGER":
            case "MEDIUMINT":
            case "INT4":
                return Types.INTEGER;
            case "BIGINT":
            case "INT8":
            case "UNSIGNED BIG INT":
                return Types.BIGINT;
            case "REAL":
                return Types.REAL;
            case "FLOAT":
                return Types.FLOAT;
            case "DOUBLE":
            case "DOUBLE PRECISION":
                return Types.DOUBLE;
            case "DECIMAL":
                return Types.DECIMAL;
            case "NUMERIC":
            case "NUMBER":
                return Types.NUMERIC;
            case "CHAR":
            case "CHARACTER":
            case "NCHAR":
            case "NATIVE CHARACTER":
                return Types.CHAR;
            case "VARCHAR":
            case "VARYING CHARACTER":
            case "CHARACTER VARYING":
            case "NVARCHAR":
            case "TEXT":
            case "STRING":
            case "JSON":
            case "UUID":
                return Types.VARCHAR;
            case "CLOB":
                return Types.CLOB;
            case "BLOB":
                return Types.BLOB;
            case "BINARY":
                return Types.BINARY;
            case "VARBINARY":
                return Types.VARBINARY;
            case "DATE":
                return Types.DATE;
            case "TIME":
                return Types.TIME;
            case "DATETIME":
            case "TIMESTAMP":
                return Types.TIMESTAMP;
            case "TIMESTAMP WITH TIME ZONE":
            case "TIMESTAMPTZ":
                return Types.TIMESTAMP_WITH_TIMEZONE;
            default:
                break;
        }
        if (b.contains("INT")) {
            return Types.INTEGER;
        }
        if (b.contains("CHAR") || b.contains("CLOB") || b.contains("TEXT")) {
            return Types.VARCHAR;
        }
        if (b.contains("BLOB")) {
            return Types.BLOB;
        }
        if (b.contains("REAL") || b.contains("FLOA") || b.contains("DOUB")) {
            return Types.DOUBLE;
        }
        return Types.NUMERIC;
    }

    /** The {@link Types} code of a value's storage class. */
    static int jdbcType(Value v) {
        if (v instanceof Value.Integer) {
            return Types.BIGINT;
        } else if (v instanceof Value.Real) {
            return Types.DOUBLE;
        } else if (v instanceof Value.Text) {
            return Types.VARCHAR;
        } else if (v instanceof Value.Blob) {
            return Types.BLOB;
        }
        return Types.NULL;
    }

    /** The storage-class name of a value, used as the type name of an undeclared column. */
    static String storageName(Value v) {
        if (v instanceof Value.Integer) {
            return "INTEGER";
        } else if (v instanceof Value.Real) {
            return "REAL";
        } else if (v instanceof Value.Text) {
            return "TEXT";
        } else if (v instanceof Value.Blob) {
            return "BLOB";
        }
        return "NULL";
    }

    /**
     * The value {@link JdbcResultSet#getObject(int)} returns: the value's storage class ({@link Long},
     * {@link Double}, {@link String}, {@code byte[]}, null), except that integers of an INT-declared
     * column that fit come as {@link Integer} and 0/1 of a BOOLEAN column as {@link Boolean}.
     *
     * @param declaredType the {@link Types} code of the column's declared type ({@link #jdbcType(String)})
     */
    static Object object(int declaredType, Value v) {
        if (v instanceof Value.Integer) {
            long l = ((Value.Integer) v).value();
            if ((declaredType == Types.INTEGER || declaredType == Types.SMALLINT || declaredType == Types.TINYINT)
                    && l == (int) l) {
                return (int) l;
            }
            if ((declaredType == Types.BOOLEAN || declaredType == Types.BIT) && (l == 0 || l == 1)) {
                return l == 1;
            }
            return l;
        }
        return v.toJava();
    }

    /**
     * The class name {@code ResultSetMetaData.getColumnClassName} reports: the class of
     * {@link #object(int, Value) object(declaredType, sample)} when the sample (the current row's
     * value) is not NULL, so the two always agree; else the class the declared type implies
     * ({@link #className(int)}).
     */
    static String className(int declaredType, Value sample) {
        if (sample != null && !(sample instanceof Value.Null)) {
            return object(declaredType, sample).getClass().getName();
        }
        return className(declaredType);
    }

    /**
     * The class {@code getObject} returns for values of a column whose declared type has this
     * {@link Types} code, when the value is of the kind the type's affinity stores. Dates and
     * times are {@link String}: the driver writes them as ISO-8601 text, and so do SQLite's date
     * functions ({@code getDate}, {@code getTimestamp} and {@code getObject(i, LocalDate.class)}
     * convert). {@link Object} where it depends on the value: NUMERIC and DECIMAL (integer or real),
     * and columns without a declared type.
     */
    static String className(int type) {
        switch (type) {
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
                return Integer.class.getName();
            case Types.BIGINT:
                return Long.class.getName();
            case Types.BOOLEAN:
            case Types.BIT:
                return Boolean.class.getName();
            case Types.REAL:
            case Types.FLOAT:
            case Types.DOUBLE:
                return Double.class.getName();
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.CLOB:
            case Types.DATE:
            case Types.TIME:
            case Types.TIMESTAMP:
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return String.class.getName();
            case Types.BLOB:
            case Types.BINARY:
            case Types.VARBINARY:
                return byte[].class.getName();
            default:
                return Object.class.getName();
        }
    }

    /** The first number in the parentheses of a declared type ({@code VARCHAR(20)} → 20), or 0. */
    static int precision(String declared) {
        int[] ps = sizes(declared);
        return ps == null ? 0 : ps[0];
    }

    /** The second number in the parentheses ({@code DECIMAL(10,2)} → 2), or 0. */
    static int scale(String declared) {
        int[] ps = sizes(declared);
        return ps == null || ps.length < 2 ? 0 : ps[1];
    }

    private static int[] sizes(String declared) {
        if (declared == null) {
            return null;
        }
        int open = declared.indexOf('(');
        int close = declared.indexOf(')', open + 1);
        if (open < 0 || close < 0) {
            return null;
        }
        String[] parts = declared.substring(open + 1, close).split(",");
        int[] out = new int[Math.min(parts.length, 2)];
        try {
            for (int i = 0; i < out.length; i++) {
                out[i] = Integer.parseInt(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return out;
    }

    /** True for numeric {@link Types} codes. */
    static boolean isNumeric(int type) {
        switch (type) {
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
            case Types.BIGINT:
            case Types.REAL:
            case Types.FLOAT:
            case Types.DOUBLE:
            case Types.DECIMAL:
            case Types.NUMERIC:
                return true;
            default:
                return false;
        }
    }
}
