package dev.libsql4j.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver for {@code jdbc:libsql:} URLs. It registers itself with {@link DriverManager}
 * when loaded, and is found through {@code META-INF/services/java.sql.Driver}, so
 * {@code DriverManager.getConnection(url)} works with the jar on the class path.
 *
 * <pre>{@code
 * // Turso or sqld over HTTPS; the token as a property (or ?authToken=..., or the password)
 * Properties p = new Properties();
 * p.setProperty("authToken", System.getenv("TURSO_TOKEN"));
 * try (Connection c = DriverManager.getConnection("jdbc:libsql://db-org.turso.io", p)) { ... }
 *
 * DriverManager.getConnection("jdbc:libsql:http://127.0.0.1:8080");    // local sqld
 * DriverManager.getConnection("jdbc:libsql:file:app.db");              // needs libsql4j-transport-embedded
 * DriverManager.getConnection("jdbc:libsql::memory:");
 * }</pre>
 *
 * <p>The part after {@code jdbc:libsql:} is a libsql4j URL ({@code //host} is short for
 * {@code libsql://host}). Settings are the {@link JdbcProperty}s, as URL query parameters or
 * properties. The transport is the application's choice: remote URLs need
 * {@code libsql4j-transport-http} on the class path, local ones {@code libsql4j-transport-embedded};
 * a missing one fails the connect with SQLState 08001 and a message naming the artifact.
 *
 * <p>Connections with equal settings share one {@link dev.libsql4j.Database} (its HTTP
 * connection pool or native handle); it closes with the last of them ({@code shareDatabase=false}
 * gives each connection its own). {@link #jdbcCompliant()} is false: SQLite does not have the
 * full SQL-92 entry level JDBC compliance requires. Thread-safe.
 */
public final class LibSqlDriver implements Driver {
    /** The driver name {@link java.sql.DatabaseMetaData#getDriverName()} reports. */
    public static final String NAME = "libsql4j JDBC";
    /** The driver version, from the build. */
    public static final String VERSION;
    static final int MAJOR;
    static final int MINOR;

    static {
        String v = "0.0.0";
        try (InputStream in = LibSqlDriver.class.getResourceAsStream("driver.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                v = p.getProperty("version", v);
            }
        } catch (IOException ignored) {
            // Keep the fallback version.
        }
        VERSION = v;
        String[] parts = v.split("[.-]");
        MAJOR = parse(parts, 0);
        MINOR = parse(parts, 1);
        try {
            DriverManager.registerDriver(new LibSqlDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static int parse(String[] parts, int i) {
        try {
            return i < parts.length ? Integer.parseInt(parts[i]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Public for {@link java.util.ServiceLoader} and frameworks that instantiate drivers by class name. */
    public LibSqlDriver() {
    }

    /**
     * Opens a connection, or returns null if the URL is not a {@code jdbc:libsql:} URL (as JDBC
     * requires, so {@link DriverManager} can try other drivers).
     *
     * @throws SQLException SQLState 08001 for a malformed URL or bad property (the message names
     *                      it, never the token), or the mapped error of opening the database
     */
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        return JdbcConnection.open(JdbcConfig.parse(url, info), DatabaseRegistry.SHARED);
    }

    @Override
    public boolean acceptsURL(String url) {
        return JdbcConfig.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        JdbcProperty[] all = JdbcProperty.values();
        DriverPropertyInfo[] out = new DriverPropertyInfo[all.length];
        for (int i = 0; i < all.length; i++) {
            JdbcProperty p = all[i];
            DriverPropertyInfo d = new DriverPropertyInfo(p.key(), info == null ? null : info.getProperty(p.key()));
            d.description = p.description();
            d.required = false;
            d.choices = p.choices();
            out[i] = d;
        }
        return out;
    }

    @Override
    public int getMajorVersion() {
        return MAJOR;
    }

    @Override
    public int getMinorVersion() {
        return MINOR;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("The libSQL JDBC driver logs through SLF4J, not java.util.logging",
                "0A000");
    }
}
