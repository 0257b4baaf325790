package dev.libsql4j;

import java.util.List;

/**
 * An open database: remote ({@code libsql://}, {@code https://}, {@code http://}) or embedded
 * ({@code file:}, {@code :memory:}). Thread-safe; share one per database and application.
 *
 * <p>A database owns the connections opened from it. {@link #close()} closes every connection
 * still open (newest first) and frees the transport; it is idempotent. Every method but
 * {@code close()}, {@code isClosed()}, {@code stats()} and {@code config()} throws
 * {@link IllegalStateException} after close.
 *
 * <pre>{@code
 * try (Database db = LibSql.open("http://127.0.0.1:8080");
 *      Connection conn = db.connect()) {
 *     conn.execute("CREATE TABLE IF NOT EXISTS t(x)");
 * }
 * }</pre>
 */
public interface Database extends AutoCloseable {
    /** Opens a connection (a session). Close it when done. */
    Connection connect();

    /** Runs one statement on a short-lived connection. */
    Result execute(String sql, Object... args);

    /** Runs one statement on a short-lived connection. */
    Result execute(Statement stmt);

    /** Runs an atomic batch on a short-lived connection; see {@link Connection#batch}. */
    BatchResult batch(List<Statement> stmts);

    /**
     * Pulls new changes from the primary now (embedded replicas only).
     *
     * @throws IllegalStateException if this database is not an embedded replica
     */
    SyncResult sync();

    /** How many connections, statements, cursors and transactions are open. */
    ResourceStats stats();

    /** The configuration this database was opened with. */
    Config config();

    /** True after {@link #close()}. */
    boolean isClosed();

    /** Closes every open connection, then the transport. Idempotent. */
    @Override
    void close();
}
