package dev.libsql4j;

import java.time.Duration;

/**
 * Hears what a {@link Database} does: every statement call with its duration, rows, bytes and
 * retries, every failure, every replica sync. For metrics, tracing and slow-query logs. Register
 * one with {@link Config.Builder#eventListener}; the default, {@link #NONE}, costs nothing.
 *
 * <pre>{@code
 * EventListener slowLog = new EventListener() {
 *     public void statementEnd(StatementEvent e) {
 *         if (e.duration().toMillis() > 200) log.warn("slow: {}", e);
 *     }
 * };
 * try (Database db = LibSql.open(Config.builder(url).eventListener(slowLog).build())) { ... }
 * }</pre>
 *
 * <p>Methods are called on the thread that made the call, never while the library holds one of
 * its locks, so a listener may call the database itself (its calls then produce events too).
 * They should return quickly: the statement's caller waits for them. A listener that throws does
 * not break the statement: the exception is logged (SLF4J, {@code WARN}) and the call goes on.
 * One listener serves every connection of its database, so implementations must be thread-safe.
 *
 * <p>Every method does nothing by default; override the ones you need. Events cover the
 * statement calls of {@link Connection}, {@link PreparedStatement}, {@link Transaction} and
 * {@link Database} (and so the JDBC driver's statements); {@code BEGIN}, {@code COMMIT} and
 * {@code ROLLBACK} through the transaction API are not statement events. Background syncs of a
 * replica ({@link Config#syncInterval()}) run inside the native library and produce no events;
 * {@link Database#sync()} does.
 */
public abstract class EventListener {
    /** The listener that does nothing; the default. */
    public static final EventListener NONE = new EventListener() {
        @Override
        public String toString() {
            return "EventListener.NONE";
        }
    };

    /** For subclasses. */
    protected EventListener() {
    }

    /**
     * A statement call starts.
     *
     * @param kind what kind of call
     * @param sql  its SQL (for a batch, the first statement's SQL)
     */
    public void statementStart(StatementEvent.Kind kind, String sql) {
    }

    /** A statement call succeeded (for a cursor: the cursor ended without an error). */
    public void statementEnd(StatementEvent event) {
    }

    /**
     * A statement call failed. {@code error} is what the caller gets: a {@link LibSqlException}
     * (see {@link LibSqlException#code()}) for database and transport errors, or an
     * {@link IllegalStateException} or {@link IllegalArgumentException} for misuse.
     *
     * @param event what the call did until it failed
     * @param error the exception thrown to the caller
     */
    public void statementFailed(StatementEvent event, RuntimeException error) {
    }

    /** {@link Database#sync()} pulled changes from the primary. */
    public void syncEnd(SyncEvent event) {
    }

    /**
     * {@link Database#sync()} failed.
     *
     * @param duration how long it ran
     * @param error    the exception thrown to the caller
     */
    public void syncFailed(Duration duration, RuntimeException error) {
    }
}
