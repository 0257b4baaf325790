package dev.libsql4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.fake.FakeTransport;
import dev.libsql4j.fake.FakeTransportProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LibSqlTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:1", "https://db.example.com", "libsql://db-org.turso.io?tls=0"})
    void remoteUrlWithoutTheHttpTransportNamesTheArtifact(String url) {
        assertThatThrownBy(() -> LibSql.open(url))
                .isInstanceOfSatisfying(LibSqlException.class, e -> assertThat(e.code()).isEqualTo("TRANSPORT_MISSING"))
                .hasMessageContaining("dev.libsql4j:libsql4j-transport-http")
                .hasMessageContaining("fake");
    }

    @Test
    void configOverloadFailsTheSameWay() {
        assertThatThrownBy(() -> LibSql.open(Config.builder("http://127.0.0.1:1").authToken("t").build()))
                .isInstanceOfSatisfying(LibSqlException.class, e -> assertThat(e.code()).isEqualTo("TRANSPORT_MISSING"))
                .hasMessageContaining("http://127.0.0.1:1");
    }

    @Test
    void invalidUrlFailsBeforeLookingForATransport() {
        assertThatThrownBy(() -> LibSql.open("ftp://127.0.0.1:1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LibSql.open((String) null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void urlsWithoutSchemeSuggestTheIntendedOne() {
        assertThatThrownBy(() -> LibSql.open("app.db")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("for a local file use file:app.db");
        assertThatThrownBy(() -> LibSql.open("127.0.0.1:8080")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use http://127.0.0.1:8080");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:app.db", ":memory:", "file::memory:", "file:///tmp/x.db"})
    void localUrlsReachTheTransportThatClaimsThem(String url) {
        FakeTransport fake = new FakeTransport();
        try (Database db = FakeTransportProvider.open(url, fake)) {
            assertThat(fake.config().url()).isEqualTo(url);
            try (Connection c = db.connect()) {
                assertThat(c.execute("SELECT ?", 5).singleValue()).isEqualTo(Value.integer(5));
            }
        }
        assertThat(fake.isClosed()).isTrue();
    }

    @Test
    void plainOpenUsesTheProvider() {
        try (Database db = LibSql.open(":memory:")) {
            assertThat(db.execute("SELECT ?", "x").singleValue()).isEqualTo(Value.text("x"));
        }
    }
}
