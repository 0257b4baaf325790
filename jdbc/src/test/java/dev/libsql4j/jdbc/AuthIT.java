package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.libsql4j.testkit.SqldExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A sqld that requires JWTs: the token from the URL, the properties or the password. */
class AuthIT extends JdbcContract {
    @RegisterExtension
    static final SqldExtension SQLD = SqldExtension.withAuth();

    @Override
    String url() {
        return Targets.remote(SQLD);
    }

    private static void selectOne(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void withoutATokenTheServerRefuses() throws SQLException {
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT 1"))
                    .isInstanceOf(SQLInvalidAuthorizationSpecException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
        }
        Properties bad = new Properties();
        bad.setProperty("authToken", "not-a-jwt");
        try (Connection c = DriverManager.getConnection(url(), bad)) {
            assertThat(c.isValid(5)).isFalse();
        }
    }

    /** The README's HikariCP configuration, word for word but for the URL and the token. */
    @Test
    void hikariConfigurationOfTheReadme() throws SQLException {
        String token = SQLD.signer().fullAccessToken();
        HikariConfig cfg = new HikariConfig();
        cfg.setDataSourceClassName("dev.libsql4j.jdbc.LibSqlDataSource");
        cfg.addDataSourceProperty("url", url());
        cfg.addDataSourceProperty("authToken", token);
        try (HikariDataSource ds = new HikariDataSource(cfg); Connection c = ds.getConnection();
                Statement s = c.createStatement(); var rs = s.executeQuery("SELECT 'pooled', 6 * 7")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("pooled");
            assertThat(rs.getInt(2)).isEqualTo(42);
            assertThat(ds.toString()).doesNotContain(token);
        }
    }

    @Test
    void tokenInTheUrl() throws SQLException {
        String token = SQLD.signer().fullAccessToken();
        try (Connection c = DriverManager.getConnection(url() + "?authToken=" + token)) {
            selectOne(c);
            assertThat(c.getMetaData().getURL()).doesNotContain(token);
        }
    }

    @Test
    void tokenAsPropertyOrPassword() throws SQLException {
        String token = SQLD.signer().fullAccessToken();
        Properties p = new Properties();
        p.setProperty("authToken", token);
        try (Connection c = DriverManager.getConnection(url(), p)) {
            selectOne(c);
        }
        try (Connection c = DriverManager.getConnection(url(), "anyone", token)) {
            selectOne(c);
        }
        LibSqlDataSource ds = new LibSqlDataSource(url());
        ds.setAuthToken(token);
        try (Connection c = ds.getConnection()) {
            selectOne(c);
        }
        assertThat(ds.toString()).doesNotContain(token);
    }
}
