package dev.libsql4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.Config;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LibSqlPropertiesTest {

    private static LibSqlProperties replica() {
        LibSqlProperties p = new LibSqlProperties();
        p.setUrl("file:/tmp/replica.db");
        p.setSyncUrl("libsql://db-org.turso.io?authToken=url-secret-123");
        p.setAuthToken("token-secret-456");
        p.setEncryptionKey("key-secret-789");
        p.setSyncInterval(Duration.ofSeconds(5));
        p.setRequestTimeout(Duration.ofSeconds(7));
        return p;
    }

    @Test
    void toStringNeverShowsTheTokenTheKeyOrUrlParameters() {
        String s = replica().toString();
        assertThat(s).doesNotContain("token-secret-456").doesNotContain("key-secret-789").doesNotContain("url-secret-123");
        assertThat(s).contains("authToken=***").contains("encryptionKey=***").contains("syncInterval=PT5S");
        assertThat(new LibSqlProperties().toString()).contains("authToken=none");
    }

    @Test
    void mapsEverySettingOntoTheCoreConfig() {
        Config c = replica().toConfigBuilder().build();
        assertThat(c.url()).isEqualTo("file:/tmp/replica.db");
        assertThat(c.authToken()).isEqualTo("token-secret-456");
        assertThat(c.encryptionKey()).isEqualTo("key-secret-789".getBytes(StandardCharsets.UTF_8));
        assertThat(c.syncUrl()).isEqualTo("libsql://db-org.turso.io?authToken=url-secret-123");
        assertThat(c.syncInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(c.connectTimeout()).isEqualTo(Config.DEFAULT_CONNECT_TIMEOUT);
        assertThat(c.toString()).doesNotContain("token-secret-456").doesNotContain("key-secret-789");
    }

    @Test
    void blankValuesAreUnsetAndAMissingUrlSaysWhichProperty() {
        LibSqlProperties p = new LibSqlProperties();
        p.setUrl("http://127.0.0.1:8080");
        p.setAuthToken(" ");
        p.setSyncUrl("");
        Config c = p.toConfigBuilder().build();
        assertThat(c.authToken()).isNull();
        assertThat(c.syncUrl()).isNull();
        assertThatThrownBy(() -> new LibSqlProperties().toConfigBuilder())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("libsql.url");
    }
}
