package dev.libsql4j.jdbc;

import dev.libsql4j.Database;
import dev.libsql4j.TransactionMode;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} whose JDBC connections are sessions of a {@link Database} you opened, so
 * JDBC code (a pool, JPA, Flyway) and core API code share one database: one HTTP connection
 * pool, or one native handle of a local file or embedded replica. Use it when the application
 * also uses the core API on the same database, above all for an embedded replica, which must be
 * opened once per file.
 *
 * <pre>{@code
 * Database db = LibSql.open(Config.builder("file:replica.db").syncUrl(primaryUrl).authToken(token).build());
 * HikariConfig hc = new HikariConfig();
 * hc.setDataSource(new DatabaseDataSource(db));
 * try (HikariDataSource pool = new HikariDataSource(hc)) { ... }
 * db.close(); // after the pool: closing the data source's connections does not close the database
 * }</pre>
 *
 * <p>Ownership: the data source never closes the database; the caller does, after the last
 * JDBC connection is done with it (closing the database closes any connection still open, so
 * close the pool first). Connection settings come from the database's {@link dev.libsql4j.Config};
 * there is no URL, user or password. Thread-safe.
 */
public final class DatabaseDataSource implements DataSource {
    private final Database database;
    private final JdbcConfig cfg;
    private volatile PrintWriter logWriter;
    private volatile int loginTimeout;

    /**
     * A data source over {@code database}, with {@code DEFERRED} JDBC transactions.
     *
     * @throws NullPointerException if {@code database} is null
     */
    public DatabaseDataSource(Database database) {
        this(database, TransactionMode.DEFERRED);
    }

    /**
     * A data source over {@code database} whose JDBC transactions begin in {@code mode}
     * ({@code DEFERRED}, {@code IMMEDIATE} or {@code EXCLUSIVE}; read-only transactions come from
     * {@link Connection#setReadOnly}).
     *
     * @throws IllegalArgumentException if {@code mode} is {@code READ_ONLY}
     */
    public DatabaseDataSource(Database database, TransactionMode mode) {
        this.database = Objects.requireNonNull(database, "database");
        Objects.requireNonNull(mode, "mode");
        if (mode == TransactionMode.READ_ONLY) {
            throw new IllegalArgumentException("mode must be DEFERRED, IMMEDIATE or EXCLUSIVE; read-only transactions come"
                    + " from Connection.setReadOnly(true)");
        }
        this.cfg = JdbcConfig.forDatabase(database.config(), mode);
    }

    /** The database the connections run on. */
    public Database database() {
        return database;
    }

    /**
     * Opens a JDBC connection: a new session of the database. Close it when done; that leaves the
     * database open.
     *
     * @throws SQLException (SQLState {@code 08003}) if the database is closed, or the mapped error
     *         if the session cannot be opened
     */
    @Override
    public Connection getConnection() throws SQLException {
        if (database.isClosed()) {
            throw new SQLException("The database behind this DatabaseDataSource (" + cfg.redactedUrl() + ") is closed",
                    "08003");
        }
        return JdbcConnection.open(cfg, DatabaseRegistry.borrowed(database));
    }

    /** As {@link #getConnection()}; the user name and password are ignored (the database's configuration holds the token). */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /** Stored only: the database is open already, so there is no login to time. */
    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("The libSQL JDBC driver does not use java.util.logging", "0A000");
    }

    /** Unwraps to this data source or to the {@link Database}. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(database)) {
            return iface.cast(database);
        }
        throw new SQLException("Not a wrapper for " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface.isInstance(database);
    }

    /** Shows the URL without parameters; never a token or key. */
    @Override
    public String toString() {
        return "DatabaseDataSource[" + cfg.redactedUrl() + "]";
    }
}
