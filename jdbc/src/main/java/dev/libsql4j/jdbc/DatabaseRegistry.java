package dev.libsql4j.jdbc;

import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link Database}s behind JDBC connections. Connections whose settings are equal
 * ({@link JdbcConfig.Key}) share one database, so they share its HTTP connection pool (or its
 * native handle); the database is closed when the last of its JDBC connections closes.
 *
 * <p>Thread-safe. The map is guarded by a lock that is never held while a database opens or
 * closes (an embedded replica's first sync can take seconds): the first caller opens, later
 * callers with the same key wait for that one open.
 */
final class DatabaseRegistry {
    static final DatabaseRegistry SHARED = new DatabaseRegistry();

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<JdbcConfig.Key, Entry> entries = new HashMap<>();

    /** A use of a database by one JDBC connection. Release it exactly once. */
    interface Lease {
        Database database();

        void release();
    }

    private final class Entry {
        final JdbcConfig.Key key;
        final CompletableFuture<Database> db = new CompletableFuture<>();
        int refs;

        Entry(JdbcConfig.Key key) {
            this.key = key;
        }
    }

    /**
     * A database for {@code cfg}: the shared one for its key, or (with {@code shareDatabase=false})
     * a database of its own.
     */
    Lease acquire(JdbcConfig cfg) throws SQLException {
        if (!cfg.shareDatabase()) {
            Database own = open(cfg);
            return new Lease() {
                private boolean released;

                @Override
                public Database database() {
                    return own;
                }

                @Override
                public synchronized void release() {
                    if (!released) {
                        released = true;
                        own.close();
                    }
                }
            };
        }
        while (true) {
            Entry e;
            boolean opener = false;
            lock.lock();
            try {
                e = entries.get(cfg.key());
                if (e == null) {
                    e = new Entry(cfg.key());
                    entries.put(cfg.key(), e);
                    opener = true;
                }
                e.refs++;
            } finally {
                lock.unlock();
            }
            if (opener) {
                try {
                    e.db.complete(open(cfg));
                } catch (SQLException | RuntimeException | Error failure) {
                    e.db.completeExceptionally(failure);
                    forget(e);
                    throw failure;
                }
            }
            Database db;
            try {
                db = e.db.join();
            } catch (CompletionException failure) {
                // Another caller's open failed; that caller reports its own error, so try once more
                // ourselves (the entry is gone): the failure may have been transient.
                if (opener) {
                    throw new IllegalStateException(failure);
                }
                continue;
            }
            if (db.isClosed()) {
                // Closed behind our back (someone unwrapped it and closed it): replace it.
                forget(e);
                continue;
            }
            Entry held = e;
            return new Lease() {
                private boolean released;

                @Override
                public Database database() {
                    return db;
                }

                @Override
                public void release() {
                    synchronized (this) {
                        if (released) {
                            return;
                        }
                        released = true;
                    }
                    DatabaseRegistry.this.release(held, db);
                }
            };
        }
    }

    /** A lease on a database the caller owns: releasing it leaves the database open. */
    static Lease borrowed(Database db) {
        return new Lease() {
            @Override
            public Database database() {
                return db;
            }

            @Override
            public void release() {
            }
        };
    }

    private void forget(Entry e) {
        lock.lock();
        try {
            entries.remove(e.key, e);
        } finally {
            lock.unlock();
        }
    }

    private void release(Entry e, Database db) {
        boolean last;
        lock.lock();
        try {
            last = --e.refs == 0;
            if (last) {
                entries.remove(e.key, e);
            }
        } finally {
            lock.unlock();
        }
        if (last) {
            db.close();
        }
    }

    /** How many shared databases are open (for tests). */
    int openDatabases() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    private static Database open(JdbcConfig cfg) throws SQLException {
        try {
            return LibSql.open(cfg.config());
        } catch (RuntimeException e) {
            throw SqlErrors.map(e);
        }
    }
}
