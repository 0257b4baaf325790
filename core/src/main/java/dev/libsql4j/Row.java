package dev.libsql4j;

import dev.libsql4j.spi.ColumnIndex;
import java.util.Arrays;
import java.util.List;

/**
 * One result row. Columns are addressed by 0-based index or by name (case-insensitive; the
 * first column wins when names repeat).
 *
 * <p>Immutable and thread-safe. Getters convert like SQLite does: {@link #getLong} reads an
 * integer, truncates a real, and parses text that holds an integer. Reading a SQL {@code NULL}
 * through a primitive getter ({@link #getLong}, {@link #getDouble}, {@link #getInt},
 * {@link #getBoolean}) throws {@link IllegalStateException}; use {@link #isNull} or the
 * reference getters, which return {@code null}.
 */
public final class Row {
    private final ColumnIndex index;
    private final Value[] values;

    /**
     * For transports: a row over {@code values}, which the row takes ownership of.
     *
     * @throws IllegalArgumentException if the value count differs from the column count
     */
    public Row(ColumnIndex index, Value[] values) {
        if (values.length != index.size()) {
            throw new IllegalArgumentException("Row has " + values.length + " values but "
                    + index.size() + " columns");
        }
        this.index = index;
        this.values = values;
    }

    /** The number of columns. */
    public int size() {
        return values.length;
    }

    /** The columns of this row. */
    public List<Column> columns() {
        return index.columns();
    }

    /** The value at a 0-based index. */
    public Value get(int i) {
        if (i < 0 || i >= values.length) {
            throw new IndexOutOfBoundsException("Column index " + i + " is out of range; the row has "
                    + values.length + " columns " + names());
        }
        return values[i];
    }

    /** The value of the named column. */
    public Value get(String column) {
        return values[indexOf(column)];
    }

    /**
     * The 0-based index of a column.
     *
     * @throws IllegalArgumentException if no column has that name
     */
    public int indexOf(String column) {
        int i = index.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("No column named '" + column + "'; columns are " + names());
        }
        return i;
    }

    /** True if the value is SQL NULL. */
    public boolean isNull(int i) {
        return get(i) instanceof Value.Null;
    }

    /** True if the value is SQL NULL. */
    public boolean isNull(String column) {
        return isNull(indexOf(column));
    }

    /** The value as a long. */
    public long getLong(int i) {
        Value v = get(i);
        if (v instanceof Value.Integer n) {
            return n.value();
        } else if (v instanceof Value.Real r) {
            return (long) r.value();
        } else if (v instanceof Value.Text t) {
            try {
                return Long.parseLong(t.value().trim());
            } catch (NumberFormatException e) {
                throw conversion(i, v, "long");
            }
        }
        throw conversion(i, v, "long");
    }

    /** The value as a long. */
    public long getLong(String column) {
        return getLong(indexOf(column));
    }

    /** The value as an int; fails if it does not fit. */
    public int getInt(int i) {
        long v = getLong(i);
        if (v < java.lang.Integer.MIN_VALUE || v > java.lang.Integer.MAX_VALUE) {
            throw new IllegalStateException("Column " + describe(i) + " holds " + v + ", which does not fit an int");
        }
        return (int) v;
    }

    /** The value as an int. */
    public int getInt(String column) {
        return getInt(indexOf(column));
    }

    /** The value as a double. */
    public double getDouble(int i) {
        Value v = get(i);
        if (v instanceof Value.Real r) {
            return r.value();
        } else if (v instanceof Value.Integer n) {
            return n.value();
        } else if (v instanceof Value.Text t) {
            try {
                return Double.parseDouble(t.value().trim());
            } catch (NumberFormatException e) {
                throw conversion(i, v, "double");
            }
        }
        throw conversion(i, v, "double");
    }

    /** The value as a double. */
    public double getDouble(String column) {
        return getDouble(indexOf(column));
    }

    /** The value as a boolean: non-zero is true. */
    public boolean getBoolean(int i) {
        return getLong(i) != 0;
    }

    /** The value as a boolean. */
    public boolean getBoolean(String column) {
        return getBoolean(indexOf(column));
    }

    /** The value as text ({@code null} for NULL; numbers in their SQLite text form; blobs as UTF-8). */
    public String getString(int i) {
        Value v = get(i);
        if (v instanceof Value.Text t) {
            return t.value();
        } else if (v instanceof Value.Null) {
            return null;
        } else if (v instanceof Value.Blob b) {
            return new String(b.unsafeBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        return v.toString();
    }

    /** The value as text. */
    public String getString(String column) {
        return getString(indexOf(column));
    }

    /** The value as bytes ({@code null} for NULL; text as UTF-8). A fresh array. */
    public byte[] getBytes(int i) {
        Value v = get(i);
        if (v instanceof Value.Blob b) {
            return b.value();
        } else if (v instanceof Value.Null) {
            return null;
        } else if (v instanceof Value.Text t) {
            return t.value().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        throw conversion(i, v, "byte[]");
    }

    /** The value as bytes. */
    public byte[] getBytes(String column) {
        return getBytes(indexOf(column));
    }

    /** The plain Java value: null, Long, Double, String or byte[]. */
    public Object getObject(int i) {
        return get(i).toJava();
    }

    /** The plain Java value of the named column. */
    public Object getObject(String column) {
        return getObject(indexOf(column));
    }

    /** A copy of all values. */
    public List<Value> values() {
        return List.of(values);
    }

    private String describe(int i) {
        return i + " ('" + index.columns().get(i).name() + "')";
    }

    private String names() {
        return index.columns().stream().map(Column::name).collect(java.util.stream.Collectors.toList()).toString();
    }

    private IllegalStateException conversion(int i, Value v, String to) {
        if (v instanceof Value.Null) {
            return new IllegalStateException("Column " + describe(i) + " is NULL; it cannot be read as " + to
                    + " (check isNull() first or use getObject())");
        }
        return new IllegalStateException("Column " + describe(i) + " holds " + v.getClass().getSimpleName()
                + " value that cannot be read as " + to);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && Arrays.equals(values, r.values) && index.columns().equals(r.index.columns());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}
