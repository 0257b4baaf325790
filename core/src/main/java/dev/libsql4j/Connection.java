package dev.libsql4j;

import java.util.List;
import java.util.function.Function;

/**
 * A session with the database. Create with {@link Database#connect()} and close when done.
 *
 * <p>Thread-safety: calls are serialized; a connection used from two threads queues them rather
 * than corrupting state. {@link #interrupt()} may be called from any thread. Closing the
 * connection closes its prepared statements, cursors and open transaction (rolling it back),
 * newest first; it is idempotent. Any other call after close throws
 * {@link IllegalStateException}.
 *
 * <p>Without a transaction each statement commits on its own. With one open
 * ({@link #begin}), statements run inside it, whether sent through the connection or the
 * {@link Transaction}; a second {@code begin} throws {@link IllegalStateException}. A
 * {@code COMMIT}, {@code END} or {@code ROLLBACK} statement that ends that transaction also
 * closes its {@link Transaction}, and the connection is back in autocommit mode. If it was
 * lost (see {@link TransactionExpiredException}), {@code ROLLBACK} clears it without a word, and
 * {@code COMMIT} clears it and throws {@link TransactionExpiredException}, since nothing was
 * committed.
 *
 * <pre>{@code
 * try (Connection conn = db.connect()) {
 *     Result r = conn.execute("SELECT id, name FROM users WHERE id = ?", 42);
 *     try (Cursor cursor = conn.query("SELECT * FROM big")) {
 *         for (Row row : cursor) { ... }
 *     }
 * }
 * }</pre>
 *
 * Errors: {@link LibSqlException} and its subclasses for database and transport failures;
 * {@link IllegalArgumentException} for bad arguments; {@link IllegalStateException} for use
 * after close or a second {@code begin}.
 */
public interface Connection extends AutoCloseable {
    /** Runs one statement with positional arguments and returns all its rows. */
    Result execute(String sql, Object... args);

    /** Runs one statement and returns all its rows. */
    Result execute(Statement stmt);

    /** Runs a query and streams its rows with constant memory. Close the cursor. */
    Cursor query(String sql, Object... args);

    /** Runs a query and streams its rows with constant memory. Close the cursor. */
    Cursor query(Statement stmt);

    /**
     * Prepares a statement for repeated use. Close it when done.
     *
     * <p>Embedded, the statement is compiled here, so SQL that does not compile throws here. Over
     * HTTP nothing is sent: each run is one request, as for an unprepared statement, and SQL
     * that does not compile throws at its first run the {@link LibSqlException} (same code) an
     * unprepared run gets; or at the first metadata call ({@link PreparedStatement#columns()} and
     * the like), which asks the server once ({@code describe}) and remembers the answer.
     */
    PreparedStatement prepare(String sql);

    /**
     * Runs the statements as one atomic unit: all apply or none does.
     *
     * @throws BatchFailedException naming the index of the first failing statement; nothing of
     *                              the batch was applied
     */
    BatchResult batch(List<Statement> stmts);

    /** Runs every statement on its own; a failing step does not stop the others. */
    BatchResult batchIndependent(List<Statement> stmts);

    /**
     * Runs a script of semicolon-separated statements without arguments, ignoring their rows. It
     * stops at the first error; statements before it stay applied unless a transaction is open.
     */
    void executeScript(String sql);

    /** Starts a {@link TransactionMode#DEFERRED} transaction. */
    Transaction begin();

    /** Starts a transaction in the given mode. Close it; close without commit rolls back. */
    Transaction begin(TransactionMode mode);

    /**
     * Runs {@code work} in a transaction: commits if it returns, rolls back if it throws. If the
     * server lost the transaction meanwhile, this throws {@link TransactionExpiredException} even
     * when {@code work} returned (for example after it caught that error itself).
     *
     * <pre>{@code
     * long n = conn.inTransaction(TransactionMode.IMMEDIATE,
     *         tx -> tx.execute("DELETE FROM t").rowsAffected());
     * }</pre>
     */
    <T> T inTransaction(TransactionMode mode, Function<Transaction, T> work);

    /** {@link #inTransaction(TransactionMode, Function)} in DEFERRED mode. */
    <T> T inTransaction(Function<Transaction, T> work);

    /** True when no transaction is open on this connection. */
    boolean isAutocommit();

    /** The rowid of the last row an INSERT on this connection added, or 0. */
    long lastInsertRowid();

    /** Rows changed by the last INSERT, UPDATE or DELETE run on this connection. */
    long changes();

    /** Rows changed by every INSERT, UPDATE and DELETE run on this connection since it opened. */
    long totalChanges();

    /** Cancels the call in flight on this connection, if any; it throws {@link LibSqlTimeoutException}. */
    void interrupt();

    /** The database this connection belongs to. */
    Database database();

    /** True after {@link #close()} or after the database closed. */
    boolean isClosed();

    /** Closes statements, cursors and the open transaction (rolled back), then the session. */
    @Override
    void close();
}
