package dev.libsql4j;

import java.time.Duration;

/**
 * What one statement call did, for {@link EventListener#statementEnd} and
 * {@link EventListener#statementFailed}. Immutable.
 *
 * <p>For a {@link Kind#QUERY} (a {@link Cursor}) the event comes when the cursor ends: read to
 * the end, closed, or failed; {@code rowsRead} counts the rows the caller took from it and
 * {@code duration} runs from the call to that end. Bytes and retries are what the transport
 * reported for the call (over HTTP: request and response bodies as sent and read, after
 * decompression; over WebSocket: the payloads of the messages sent and of the answers awaited;
 * an embedded database reports 0 bytes).
 *
 * @param kind          what kind of call it was
 * @param sql           the statement's SQL (for a batch, its first statement's SQL; never the arguments)
 * @param statements    how many statements the call ran (the batch size; 1 otherwise)
 * @param duration      wall-clock time of the call
 * @param rowsRead      rows returned to the caller
 * @param rowsAffected  rows the statements changed
 * @param bytesSent     bytes sent to the server
 * @param bytesReceived bytes received from the server
 * @param retries       requests the transport sent again after a failed attempt
 */
public record StatementEvent(Kind kind, String sql, int statements, Duration duration, long rowsRead,
                             long rowsAffected, long bytesSent, long bytesReceived, long retries) {
    /** The kinds of statement calls. */
    public enum Kind {
        /** {@code execute}: one statement, all rows in memory. */
        EXECUTE,
        /** {@code query}: one statement whose rows stream through a {@link Cursor}. */
        QUERY,
        /** {@code batch} or {@code batchIndependent}. */
        BATCH,
        /** {@code executeScript}. */
        SCRIPT
    }

    /** Shows the kind, the numbers and the SQL cut to 60 characters. */
    @Override
    public String toString() {
        String s = sql == null ? "" : sql.length() <= 60 ? sql : sql.substring(0, 57) + "...";
        return "StatementEvent[" + kind + " " + s + ", statements=" + statements + ", duration=" + duration
                + ", rowsRead=" + rowsRead + ", rowsAffected=" + rowsAffected + ", bytesSent=" + bytesSent
                + ", bytesReceived=" + bytesReceived + ", retries=" + retries + "]";
    }
}
