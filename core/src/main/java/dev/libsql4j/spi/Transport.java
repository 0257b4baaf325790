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

    /** Frees the transport's resources; idempotent. Sessions are closed before this is called. */
    @Override
    void close();
}
