package dev.libsql4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.spi.DatabaseUrl;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigTest {

    @Test
    void defaults() {
        Config c = Config.builder("http://127.0.0.1:8080").build();
        assertThat(c.url()).isEqualTo("http://127.0.0.1:8080");
        assertThat(c.parsedUrl().kind()).isEqualTo(DatabaseUrl.Kind.REMOTE);
        assertThat(c.authToken()).isNull();
        assertThat(c.encryptionKey()).isNull();
        assertThat(c.syncUrl()).isNull();
        assertThat(c.syncInterval()).isNull();
        assertThat(c.connectTimeout()).isEqualTo(Config.DEFAULT_CONNECT_TIMEOUT);
        assertThat(c.requestTimeout()).isEqualTo(Config.DEFAULT_REQUEST_TIMEOUT);
        assertThat(c.busyTimeout()).isEqualTo(Config.DEFAULT_BUSY_TIMEOUT);
        assertThat(c.maxConcurrentRequests()).isEqualTo(Config.DEFAULT_MAX_CONCURRENT_REQUESTS);
        assertThat(c.transportOptions()).isEmpty();
        assertThat(c.leakTraces()).isFalse();
    }

    @Test
    void leakTracesFromTheBuilderOrTheSystemProperty() {
        Config on = Config.builder("file:a.db").leakTraces(true).build();
        assertThat(on.leakTraces()).isTrue();
        assertThat(on.toBuilder().build().leakTraces()).isTrue();
        assertThat(on.toString()).contains("leakTraces=true");
        assertThat(on.toBuilder().leakTraces(false).build().leakTraces()).isFalse();
        String before = System.getProperty(Config.LEAK_TRACES_PROPERTY);
        System.setProperty(Config.LEAK_TRACES_PROPERTY, "true");
        try {
            assertThat(Config.builder("file:a.db").build().leakTraces()).isTrue();
            assertThat(Config.builder("file:a.db").leakTraces(false).build().leakTraces()).isFalse();
        } finally {
            if (before == null) {
                System.clearProperty(Config.LEAK_TRACES_PROPERTY);
            } else {
                System.setProperty(Config.LEAK_TRACES_PROPERTY, before);
            }
        }
    }

    @Test
    void tokenFromTheUrl() {
        assertThat(Config.builder("libsql://h?authToken=abc").build().authToken()).isEqualTo("abc");
    }

    @Test
    void builderTokenOverridesTheUrlToken() {
        assertThat(Config.builder("libsql://h?authToken=abc").authToken("xyz").build().authToken()).isEqualTo("xyz");
    }

    @Test
    void allSettings() {
        byte[] key = {1, 2, 3};
        Config c = Config.builder("file:replica.db")
                .authToken("tok")
                .encryptionKey(key)
                .syncUrl("http://127.0.0.1:8080")
                .syncInterval(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(2))
                .busyTimeout(Duration.ZERO)
                .maxConcurrentRequests(3)
                .transportOption("a", 1)
                .build();
        key[0] = 9;
        assertThat(c.authToken()).isEqualTo("tok");
        assertThat(c.encryptionKey()).containsExactly(1, 2, 3);
        assertThat(c.syncUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(c.syncInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.busyTimeout()).isEqualTo(Duration.ZERO);
        assertThat(c.maxConcurrentRequests()).isEqualTo(3);
        assertThat(c.transportOption("a")).isEqualTo(1);
        assertThat(c.transportOption("b")).isNull();
    }

    @Test
    void encryptionKeyIsCopiedOut() {
        Config c = Config.builder("file:a.db").encryptionKey(new byte[] {1, 2}).build();
        c.encryptionKey()[0] = 7;
        assertThat(c.encryptionKey()).containsExactly(1, 2);
    }

    @Test
    void transportOptionsAreUnmodifiableAndNullRemoves() {
        Config c = Config.builder(":memory:").transportOption("a", 1).transportOption("b", 2)
                .transportOption("a", null).build();
        assertThat(c.transportOptions()).containsOnlyKeys("b");
        assertThatThrownBy(() -> c.transportOptions().put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void builderIsNotAffectedByLaterChanges() {
        Config.Builder b = Config.builder(":memory:").maxConcurrentRequests(2);
        Config first = b.build();
        b.maxConcurrentRequests(5).transportOption("x", 1);
        assertThat(first.maxConcurrentRequests()).isEqualTo(2);
        assertThat(first.transportOptions()).isEmpty();
    }

    @Test
    void toBuilderRoundTrip() {
        Config c = Config.builder("file:replica.db?authToken=fromUrl")
                .authToken("tok")
                .encryptionKey(new byte[] {4, 5})
                .syncUrl("libsql://primary.turso.io")
                .syncInterval(Duration.ofMillis(1500))
                .connectTimeout(Duration.ofSeconds(3))
                .requestTimeout(Duration.ofSeconds(4))
                .busyTimeout(Duration.ofMillis(10))
                .maxConcurrentRequests(7)
                .transportOption("k", "v")
                .build();
        Config d = c.toBuilder().build();
        assertSame(c, d);
        assertThat(d.toString()).isEqualTo(c.toString());

        Config e = c.toBuilder().maxConcurrentRequests(8).build();
        assertThat(e.maxConcurrentRequests()).isEqualTo(8);
        assertThat(e.authToken()).isEqualTo("tok");
        assertThat(c.maxConcurrentRequests()).isEqualTo(7);
    }

    @Test
    void toBuilderKeepsAUrlTokenWithoutPromotingIt() {
        Config c = Config.builder("http://h?authToken=fromUrl").build();
        Config d = c.toBuilder().build();
        assertThat(d.authToken()).isEqualTo("fromUrl");
        assertThat(d.url()).isEqualTo(c.url());
        // clearing the builder token falls back to the URL's
        assertThat(Config.builder("http://h?authToken=fromUrl").authToken("x").build().toBuilder()
                .authToken(null).build().authToken()).isEqualTo("fromUrl");
    }

    @Test
    void toBuilderOfMinimalConfig() {
        Config c = Config.builder(":memory:").build();
        assertSame(c, c.toBuilder().build());
    }

    private static void assertSame(Config c, Config d) {
        assertThat(d.url()).isEqualTo(c.url());
        assertThat(d.authToken()).isEqualTo(c.authToken());
        assertThat(d.encryptionKey()).isEqualTo(c.encryptionKey());
        assertThat(d.syncUrl()).isEqualTo(c.syncUrl());
        assertThat(d.syncInterval()).isEqualTo(c.syncInterval());
        assertThat(d.connectTimeout()).isEqualTo(c.connectTimeout());
        assertThat(d.requestTimeout()).isEqualTo(c.requestTimeout());
        assertThat(d.busyTimeout()).isEqualTo(c.busyTimeout());
        assertThat(d.maxConcurrentRequests()).isEqualTo(c.maxConcurrentRequests());
        assertThat(d.transportOptions()).isEqualTo(c.transportOptions());
    }

    // ---- validation: every setter names its field ----

    static Stream<Arguments> badSettings() {
        return Stream.of(
                bad("authToken", b -> b.authToken("")),
                bad("authToken", b -> b.authToken("  ")),
                bad("encryptionKey", b -> b.encryptionKey(new byte[0])),
                bad("syncUrl", b -> b.syncUrl("file:other.db")),
                bad("syncInterval", b -> b.syncInterval(Duration.ZERO)),
                bad("syncInterval", b -> b.syncInterval(Duration.ofSeconds(-1))),
                bad("connectTimeout", b -> b.connectTimeout(Duration.ZERO)),
                bad("connectTimeout", b -> b.connectTimeout(Duration.ofMillis(-1))),
                bad("connectTimeout", b -> b.connectTimeout(null)),
                bad("requestTimeout", b -> b.requestTimeout(Duration.ZERO)),
                bad("requestTimeout", b -> b.requestTimeout(null)),
                bad("busyTimeout", b -> b.busyTimeout(Duration.ofMillis(-1))),
                bad("busyTimeout", b -> b.busyTimeout(null)),
                bad("maxConcurrentRequests", b -> b.maxConcurrentRequests(0)),
                bad("maxConcurrentRequests", b -> b.maxConcurrentRequests(-5)),
                bad("transport option key", b -> b.transportOption(null, 1)));
    }

    private static Arguments bad(String field, Consumer<Config.Builder> setter) {
        return Arguments.of(field, setter);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void setterRejectsAtOnceNamingTheField(String field, Consumer<Config.Builder> setter) {
        Config.Builder b = Config.builder("file:replica.db");
        assertThatThrownBy(() -> setter.accept(b))
                .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class)
                .hasMessageContaining(field);
    }

    @Test
    void syncUrlIsValidatedAsAUrl() {
        assertThatThrownBy(() -> Config.builder("file:r.db").syncUrl("ftp://h"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ftp'");
    }

    @Test
    void emptyUrl() {
        assertThatThrownBy(() -> Config.builder(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url is empty");
        assertThatThrownBy(() -> Config.builder(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url is empty");
    }

    @Test
    void badUrlFailsAtBuild() {
        Config.Builder b = Config.builder("ftp://h");
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ftp'");
    }

    @Test
    void syncUrlNeedsAFileUrl() {
        assertThatThrownBy(() -> Config.builder("http://h").syncUrl("http://p").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("syncUrl");
        assertThatThrownBy(() -> Config.builder(":memory:").syncUrl("http://p").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("syncUrl");
    }

    @Test
    void encryptionKeyNotForRemote() {
        assertThatThrownBy(() -> Config.builder("libsql://h").encryptionKey(new byte[] {1}).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encryptionKey");
    }

    @Test
    void nullClearsOptionalSettings() {
        Config c = Config.builder("file:a.db").authToken("t").authToken(null).encryptionKey(new byte[] {1})
                .encryptionKey(null).syncUrl("http://p").syncUrl(null).syncInterval(Duration.ofSeconds(1))
                .syncInterval(null).build();
        assertThat(c.authToken()).isNull();
        assertThat(c.encryptionKey()).isNull();
        assertThat(c.syncUrl()).isNull();
        assertThat(c.syncInterval()).isNull();
    }

    @Test
    void toStringShowsSettings() {
        String s = Config.builder("file:a.db").syncUrl("http://p:1").syncInterval(Duration.ofSeconds(5))
                .maxConcurrentRequests(9).transportOption("opt", "v").build().toString();
        assertThat(s).contains("file:a.db", "http://p:1", "PT5S", "maxConcurrentRequests=9", "opt",
                "authToken=none", "encryptionKey=none");
    }
}
