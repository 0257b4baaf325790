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
 * the next call throws {@link TransactionExpiredException}: nothing was committed.
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

    /** Commits. The transaction is finished afterwards, even if commit throws. */
    void commit();

    /** Rolls back. The transaction is finished afterwards. */
    void rollback();

    /** True until commit, rollback or close, or until the server lost it. */
    boolean isActive();

    /** Rolls back unless committed. Idempotent. */
    @Override
    void close();
}
