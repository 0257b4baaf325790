package dev.libsql4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One SQL statement with its arguments: positional ({@code ?}, {@code ?NNN}) or named
 * ({@code :name}, {@code @name}, {@code $name}), never both.
 *
 * <p>Immutable and thread-safe; {@link #bind} returns a new statement. Named arguments may be
 * given with or without their prefix: {@code bind("id", 1)}, {@code bind(":id", 1)} and
 * {@code bind("$id", 1)} all bind the parameter {@code :id}, {@code @id} or {@code $id}.
 *
 * <pre>{@code
 * conn.execute(Statement.of("SELECT * FROM users WHERE id = ?", 42));
 * conn.execute(Statement.of("SELECT * FROM users WHERE name = :name").bind("name", "ann"));
 * }</pre>
 */
public final class Statement {
    private final String sql;
    private final List<Value> args;
    private final Map<String, Value> namedArgs;

    private Statement(String sql, List<Value> args, Map<String, Value> namedArgs) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.args = args;
        this.namedArgs = namedArgs;
    }

    /**
     * A statement with positional arguments.
     *
     * @throws IllegalArgumentException if an argument has an unsupported type; the message names
     *                                  its position (1-based) and type
     */
    public static Statement of(String sql, Object... args) {
        return new Statement(sql, convertAll(args == null ? new Object[] {null} : args), Map.of());
    }

    /** A statement with positional arguments taken from a list. */
    public static Statement of(String sql, List<?> args) {
        return new Statement(sql, convertAll(args.toArray()), Map.of());
    }

    /**
     * A statement with named arguments. Keys may carry a {@code :}, {@code @} or {@code $} prefix.
     *
     * @throws IllegalArgumentException on an unsupported value type, an empty name, or two keys
     *                                  that name the same parameter
     */
    public static Statement named(String sql, Map<String, ?> args) {
        Map<String, Value> named = new LinkedHashMap<>();
        args.forEach((k, v) -> putNamed(named, k, v));
        return new Statement(sql, List.of(), Collections.unmodifiableMap(named));
    }

    /**
     * Returns a copy with one more named argument.
     *
     * @throws IllegalArgumentException if this statement has positional arguments, or the name is
     *                                  empty or already bound, or the value type is unsupported
     */
    public Statement bind(String name, Object value) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("Cannot bind named argument '" + name
                    + "' to a statement that has positional arguments: " + abbreviate(sql));
        }
        Map<String, Value> named = new LinkedHashMap<>(namedArgs);
        putNamed(named, name, value);
        return new Statement(sql, List.of(), Collections.unmodifiableMap(named));
    }

    /** Returns a copy with the same SQL and these positional arguments instead. */
    public Statement withArgs(Object... newArgs) {
        return of(sql, newArgs);
    }

    /** The SQL text. */
    public String sql() {
        return sql;
    }

    /** The positional arguments; empty when the statement has named ones. Unmodifiable. */
    public List<Value> args() {
        return args;
    }

    /**
     * The named arguments, keyed by name without prefix, in binding order. Unmodifiable.
     */
    public Map<String, Value> namedArgs() {
        return namedArgs;
    }

    /** True if this statement has named arguments. */
    public boolean hasNamedArgs() {
        return !namedArgs.isEmpty();
    }

    /** Strips one leading {@code :}, {@code @} or {@code $}. */
    public static String normalizeName(String name) {
        Objects.requireNonNull(name, "argument name");
        String n = !name.isEmpty() && ":@$".indexOf(name.charAt(0)) >= 0 ? name.substring(1) : name;
        if (n.isEmpty()) {
            throw new IllegalArgumentException("Argument name '" + name + "' is empty");
        }
        return n;
    }

    private static void putNamed(Map<String, Value> named, String rawName, Object value) {
        String name = normalizeName(rawName);
        Value v = Values.convert(value, "argument '" + rawName + "'");
        if (named.putIfAbsent(name, v) != null) {
            throw new IllegalArgumentException("Argument '" + name + "' is bound twice");
        }
    }

    private static List<Value> convertAll(Object[] in) {
        // Hot path (every PreparedStatement run): no message is built unless a value fails.
        int n = in.length;
        if (n == 0) {
            return List.of();
        }
        if (n == 1) {
            return List.of(convertAt(in, 0));
        }
        Value[] out = new Value[n];
        for (int i = 0; i < n; i++) {
            out[i] = convertAt(in, i);
        }
        return List.of(out);
    }

    private static Value convertAt(Object[] in, int i) {
        Value v = Values.convertOrNull(in[i]);
        if (v == null) {
            throw new IllegalArgumentException(Values.unsupported(in[i], "argument " + (i + 1)));
        }
        return v;
    }

    static String abbreviate(String sql) {
        return sql.length() <= 120 ? sql : sql.substring(0, 117) + "...";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Statement s && sql.equals(s.sql) && args.equals(s.args) && namedArgs.equals(s.namedArgs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sql, args, namedArgs);
    }

    /** The SQL (abbreviated) and the number of arguments; argument values are not shown. */
    @Override
    public String toString() {
        int n = args.size() + namedArgs.size();
        return "Statement[" + abbreviate(sql) + (n == 0 ? "" : ", " + n + " args") + "]";
    }
}
