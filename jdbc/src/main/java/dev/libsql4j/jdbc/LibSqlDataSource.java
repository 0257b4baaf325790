package dev.libsql4j.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for {@code jdbc:libsql:} URLs, for frameworks that configure a bean
 * (Spring, HikariCP's {@code dataSourceClassName}, Flyway's {@code dataSource(...)}).
 *
 * <pre>{@code
 * LibSqlDataSource ds = new LibSqlDataSource();
 * ds.setUrl("jdbc:libsql://db-org.turso.io");
 * ds.setAuthToken(System.getenv("TURSO_TOKEN"));
 * try (Connection c = ds.getConnection()) { ... }
 * }</pre>
 *
 * Every setter takes effect for connections opened afterwards. Thread-safe. Connections with
 * equal settings share one database, as with {@link LibSqlDriver}.
 */
public class LibSqlDataSource implements DataSource {
    private String url;
    private final Properties properties = new Properties();
    private int loginTimeout;
    private PrintWriter logWriter;

    /** An unconfigured data source; set at least the URL. */
    public LibSqlDataSource() {
    }

    /** A data source for a {@code jdbc:libsql:} URL. */
    public LibSqlDataSource(String url) {
        this.url = url;
    }

    public synchronized void setUrl(String url) {
        this.url = url;
    }

    public synchronized String getUrl() {
        return url;
    }

    /** Sets any {@link JdbcProperty} by its key; null removes it. */
    public synchronized void setProperty(String key, String value) {
        if (value == null) {
            properties.remove(key);
        } else {
            properties.setProperty(key, value);
        }
    }

    /** Adds all of {@code p} to the properties. */
    public synchronized void setProperties(Properties p) {
        if (p != null) {
            for (String k : p.stringPropertyNames()) {
                properties.setProperty(k, p.getProperty(k));
            }
        }
    }

    /** A copy of the properties. */
    public synchronized Properties getProperties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    public void setAuthToken(String token) {
        setProperty(JdbcProperty.AUTH_TOKEN.key(), token);
    }

    public void setEncryptionKey(String key) {
        setProperty(JdbcProperty.ENCRYPTION_KEY.key(), key);
    }

    public void setSyncUrl(String syncUrl) {
        setProperty(JdbcProperty.SYNC_URL.key(), syncUrl);
    }

    /** Seconds ({@code 5}) or an ISO-8601 duration ({@code PT5S}). */
    public void setSyncInterval(String interval) {
        setProperty(JdbcProperty.SYNC_INTERVAL.key(), interval);
    }

    /** DEFERRED (default), IMMEDIATE or EXCLUSIVE. */
    public void setTransactionMode(String mode) {
        setProperty(JdbcProperty.TRANSACTION_MODE.key(), mode);
    }

    /** Seconds or ISO-8601. */
    public void setRequestTimeout(String timeout) {
        setProperty(JdbcProperty.REQUEST_TIMEOUT.key(), timeout);
    }

    /** Seconds or ISO-8601. */
    public void setConnectTimeout(String timeout) {
        setProperty(JdbcProperty.CONNECT_TIMEOUT.key(), timeout);
    }

    public void setShareDatabase(boolean share) {
        setProperty(JdbcProperty.SHARE_DATABASE.key(), Boolean.toString(share));
    }

    @Override
    public Connection getConnection() throws SQLException {
        String u;
        Properties p;
        synchronized (this) {
            u = url;
            p = getProperties();
        }
        if (u == null) {
            throw new SQLException("LibSqlDataSource has no URL; call setUrl(\"jdbc:libsql:...\")", "08001");
        }
        return JdbcConnection.open(JdbcConfig.parse(u, p), DatabaseRegistry.SHARED);
    }

    /** The password, when given, is the auth token unless {@code authToken} is set; the user name is ignored. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        String u;
        Properties p;
        synchronized (this) {
            u = url;
            p = getProperties();
        }
        if (u == null) {
            throw new SQLException("LibSqlDataSource has no URL; call setUrl(\"jdbc:libsql:...\")", "08001");
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return JdbcConnection.open(JdbcConfig.parse(u, p), DatabaseRegistry.SHARED);
    }

    @Override
    public synchronized PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public synchronized void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /** Stored for {@link #getLoginTimeout()}; connect timeouts come from the {@code connectTimeout} property. */
    @Override
    public synchronized void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public synchronized int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("The libSQL JDBC driver does not use java.util.logging", "0A000");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Not a wrapper for " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public synchronized String toString() {
        return "LibSqlDataSource[" + (url == null ? "no url" : dev.libsql4j.spi.DatabaseUrl.redact(url)) + "]";
    }
}
