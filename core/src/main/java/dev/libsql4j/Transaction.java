package dev.libsql4j;

import java.util.List;

/**
 * An open transaction on a {@link Connection}. Statements run through it, or through its
 * connection, are part of it until {@link #commit()} or {@link #rollback()}.
 *
 * <p>{@link #close()} without {@code commit()} rolls back, so a {@code try}-with-resources block
 * never leaves a transaction open. Calls are serialized with the connection's. After commit,
 * rollback or close, statements through it throw {@link IllegalStateException}.
 *
 * <pre>{@code
 * try (Transaction tx = conn.begin(TransactionMode.IMMEDIATE)) {
 *     tx.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", 10, 1);
 *     tx.commit();
 * }
 * }</pre>
 *
 * If the server loses the transaction (its stream expired or another writer took the lock),
 * the next call throws {@link TransactionExpiredException}: nothing was committed. Until it is
 * closed or rolled back (a {@code ROLLBACK} statement on the connection does that too, quietly),
 * statements on the connection keep failing that way, so none of them runs in autocommit mode
 * by mistake.
 */
public interface Transaction extends AutoCloseable {
    /** The mode it was started in. */
    TransactionMode mode();

    /** Runs a statement in the transaction. */
    Result execute(String sql, Object... args);

    /** Runs a statement in the transaction. */
    Result execute(Statement stmt);

    /** Streams a query's rows in the transaction. */
    Cursor query(String sql, Object... args);

    /** Streams a query's rows in the transaction. */
    Cursor query(Statement stmt);

    /**
     * Runs the statements in order; if one fails, the batch's own changes are undone, the
     * transaction stays open, and {@link BatchFailedException} names the step.
     */
    BatchResult batch(List<Statement> stmts);

    /** Creates a savepoint. */
    void savepoint(String name);

    /** Releases (keeps the changes of) a savepoint. */
    void releaseSavepoint(String name);

    /** Undoes the changes made since the savepoint; the savepoint stays. */
    void rollbackToSavepoint(String name);

    /**
     * Commits. Afterwards the transaction is finished, with one exception that follows SQLite: if
     * the {@code COMMIT} fails and the database keeps the transaction open (a deferred foreign key
     * still violated, {@code SQLITE_BUSY}), it stays open and {@link #isActive()} stays true, so
     * the caller can fix the cause and commit again, or roll back; {@link #close()} and
     * {@link Connection#inTransaction} still roll it back. The local (embedded) transport keeps
     * it. Over HTTP the {@code COMMIT} travels with the stream's close, so the server rolls the
     * transaction back and the error says so.
     *
     * @throws TransactionExpiredException if the transaction was lost before the commit; nothing
     *     was committed, and the transaction is closed
     * @throws LibSqlException if the database refused the commit (see above for the state it leaves)
     */
    void commit();

    /** Rolls back. The transaction is finished afterwards. */
    void rollback();

    /** True until commit, rollback or close, or until the server lost it; still true after a failed commit that kept it. */
    boolean isActive();

    /** Rolls back unless committed. Idempotent. */
    @Override
    void close();
}
