package dev.libsql4j.internal;

import dev.libsql4j.BatchResult;
import dev.libsql4j.EventListener;
import dev.libsql4j.Result;
import dev.libsql4j.StatementEvent;
import dev.libsql4j.SyncEvent;
import dev.libsql4j.spi.Session;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls an {@link EventListener}, logging (not throwing) what it throws. Callers check for
 * {@link EventListener#NONE} first, so nothing here runs, and nothing is allocated, without a listener.
 */
final class Events {
    private static final Logger LOG = LoggerFactory.getLogger(EventListener.class);

    private Events() {
    }

    private static void failedListener(EventListener l, String method, RuntimeException e) {
        LOG.warn("EventListener {} threw from {}; the statement goes on", l.getClass().getName(), method, e);
    }

    static void statementStart(EventListener l, StatementEvent.Kind kind, String sql) {
        try {
            l.statementStart(kind, sql);
        } catch (RuntimeException e) {
            failedListener(l, "statementStart", e);
        }
    }

    static void statementEnd(EventListener l, StatementEvent event) {
        try {
            l.statementEnd(event);
        } catch (RuntimeException e) {
            failedListener(l, "statementEnd", e);
        }
    }

    static void statementFailed(EventListener l, StatementEvent event, RuntimeException error) {
        try {
            l.statementFailed(event, error);
        } catch (RuntimeException e) {
            failedListener(l, "statementFailed", e);
        }
    }

    static void syncEnd(EventListener l, SyncEvent event) {
        try {
            l.syncEnd(event);
        } catch (RuntimeException e) {
            failedListener(l, "syncEnd", e);
        }
    }

    static void syncFailed(EventListener l, Duration duration, RuntimeException error) {
        try {
            l.syncFailed(duration, error);
        } catch (RuntimeException e) {
            failedListener(l, "syncFailed", e);
        }
    }

    /**
     * One observed call: the session's counters when it started and ended, the rows, the clock.
     * {@link #begin} and {@link #end} run under the connection lock; the events are sent outside
     * it. A cursor's probe ends when the cursor does, perhaps on another thread (a close), so the
     * fields are volatile.
     */
    static final class Probe {
        final EventListener listener;
        final StatementEvent.Kind kind;
        final String sql;
        final int statements;
        final long startNanos;
        private volatile long sent0;
        private volatile long received0;
        private volatile long retries0;
        private volatile long sent;
        private volatile long received;
        private volatile long retries;
        volatile long rowsRead;
        volatile long rowsAffected;
        private volatile RuntimeException failure;
        private volatile boolean reported;

        Probe(EventListener listener, StatementEvent.Kind kind, String sql, int statements) {
            this.listener = listener;
            this.kind = kind;
            this.sql = sql;
            this.statements = statements;
            Events.statementStart(listener, kind, sql);
            this.startNanos = System.nanoTime();
        }

        /** Under the connection lock, before the session call. */
        void begin(Session s) {
            sent0 = s.bytesSent();
            received0 = s.bytesReceived();
            retries0 = s.retries();
        }

        /** Under the connection lock, after the session call (or the cursor's last read). */
        void end(Session s) {
            sent = s.bytesSent() - sent0;
            received = s.bytesReceived() - received0;
            retries = s.retries() - retries0;
        }

        void rows(Object result) {
            if (result instanceof Result r) {
                rowsRead = r.rowCount();
                rowsAffected = r.rowsAffected();
            } else if (result instanceof BatchResult b) {
                long read = 0;
                long affected = 0;
                for (Result r : b.results()) {
                    if (r != null) {
                        read += r.rowCount();
                        affected += r.rowsAffected();
                    }
                }
                rowsRead = read;
                rowsAffected = affected;
            }
        }

        /** Remembers the failure a cursor saw, for {@link #report()}. */
        void fail(RuntimeException e) {
            if (failure == null) {
                failure = e;
            }
        }

        StatementEvent event() {
            return new StatementEvent(kind, sql, statements, Duration.ofNanos(System.nanoTime() - startNanos),
                    rowsRead, rowsAffected, Math.max(0, sent), Math.max(0, received), Math.max(0, retries));
        }

        /** Sends the end (or, after {@link #fail}, the failure) event, once. */
        void report() {
            synchronized (this) {
                if (reported) {
                    return;
                }
                reported = true;
            }
            RuntimeException f = failure;
            if (f == null) {
                statementEnd(listener, event());
            } else {
                statementFailed(listener, event(), f);
            }
        }

        void reportFailure(RuntimeException e) {
            fail(e);
            report();
        }
    }
}
