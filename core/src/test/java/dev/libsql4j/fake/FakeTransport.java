package dev.libsql4j.fake;

import dev.libsql4j.Config;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.spi.Session;
import dev.libsql4j.spi.Transport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transport that records what the core asks of it, as a list of events such as
 * {@code "open session#1"}, {@code "execute session#1 SELECT ?"}, {@code "close cursor[SELECT 1]"},
 * {@code "rollback session#1"}. Sessions check that they are never entered by two threads at
 * once and never used after close; {@link #violations()} lists every breach.
 *
 * <p>Faults are injected through the public fields.
 */
public final class FakeTransport implements Transport {
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger sessionIds = new AtomicInteger();
    private final List<FakeSession> sessions = Collections.synchronizedList(new ArrayList<>());
    private volatile Config config;
    private volatile boolean closed;

    /** Labels ({@code session#1}, {@code cursor[sql]}, {@code ps[sql]}) whose close throws. */
    public final Set<String> failOnClose = ConcurrentHashMap.newKeySet();
    /** Thrown by {@link Session#commit()} when set. */
    public volatile RuntimeException commitFailure;
    /** Whether the session still reports an open transaction after {@link #commitFailure}. */
    public volatile boolean transactionSurvivesCommitFailure = true;
    /** Thrown by {@link Session#rollback()} when set (after it ended the transaction). */
    public volatile RuntimeException rollbackFailure;
    /** Thrown by a prepared handle's {@code description()} when set. */
    public volatile RuntimeException descriptionFailure;
    /** Thrown by a row stream's {@code columns()} when set. */
    public volatile RuntimeException columnsFailure;
    /** Whether execute/query events are recorded (off for the load tests). */
    public volatile boolean recordStatements = true;
    /** Busy-waits this long inside every serialized call, to widen race windows. */
    public volatile long spinNanos;
    /** Counted as retries of every execute, for event listener tests. */
    public volatile int retriesPerExecute;
    /** What {@link #sync()} returns; null: not a replica (the default sync() throws). */
    public volatile dev.libsql4j.SyncResult syncResult;

    @Override
    public dev.libsql4j.SyncResult sync() {
        dev.libsql4j.SyncResult r = syncResult;
        return r != null ? r : Transport.super.sync();
    }

    void opened(Config c) {
        this.config = c;
        record("open transport");
    }

    /** The config the provider opened this transport with. */
    public Config config() {
        return config;
    }

    @Override
    public Session openSession() {
        if (closed) {
            violation("openSession after transport close");
        }
        FakeSession s = new FakeSession(this, "session#" + sessionIds.incrementAndGet());
        sessions.add(s);
        record("open " + s.label());
        return s;
    }

    @Override
    public void close() {
        record("close transport");
        if (closed) {
            violation("transport closed twice");
        }
        closed = true;
    }

    /** True once closed. */
    public boolean isClosed() {
        return closed;
    }

    /** The sessions opened so far, oldest first. */
    public List<FakeSession> sessions() {
        synchronized (sessions) {
            return new ArrayList<>(sessions);
        }
    }

    /** The last session opened. */
    public FakeSession lastSession() {
        List<FakeSession> all = sessions();
        return all.get(all.size() - 1);
    }

    /** A copy of the events so far. */
    public List<String> events() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }

    /** The events that start with {@code prefix}, in order. */
    public List<String> events(String prefix) {
        List<String> out = new ArrayList<>();
        for (String e : events()) {
            if (e.startsWith(prefix)) {
                out.add(e);
            }
        }
        return out;
    }

    /** How many events equal {@code event}. */
    public int count(String event) {
        int n = 0;
        for (String e : events()) {
            if (e.equals(event)) {
                n++;
            }
        }
        return n;
    }

    /** Forgets the events recorded so far. */
    public void clearEvents() {
        events.clear();
    }

    /** Misuse the fake detected: concurrent calls, use after close. */
    public List<String> violations() {
        synchronized (violations) {
            return new ArrayList<>(violations);
        }
    }

    void record(String event) {
        events.add(event);
    }

    void violation(String what) {
        violations.add(what);
    }

    void maybeFailClose(String label) {
        if (failOnClose.contains(label)) {
            throw new LibSqlException("FAKE_CLOSE_FAILED", "closing " + label + " failed", null);
        }
    }
}
