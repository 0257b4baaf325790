package dev.libsql4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.libsql4j.fake.FakeTransport;
import dev.libsql4j.fake.FakeTransportProvider;
import dev.libsql4j.spi.DatabaseUrl;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The auth token and the encryption key never show in toString() or in an error message. */
class SecretRedactionTest {
    private static final String TOKEN = "SECRETtok3n.eyJhbGciOiJFZERTQSJ9";
    private static final byte[] KEY = "SECRETKEY-0123456789abcdef-32byt".getBytes(StandardCharsets.US_ASCII);

    /** Every form the key could be printed in. */
    private static List<String> keyForms() {
        return List.of("SECRETKEY", HexFormat.of().formatHex(KEY), Base64.getEncoder().encodeToString(KEY),
                Arrays.toString(KEY).substring(1, 20));
    }

    private static void assertClean(String text) {
        assertThat(text).doesNotContain("SECRET");
        for (String form : keyForms()) {
            assertThat(text).doesNotContain(form);
        }
    }

    /** The message of t, its causes and their suppressed exceptions, and their toString. */
    private static void assertCleanThrowable(Throwable t) {
        assertThat(t).isNotNull();
        List<Throwable> all = new ArrayList<>();
        collect(t, all);
        for (Throwable x : all) {
            assertClean(String.valueOf(x.getMessage()));
            assertClean(x.toString());
        }
    }

    private static void collect(Throwable t, List<Throwable> out) {
        if (t == null || out.contains(t)) {
            return;
        }
        out.add(t);
        collect(t.getCause(), out);
        for (Throwable s : t.getSuppressed()) {
            collect(s, out);
        }
    }

    @Test
    void configToStringHidesTokenAndKey() {
        Config c = Config.builder("file:replica.db?authToken=" + TOKEN)
                .authToken(TOKEN + "2")
                .encryptionKey(KEY)
                .syncUrl("libsql://primary?authToken=" + TOKEN + "3")
                .build();
        assertClean(c.toString());
        assertClean(c.parsedUrl().toString());
        assertClean(c.toBuilder().build().toString());
        assertThat(c.toString()).contains("authToken=***", "encryptionKey=***");
    }

    @Test
    void remoteConfigToStringHidesToken() {
        Config c = Config.builder("libsql://db-org.turso.io?authToken=" + TOKEN + "&tls=1").build();
        assertThat(c.authToken()).isEqualTo(TOKEN);
        assertClean(c.toString());
        assertClean(c.parsedUrl().toString());

        Config encodedKey = Config.builder("libsql://h?auth%54oken=" + TOKEN).build();
        assertThat(encodedKey.authToken()).isEqualTo(TOKEN);
        assertClean(encodedKey.toString());
        assertClean(encodedKey.parsedUrl().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "libsql://h?authToken=%s&tls=2",
        "http://h?authToken=%s&tls=1",
        "libsql://h?authToken=%s&bogus=1",
        "libsql://h?authToken=%s&authToken=%s",
        "libsql://h?authToken=%s&x=%%zz",
        "libsql://h:0?authToken=%s",
        "libsql://h:99999?authToken=%s",
        "libsql://h:abc?authToken=%s",
        "libsql://h/a b?authToken=%s",
        "libsql://h/db?authToken=%s#frag",
        "libsql://?authToken=%s",
        "http:///db?authToken=%s",
        "ws://h?authToken=%s&tls=1",
        "wss://h?authToken=%s&transport=http",
        "ftp://h?authToken=%s",
        "file://server/x.db?authToken=%s",
        "file:?authToken=%s",
        "http://user:%s@h",
        "http://%s@h:abc",
        "libsql://h?token=%s",
        "libsql://h?AuthToken=%s",
        "libsql://h?auth%%54oken=%s&tls=7",
    })
    void urlErrorsNeverShowTheToken(String pattern) {
        String url = pattern.replace("%s", TOKEN).replace("%%", "%");
        assertThat(url).contains(TOKEN);
        Throwable viaParse = catchThrowable(() -> DatabaseUrl.parse(url));
        assertThat(viaParse).isInstanceOf(IllegalArgumentException.class);
        assertCleanThrowable(viaParse);
        assertCleanThrowable(catchThrowable(() -> Config.builder(url).build()));
        assertCleanThrowable(catchThrowable(() -> LibSql.open(url)));
        assertCleanThrowable(catchThrowable(() -> Config.builder("file:r.db").syncUrl(url)));
    }

    @Test
    void settingErrorsNeverShowTheSecrets() {
        assertCleanThrowable(catchThrowable(() ->
                Config.builder("libsql://h?authToken=" + TOKEN).encryptionKey(KEY).build()));
        assertCleanThrowable(catchThrowable(() ->
                Config.builder("http://h?authToken=" + TOKEN).syncUrl("http://p?authToken=" + TOKEN).build()));
        assertCleanThrowable(catchThrowable(() ->
                Config.builder(":memory:").encryptionKey(KEY).authToken(TOKEN).syncUrl("http://p?authToken=" + TOKEN)
                        .build()));
    }

    @Test
    void missingTransportErrorHidesTheToken() {
        Throwable t = catchThrowable(() -> LibSql.open("libsql://127.0.0.1:1?authToken=" + TOKEN));
        assertThat(t).isInstanceOf(LibSqlException.class);
        assertCleanThrowable(t);
    }

    @Test
    void resourceDescriptionsHideTheToken() {
        FakeTransport fake = new FakeTransport();
        Database db = FakeTransportProvider.open("file:fake.db?authToken=" + TOKEN, fake);
        Connection conn = db.connect();
        Cursor cursor = conn.query("SELECT 1", 1L);
        Transaction tx = conn.begin();
        assertClean(db.toString());
        assertClean(conn.toString());
        assertClean(db.config().toString());
        db.close();
        assertCleanThrowable(catchThrowable(() -> conn.execute("SELECT 1")));
        assertCleanThrowable(catchThrowable(cursor::next));
        assertCleanThrowable(catchThrowable(() -> tx.execute("SELECT 1")));
        assertCleanThrowable(catchThrowable(db::connect));
    }
}
