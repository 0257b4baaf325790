package dev.libsql4j.spi;

import dev.libsql4j.Result;
import dev.libsql4j.Statement;

/** A transport's prepared statement, owned by one {@link Session}. */
public interface PreparedHandle extends AutoCloseable {
    /**
     * Parameters and columns. Called under the connection's lock, only when the user asks for
     * metadata; a transport may fetch it here (over the network) rather than at prepare time,
     * and may throw the error a statement that does not compile gets.
     */
    StatementDescription description();

    /** Runs the statement with the arguments of {@code bound} (whose SQL is this statement's). */
    Result execute(Statement bound);

    /** Runs the statement and streams its rows. */
    RowStream query(Statement bound);

    /** Frees the statement; idempotent. */
    @Override
    void close();
}
