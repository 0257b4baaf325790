package dev.libsql4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

    @Test
    void libsqlUrlIsRemoteWithHostAndNoPort() {
        DatabaseUrl u = DatabaseUrl.parse("libsql://db-org.turso.io");
        assertThat(u.kind()).isEqualTo(DatabaseUrl.Kind.REMOTE);
        assertThat(u.scheme()).isEqualTo("libsql");
        assertThat(u.host()).isEqualTo("db-org.turso.io");
        assertThat(u.port()).isEqualTo(-1);
        assertThat(u.path()).isEmpty();
        assertThat(u.params()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1:8080,       http,   127.0.0.1,     8080,  ''",
        "https://example.com,         https,  example.com,   -1,    ''",
        "https://example.com:443/db,  https,  example.com,   443,   /db",
        "libsql://h:1/a/b,            libsql, h,             1,     /a/b",
        "http://h:65535,              http,   h,             65535, ''",
        "HTTP://Example.com:80/,      http,   Example.com,   80,    /",
        "http://[::1]:8080,           http,   [::1],         8080,  ''",
    })
    void remoteForms(String url, String scheme, String host, int port, String path) {
        DatabaseUrl u = DatabaseUrl.parse(url);
        assertThat(u.kind()).isEqualTo(DatabaseUrl.Kind.REMOTE);
        assertThat(u.scheme()).isEqualTo(scheme);
        assertThat(u.host()).isEqualTo(host);
        assertThat(u.port()).isEqualTo(port);
        assertThat(u.path()).isEqualTo(path);
        assertThat(u.raw()).isEqualTo(url);
    }

    @Test
    void surroundingWhitespaceIsTrimmed() {
        DatabaseUrl u = DatabaseUrl.parse("  http://h:1  ");
        assertThat(u.host()).isEqualTo("h");
        assertThat(u.raw()).isEqualTo("http://h:1");
    }

    @ParameterizedTest
    @CsvSource({
        "file:app.db,                   app.db",
        "file:data/app.db,              data/app.db",
        "file:/abs/app.db,              /abs/app.db",
        "file:///abs/app.db,            /abs/app.db",
        "file://localhost/abs/app.db,   /abs/app.db",
        "FILE:app.db,                   app.db",
    })
    void fileForms(String url, String path) {
        DatabaseUrl u = DatabaseUrl.parse(url);
        assertThat(u.kind()).isEqualTo(DatabaseUrl.Kind.FILE);
        assertThat(u.scheme()).isEqualTo("file");
        assertThat(u.path()).isEqualTo(path);
        assertThat(u.host()).isNull();
        assertThat(u.port()).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {":memory:", "file::memory:", " :memory: "})
    void memoryForms(String url) {
        DatabaseUrl u = DatabaseUrl.parse(url);
        assertThat(u.kind()).isEqualTo(DatabaseUrl.Kind.MEMORY);
        assertThat(u.path()).isEqualTo(":memory:");
    }

    @Test
    void queryParametersAreDecoded() {
        DatabaseUrl u = DatabaseUrl.parse("libsql://h?authToken=a%2Bb%3D&tls=0");
        assertThat(u.params()).isEqualTo(Map.of("authToken", "a+b=", "tls", "0"));
        assertThat(u.param("authToken")).isEqualTo("a+b=");
        assertThat(u.param("tls")).isEqualTo("0");
        assertThat(u.param("other")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"libsql://h?tls=0", "libsql://h?tls=1", "http://h?authToken=t", "https://h/p?authToken=t"})
    void acceptedParameters(String url) {
        assertThat(DatabaseUrl.parse(url).params()).isNotEmpty();
    }

    @Test
    void paramsAreUnmodifiable() {
        DatabaseUrl u = DatabaseUrl.parse("http://h?authToken=t");
        assertThatThrownBy(() -> u.params().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- rejections: each message names the bad part ----

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void emptyUrl(String url) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void nullUrl() {
        assertThatThrownBy(() -> DatabaseUrl.parse(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @ParameterizedTest
    @CsvSource({"ftp://h/x, ftp", "postgres://h, postgres", "jdbc:libsql://h, jdbc"})
    void unknownScheme(String url, String scheme) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scheme '" + scheme + "'")
                .hasMessageContaining("libsql://");
    }

    @Test
    void noSchemeAtAll() {
        assertThatThrownBy(() -> DatabaseUrl.parse("app.db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scheme")
                .hasMessageContaining("app.db");
    }

    @ParameterizedTest
    @CsvSource({"app.db, file:app.db", "data/app.db, file:data/app.db", "/tmp/x.db, file:/tmp/x.db"})
    void aBarePathSuggestsAFileUrl(String url, String suggestion) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + url + "' has no scheme")
                .hasMessageContaining("for a local file use " + suggestion);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8080", "localhost:8080", "db.example.com:443/db", "[::1]:8080"})
    void hostAndPortWithoutSchemeSuggestsHttp(String url) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + url + "' has no scheme")
                .hasMessageContaining("http://" + url)
                .hasMessageContaining("libsql://" + url);
    }

    @Test
    void hostAndPortSuggestionHidesTheToken() {
        assertThatThrownBy(() -> DatabaseUrl.parse("127.0.0.1:8080?authToken=sekrit"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://127.0.0.1:8080?authToken=***")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sekrit"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws://h:8080", "wss://h", "libsql://h?transport=ws", "libsql://h?tls=0&transport=ws"})
    void webSocketUrlsAreRemoteAndAskForWebSocket(String url) {
        DatabaseUrl u = DatabaseUrl.parse(url);
        assertThat(u.kind()).isEqualTo(DatabaseUrl.Kind.REMOTE);
        assertThat(u.host()).isEqualTo("h");
        assertThat(u.isWebSocket()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"libsql://h", "libsql://h?transport=http", "https://h", "http://h:8080"})
    void otherRemoteUrlsStayOnHttp(String url) {
        assertThat(DatabaseUrl.parse(url).isWebSocket()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"libsql://h?transport=grpc", "http://h?transport=ws", "ws://h?transport=http"})
    void transportParameterIsCheckedAndOnlyForLibsqlUrls(String url) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'transport'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://", "http:///db", "libsql://?tls=0", "https://:8080"})
    void missingHost(String url) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
    }

    @ParameterizedTest
    @CsvSource({"http://h:0, 0", "http://h:65536, 65536", "http://h:99999, 99999", "http://h:abc, abc",
                "http://h:80x/db, 80x", "http://h:-1, -1"})
    void badPort(String url, String port) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port")
                .hasMessageContaining(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://user@h", "https://user:pw@h:8080/x", "libsql://tok@h"})
    void userInfo(String url) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user info")
                .hasMessageContaining("authToken");
    }

    @Test
    void fragment() {
        assertThatThrownBy(() -> DatabaseUrl.parse("http://h/db#frag"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fragment");
    }

    @Test
    void unknownParameterIsNamed() {
        assertThatThrownBy(() -> DatabaseUrl.parse("libsql://h?authToken=t&timeout=5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'timeout'")
                .hasMessageContaining("authToken, encoding, tls and transport");
    }

    @Test
    void encodingParameterIsCheckedAndKept() {
        assertThat(DatabaseUrl.parse("http://h:8080?encoding=protobuf").param("encoding")).isEqualTo("protobuf");
        assertThat(DatabaseUrl.parse("libsql://h?encoding=json&authToken=t").param("encoding")).isEqualTo("json");
        assertThatThrownBy(() -> DatabaseUrl.parse("http://h?encoding=xml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'encoding'").hasMessageContaining("json, protobuf or auto").hasMessageContaining("xml");
    }

    @Test
    void parameterNamesAreCaseSensitive() {
        assertThatThrownBy(() -> DatabaseUrl.parse("libsql://h?authtoken=t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'authtoken'");
    }

    @Test
    void duplicateParameter() {
        assertThatThrownBy(() -> DatabaseUrl.parse("libsql://h?tls=0&tls=1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tls'")
                .hasMessageContaining("twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://h?tls=0", "https://h?tls=1"})
    void tlsOnlyForLibsql(String url) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tls'")
                .hasMessageContaining("libsql://");
    }

    @ParameterizedTest
    @CsvSource({"libsql://h?tls=2, '2'", "libsql://h?tls=true, 'true'", "libsql://h?tls, ''"})
    void tlsValue(String url, String shown) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tls'")
                .hasMessageContaining("0 or 1")
                .hasMessageContaining(shown);
    }

    @Test
    void malformedPercentEncoding() {
        assertThatThrownBy(() -> DatabaseUrl.parse("http://h?authToken=%zz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Malformed")
                .hasMessageContaining("escape");
        assertThatThrownBy(() -> DatabaseUrl.parse("file:a.db?x=%zz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percent-encoding");
    }

    @Test
    void malformedSyntax() {
        assertThatThrownBy(() -> DatabaseUrl.parse("http://h/a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Malformed URL");
    }

    @Test
    void fileUrlWithRemoteHost() {
        assertThatThrownBy(() -> DatabaseUrl.parse("file://server/share/app.db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'server'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:", "file://", "file:?x=1"})
    void fileUrlWithoutPath(String url) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no path");
    }

    // ---- redaction ----

    @Test
    void toStringHidesTheToken() {
        DatabaseUrl u = DatabaseUrl.parse("libsql://h?authToken=SECRET123&tls=0");
        assertThat(u.toString()).isEqualTo("libsql://h?authToken=***&tls=0");
        assertThat(u.raw()).contains("SECRET123");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://h?authToken=SECRET123",
        "http://h?AUTHTOKEN=SECRET123",
        "http://h?auth%54oken=SECRET123",
        "http://h?token=SECRET123",
        "http://h?x=1&authToken=SECRET123#frag",
        "http://user:SECRET123@h",
        "http://SECRET123@h/x",
        "http://u:p@ss:SECRET123@h/x",
    })
    void redactHidesCredentials(String url) {
        assertThat(DatabaseUrl.redact(url)).doesNotContain("SECRET123").contains("***");
    }

    @Test
    void redactKeepsTheRest() {
        assertThat(DatabaseUrl.redact("http://h:8080/p?tls=1&authToken=x#f")).isEqualTo("http://h:8080/p?tls=1&authToken=***#f");
        assertThat(DatabaseUrl.redact("file:app.db")).isEqualTo("file:app.db");
        assertThat(DatabaseUrl.redact(null)).isNull();
    }
}
