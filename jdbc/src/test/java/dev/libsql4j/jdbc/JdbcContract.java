package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;

/**
 * The base of the integration-test contracts: each contract runs against sqld (its {@code *IT}
 * subclass) and against a local file (its {@code *LocalIT} subclass). After every test no
 * database may be left open: every JDBC connection the test opened must have been closed.
 */
abstract class JdbcContract {
    private static final AtomicInteger TABLES = new AtomicInteger();

    /** The JDBC URL to test against. */
    abstract String url();

    /** True for the sqld variant. */
    boolean remote() {
        return url().contains("http");
    }

    Connection open() throws SQLException {
        return DriverManager.getConnection(url());
    }

    Connection open(Properties p) throws SQLException {
        return DriverManager.getConnection(url(), p);
    }

    /** A table name no other test uses. */
    static String table(String base) {
        return base + "_" + TABLES.incrementAndGet();
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    @AfterEach
    void nothingLeftOpen() {
        assertThat(DatabaseRegistry.SHARED.openDatabases())
                .as("shared databases still open after the test: a JDBC connection was not closed")
                .isZero();
    }
}
