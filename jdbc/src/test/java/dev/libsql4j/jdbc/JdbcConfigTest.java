package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.TransactionMode;
import dev.libsql4j.spi.DatabaseUrl;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcConfigTest {
    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:libsql://db-org.turso.io|libsql://db-org.turso.io",
        "jdbc:libsql://db-org.turso.io:443/ns?tls=1|libsql://db-org.turso.io:443/ns?tls=1",
        "jdbc:libsql:libsql://db.example|libsql://db.example",
        "jdbc:libsql:http://127.0.0.1:8080|http://127.0.0.1:8080",
        "jdbc:libsql:https://db.example/path|https://db.example/path",
        "jdbc:libsql:file:app.db|file:app.db",
        "jdbc:libsql:file:/tmp/app.db|file:/tmp/app.db",
        "jdbc:libsql::memory:|:memory:",
        "JDBC:LIBSQL:http://h:1|http://h:1",
        "jdbc:libsql:ws://127.0.0.1:8080|ws://127.0.0.1:8080",
        "jdbc:libsql:wss://db.example|wss://db.example",
        "jdbc:libsql://db.example?transport=ws|libsql://db.example?transport=ws",
    })
    void mapsJdbcUrlsToCoreUrls(String jdbc, String core) throws SQLException {
        JdbcConfig c = JdbcConfig.parse(jdbc, null);
        assertThat(c.config().url()).isEqualTo(core);
        assertThat(c.config().authToken()).isNull();
    }

    @Test
    void acceptsOnlyItsPrefix() {
        LibSqlDriver d = new LibSqlDriver();
        assertThat(d.acceptsURL("jdbc:libsql://h")).isTrue();
        assertThat(d.acceptsURL("jdbc:libsql::memory:")).isTrue();
        assertThat(d.acceptsURL("jdbc:sqlite:x.db")).isFalse();
        assertThat(d.acceptsURL("libsql://h")).isFalse();
        assertThat(d.acceptsURL(null)).isFalse();
        assertThat(d.jdbcCompliant()).isFalse();
    }

    @Test
    void driverReturnsNullForOtherUrls() throws SQLException {
        assertThat(new LibSqlDriver().connect("jdbc:postgresql://h/db", new Properties())).isNull();
    }

    @Test
    void tokenFromTheUrlIsTakenOutOfTheCoreUrl() throws SQLException {
        JdbcConfig c = JdbcConfig.parse("jdbc:libsql://h.example?authToken=s3cret&tls=0", null);
        assertThat(c.config().url()).isEqualTo("libsql://h.example?tls=0");
        assertThat(c.config().authToken()).isEqualTo("s3cret");
        assertThat(c.redactedUrl()).doesNotContain("s3cret").contains("authToken=***");
    }

    @Test
    void urlWinsOverPropertiesAndPropertiesOverPassword() throws SQLException {
        assertThat(JdbcConfig.parse("jdbc:libsql://h?authToken=url", props("authToken", "prop", "password", "pw"))
                .config().authToken()).isEqualTo("url");
        assertThat(JdbcConfig.parse("jdbc:libsql://h", props("authToken", "prop", "password", "pw"))
                .config().authToken()).isEqualTo("prop");
        assertThat(JdbcConfig.parse("jdbc:libsql://h", props("user", "ignored", "password", "pw"))
                .config().authToken()).isEqualTo("pw");
        assertThat(JdbcConfig.parse("jdbc:libsql://h", props("password", "")).config().authToken()).isNull();
    }

    @Test
    void percentEncodedValuesAreDecoded() throws SQLException {
        JdbcConfig c = JdbcConfig.parse("jdbc:libsql://h?authToken=a%2Bb%3D", null);
        assertThat(c.config().authToken()).isEqualTo("a+b=");
    }

    @Test
    void localPropertiesReachTheConfig() throws SQLException {
        JdbcConfig c = JdbcConfig.parse("jdbc:libsql:file:replica.db?syncUrl=http%3A%2F%2F127.0.0.1%3A8080&syncInterval=2.5",
                props("encryptionKey", "päss", "busyTimeout", "PT1S"));
        assertThat(c.config().url()).isEqualTo("file:replica.db");
        assertThat(c.config().syncUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(c.config().syncInterval()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.config().encryptionKey()).isEqualTo("päss".getBytes(StandardCharsets.UTF_8));
        assertThat(c.config().busyTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.config().toString()).doesNotContain("päss");
    }

    @Test
    void syncIntervalZeroMeansNever() throws SQLException {
        JdbcConfig c = JdbcConfig.parse("jdbc:libsql:file:r.db", props("syncUrl", "http://h:1", "syncInterval", "0"));
        assertThat(c.config().syncInterval()).isNull();
    }

    @Test
    void timeoutsAndLimits() throws SQLException {
        JdbcConfig c = JdbcConfig.parse("jdbc:libsql:http://h:1?requestTimeout=PT2M&connectTimeout=3",
                props("maxConcurrentRequests", "7"));
        assertThat(c.config().requestTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.config().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.config().maxConcurrentRequests()).isEqualTo(7);
    }

    @Test
    void transactionModeAndSharing() throws SQLException {
        assertThat(JdbcConfig.parse("jdbc:libsql:http://h:1", null).transactionMode()).isEqualTo(TransactionMode.DEFERRED);
        assertThat(JdbcConfig.parse("jdbc:libsql:http://h:1?transactionMode=immediate", null).transactionMode())
                .isEqualTo(TransactionMode.IMMEDIATE);
        assertThat(JdbcConfig.parse("jdbc:libsql:http://h:1", null).shareDatabase()).isTrue();
        assertThat(JdbcConfig.parse("jdbc:libsql:http://h:1", props("shareDatabase", "false")).shareDatabase()).isFalse();
    }

    @Test
    void equalSettingsGiveEqualKeys() throws SQLException {
        JdbcConfig a = JdbcConfig.parse("jdbc:libsql:http://h:1?authToken=t", null);
        JdbcConfig b = JdbcConfig.parse("jdbc:libsql:http://h:1", props("authToken", "t", "transactionMode", "IMMEDIATE"));
        JdbcConfig c = JdbcConfig.parse("jdbc:libsql:http://h:1", props("authToken", "other"));
        assertThat(a.key()).isEqualTo(b.key()).hasSameHashCodeAs(b.key());
        assertThat(a.key()).isNotEqualTo(c.key());
        assertThat(a.key().toString()).doesNotContain("t@").doesNotContain("other");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:libsql:app.db",
        "jdbc:libsql:db.example.com",
        "jdbc:libsql:http://h:99999",
        "jdbc:libsql:http://h?bogus=1",
        "jdbc:libsql:http://h?transactionMode=READ_ONLY",
        "jdbc:libsql:http://h?transactionMode=sometimes",
        "jdbc:libsql:http://h?shareDatabase=maybe",
        "jdbc:libsql:http://h?syncInterval=soon",
        "jdbc:libsql:http://h?requestTimeout=-1",
        "jdbc:libsql:http://h?maxConcurrentRequests=many",
        "jdbc:libsql:http://h?authToken=",
        "jdbc:libsql:http://h?encryptionKey=k",
        "jdbc:libsql:http://h?syncUrl=http://p",
        "jdbc:libsql:http://h?authToken=%ZZ",
        "jdbc:postgresql://h",
    })
    void rejectsBadUrlsWithState08001(String url) {
        assertThatThrownBy(() -> JdbcConfig.parse(url, null))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
    }

    @Test
    void unknownParameterMessageNamesItAndTheJdbcProperties() {
        assertThatThrownBy(() -> JdbcConfig.parse("jdbc:libsql:http://h?bogus=1&authToken=s3cret", null))
                .hasMessageContaining("bogus")
                .hasMessageContaining("transactionMode")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void propertyInfoListsEveryProperty() {
        var info = new LibSqlDriver().getPropertyInfo("jdbc:libsql://h", props("authToken", "x"));
        assertThat(info).extracting(i -> i.name).contains("authToken", "encryptionKey", "syncUrl", "syncInterval",
                "transactionMode", "shareDatabase");
        assertThat(info).filteredOn(i -> i.name.equals("transactionMode")).singleElement()
                .satisfies(i -> assertThat(i.choices).containsExactly("DEFERRED", "IMMEDIATE", "EXCLUSIVE"));
        assertThat(info).filteredOn(i -> i.name.equals("authToken")).singleElement()
                .satisfies(i -> assertThat(i.value).isEqualTo("x"));
    }

    @Test
    void durations() {
        assertThat(JdbcConfig.duration(JdbcProperty.SYNC_INTERVAL, "5")).isEqualTo(Duration.ofSeconds(5));
        assertThat(JdbcConfig.duration(JdbcProperty.SYNC_INTERVAL, "0.25")).isEqualTo(Duration.ofMillis(250));
        assertThat(JdbcConfig.duration(JdbcProperty.SYNC_INTERVAL, "PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(JdbcConfig.duration(JdbcProperty.SYNC_INTERVAL, null)).isNull();
        assertThatThrownBy(() -> JdbcConfig.duration(JdbcProperty.SYNC_INTERVAL, "-3"))
                .hasMessageContaining("syncInterval");
    }

    @Test
    void redactionHidesEveryParameterValue() {
        assertThat(DatabaseUrl.redact("jdbc:libsql://h?authToken=abc&tls=0")).isEqualTo("jdbc:libsql://h?authToken=***&tls=0");
    }
}
