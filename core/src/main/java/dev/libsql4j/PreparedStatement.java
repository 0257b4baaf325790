package dev.libsql4j;

import java.util.List;
import java.util.Map;

/**
 * A statement prepared once and run many times with different arguments. Belongs to its
 * {@link Connection}; calls are serialized with the connection's. Closing is idempotent, and the
 * connection closes it when it closes. Use after close throws {@link IllegalStateException}.
 *
 * <p>The metadata accessors ({@link #parameterCount()}, {@link #parameterNames()},
 * {@link #columns()}, {@link #isReadOnly()}) may ask the server the first time one of them is
 * called (over HTTP, one {@code describe} request per statement); they throw
 * {@link LibSqlException} if the SQL does not compile.
 *
 * <pre>{@code
 * try (PreparedStatement ps = conn.prepare("INSERT INTO t(a, b) VALUES (?, ?)")) {
 *     ps.execute(1, "x");
 *     ps.execute(2, "y");
 * }
 * }</pre>
 */
public interface PreparedStatement extends AutoCloseable {
    /** The SQL text. */
    String sql();

    /** The number of parameters. */
    int parameterCount();

    /** One entry per parameter with its prefix ({@code :id}, {@code ?2}); null for a plain {@code ?}. */
    List<String> parameterNames();

    /** The result columns; empty for statements without rows. */
    List<Column> columns();

    /** True if the statement does not write. */
    boolean isReadOnly();

    /** Runs with positional arguments. */
    Result execute(Object... args);

    /** Runs with named arguments (names with or without {@code :}, {@code @}, {@code $}). */
    Result execute(Map<String, ?> namedArgs);

    /** Runs with positional arguments and streams the rows. */
    Cursor query(Object... args);

    /** Runs with named arguments and streams the rows. */
    Cursor query(Map<String, ?> namedArgs);

    /** Frees the statement. Idempotent. */
    @Override
    void close();
}
