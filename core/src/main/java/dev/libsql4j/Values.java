package dev.libsql4j;

/** Argument conversion shared by {@link Value#of} and {@link Statement}. */
final class Values {
    private Values() {
    }

    /** The converted value, or {@code null} when the type is not supported. */
    static Value convertOrNull(Object o) {
        if (o == null) {
            return Value.NULL;
        } else if (o instanceof Value v) {
            return v;
        } else if (o instanceof String s) {
            return new Value.Text(s);
        } else if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
            return new Value.Integer(((Number) o).longValue());
        } else if (o instanceof Double || o instanceof Float) {
            return new Value.Real(((Number) o).doubleValue());
        } else if (o instanceof Boolean b) {
            return new Value.Integer(b ? 1 : 0);
        } else if (o instanceof byte[] b) {
            return Value.Blob.of(b);
        }
        return null;
    }

    static String unsupported(Object o, String where) {
        return "Unsupported argument type " + o.getClass().getName()
                + (where == null ? "" : " for " + where)
                + "; use null, Long, Integer, Short, Byte, Boolean, Double, Float, String, byte[] or Value";
    }

    static Value convert(Object o, String where) {
        Value v = convertOrNull(o);
        if (v == null) {
            throw new IllegalArgumentException(unsupported(o, where));
        }
        return v;
    }
}
