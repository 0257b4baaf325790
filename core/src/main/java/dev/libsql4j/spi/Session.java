package dev.libsql4j.spi;

import dev.libsql4j.BatchResult;
import dev.libsql4j.Result;
import dev.libsql4j.Statement;
import dev.libsql4j.TransactionMode;
import java.util.List;

/**
 * One database session, behind a {@link dev.libsql4j.Connection}. The core calls it from one
 * thread at a time, except {@link #interrupt()}, which may come from any thread.
 *
 * <p>Transaction state lives here: after {@link #begin}, every call runs inside the transaction
 * until {@link #commit} or {@link #rollback}. If the transport loses the transaction (stream
 * expired, server restarted, lock stolen) it throws
 * {@link dev.libsql4j.TransactionExpiredException} and {@link #inTransaction()} turns false.
 */
public interface Session extends AutoCloseable {
    /** Runs one statement and returns all its rows. */
    Result execute(Statement stmt);

    /** Runs one statement and streams its rows. */
    RowStream query(Statement stmt);

    /**
     * Runs several statements in one go. In {@link BatchMode#ATOMIC} mode the first failing step
     * throws {@link dev.libsql4j.BatchFailedException} and nothing of the batch stays applied
     * (inside a transaction: nothing of the batch; the transaction itself stays open).
     */
    BatchResult batch(List<Statement> stmts, BatchMode mode);

    /** Runs semicolon-separated SQL without arguments, ignoring rows; stops at the first error. */
    void executeScript(String sql);

    /**
     * Prepares a statement. A transport whose statements compile on the server may defer all
     * work (and so the error for SQL that does not compile) to the first run or the first
     * {@link PreparedHandle#description()}.
     */
    PreparedHandle prepare(String sql);

    /** Starts a transaction; a transport may defer the {@code BEGIN} until the first statement. */
    void begin(TransactionMode mode);

    /** Commits the open transaction. */
    void commit();

    /** Rolls back the open transaction; a no-op when none is open. */
    void rollback();

    /** True while a transaction started by {@link #begin} is open. */
    boolean inTransaction();

    /** Whether the database is in autocommit mode, as the session last knew it. */
    boolean isAutocommit();

    /**
     * Bytes this session has sent to the server so far, for {@link dev.libsql4j.EventListener}s.
     * A running total; the core reads it before and after each call, under the connection lock.
     * Transports without a wire return 0.
     */
    default long bytesSent() {
        return 0;
    }

    /** Bytes this session has received from the server so far (running total, as {@link #bytesSent()}). */
    default long bytesReceived() {
        return 0;
    }

    /** Requests this session sent again after a failed attempt, so far (running total, as {@link #bytesSent()}). */
    default long retries() {
        return 0;
    }

    /** Cancels the call in flight, if any; safe from any thread. */
    void interrupt();

    /** Frees the session, rolling back an open transaction; idempotent. */
    @Override
    void close();
}
