package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverLocalIT extends DriverContract {
    @TempDir
    static Path dir;

    @BeforeAll
    static void embeddedTransport() {
        Targets.requireEmbedded();
    }

    @Override
    String url() {
        return Targets.local(dir, "driver.db");
    }

    @Test
    void memoryUrl() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:libsql::memory:")) {
            exec(c, "CREATE TABLE m(x)");
            exec(c, "INSERT INTO m VALUES (1)");
            assertThat(count(c, "m")).isEqualTo(1);
            assertThat(c.getMetaData().usesLocalFiles()).isTrue();
        }
    }

    @Test
    void encryptedFile() throws SQLException {
        String enc = Targets.local(dir, "secret.db");
        Properties p = new Properties();
        p.setProperty("encryptionKey", "correct horse battery staple");
        try (Connection c = DriverManager.getConnection(enc, p)) {
            exec(c, "CREATE TABLE s(x)");
            exec(c, "INSERT INTO s VALUES ('hidden')");
        }
        try (Connection c = DriverManager.getConnection(enc, p)) {
            assertThat(count(c, "s")).isEqualTo(1);
        }
    }
}
