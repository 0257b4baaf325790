package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.testkit.SqldExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DriverIT extends DriverContract {
    @RegisterExtension
    static final SqldExtension SQLD = new SqldExtension();

    @Override
    String url() {
        return Targets.remote(SQLD);
    }

    @Test
    void metadataUrlNeverShowsTheToken() throws SQLException {
        try (Connection c = DriverManager.getConnection(url() + "?authToken=s3cret-token")) {
            assertThat(c.getMetaData().getURL()).startsWith("jdbc:libsql:http://").doesNotContain("s3cret-token");
            assertThat(c.toString()).doesNotContain("s3cret-token");
            assertThat(c.getMetaData().usesLocalFiles()).isFalse();
        }
    }

    @Test
    void anUnreachableServerIsATransientConnectionError() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:libsql:http://127.0.0.1:1?connectTimeout=2");
             Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT 1"))
                    .isInstanceOf(SQLTransientConnectionException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"))
                    .hasCauseInstanceOf(LibSqlException.class);
            assertThat(c.isValid(2)).isFalse();
        }
    }

    @Test
    void theReadmesShortFormAgainstPlainHttpSaysTheServerDoesNotSpeakTls() throws SQLException {
        String hostPort = "127.0.0.1:" + SQLD.server().port();
        try (Connection c = DriverManager.getConnection("jdbc:libsql://" + hostPort);
             Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT 1"))
                    .isInstanceOf(SQLNonTransientConnectionException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"))
                    .hasMessageContaining("[TLS_HANDSHAKE_FAILED] The server at " + hostPort + " does not speak TLS")
                    .hasMessageContaining("libsql://" + hostPort + "?tls=0")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("unknown"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:libsql://" + hostPort + "?tls=0");
             Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT 41 + 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void aFileUrlNeedsTheEmbeddedTransport() throws SQLException {
        boolean embedded;
        try (Database db = LibSql.open(":memory:")) {
            embedded = !db.isClosed();
        } catch (LibSqlException e) {
            embedded = false;
        }
        if (embedded) {
            try (Connection c = DriverManager.getConnection("jdbc:libsql::memory:")) {
                assertThat(c.isValid(5)).isTrue();
            }
        } else {
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:libsql::memory:"))
                    .isInstanceOf(SQLNonTransientConnectionException.class)
                    .hasMessageContaining("libsql4j-transport-embedded")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
        }
        assertThat(DatabaseRegistry.SHARED.openDatabases()).isZero();
    }

    @Test
    void concurrentOpensAndClosesShareSafely() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            var done = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int t = 0; t < 16; t++) {
                done.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 20; i++) {
                        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
                             var rs = s.executeQuery("SELECT 1")) {
                            ok += rs.next() ? 1 : 0;
                        }
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (var f : done) {
                total += f.get(2, java.util.concurrent.TimeUnit.MINUTES);
            }
            assertThat(total).isEqualTo(16 * 20);
        } finally {
            pool.shutdown();
        }
        assertThat(DatabaseRegistry.SHARED.openDatabases()).isZero();
    }

    @Test
    void propertiesConfigureTheDatabase() throws SQLException {
        Properties p = new Properties();
        p.setProperty("requestTimeout", "PT42S");
        p.setProperty("maxConcurrentRequests", "3");
        try (Connection c = DriverManager.getConnection(url(), p)) {
            Database db = c.unwrap(Database.class);
            assertThat(db.config().requestTimeout().getSeconds()).isEqualTo(42);
            assertThat(db.config().maxConcurrentRequests()).isEqualTo(3);
        }
    }
}
