package dev.libsql4j.spi;

import dev.libsql4j.SyncResult;

/** A transport's state for one {@link dev.libsql4j.Database}. Thread-safe. */
public interface Transport extends AutoCloseable {
    /** Opens a session for a new connection. */
    Session openSession();

    /**
     * Pulls new frames from the primary (embedded replicas).
     *
     * @throws IllegalStateException if this database is not a replica
     */
    default SyncResult sync() {
        throw new IllegalStateException("sync() needs an embedded replica (Config.syncUrl); "
                + "this database has nothing to sync");
    }

    /**
     * Requests in flight right now, for {@link dev.libsql4j.Database#stats()}: calls waiting for
     * the server or the engine, plus whatever holds a request slot (an open cursor over HTTP).
     * Transports that do not track them return 0.
     *
     * @return the number of requests in flight; 0 when idle
     */
    default int requestsInFlight() {
        return 0;
    }

    /**
     * Server-side streams the transport holds open right now (Hrana streams of open transactions
     * and cursors), for {@link dev.libsql4j.Database#stats()}. Transports without server streams
     * return 0.
     *
     * @return the number of open server streams; 0 when idle
     */
    default int openStreams() {
        return 0;
    }

    /** Frees the transport's resources; idempotent. Sessions are closed before this is called. */
    @Override
    void close();
}
