package dev.libsql4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line handling that needs no database. */
class MainTest {

    @TempDir
    Path tmp;

    @Test
    void barePathsBecomeFileUrls() {
        assertThat(Main.normalize("app.db")).isEqualTo("file:app.db");
        assertThat(Main.normalize("/tmp/x.db")).isEqualTo("file:/tmp/x.db");
        assertThat(Main.normalize(":memory:")).isEqualTo(":memory:");
        assertThat(Main.normalize("file:a.db")).isEqualTo("file:a.db");
        assertThat(Main.normalize("libsql://db.turso.io")).isEqualTo("libsql://db.turso.io");
        // host:port is kept, so that it fails with a hint instead of naming a local file
        assertThat(Main.normalize("127.0.0.1:8080")).isEqualTo("127.0.0.1:8080");
        assertThat(Main.normalize("localhost:8080")).isEqualTo("localhost:8080");
        assertThat(Main.DEFAULT_URL).isEqualTo("file:libsql4j.db");
    }

    @Test
    void bannerUrlDropsTheQuery() {
        assertThat(Main.displayUrl("libsql://h?authToken=secret")).isEqualTo("libsql://h");
    }

    @Test
    void usageErrorsExitWithTwo() {
        Cli.Run both = Cli.run(null, "a.db", "--url", "http://h");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("either as --url or as DATABASE");
        Cli.Run twice = Cli.run(null, "a.db", "SELECT 1", "-c", "SELECT 2");
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains("either with -c or after DATABASE");
        Cli.Run unknown = Cli.run(null, "--bogus");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--bogus'");
    }

    @Test
    void configErrorsNameTheBadPart() throws IOException {
        Cli.Run host = Cli.run(null, "--url", "libsql://", "-c", "SELECT 1");
        assertThat(host.exit()).isEqualTo(1);
        assertThat(host.err()).isEqualTo("Error: URL libsql:// has no host; expected libsql://host[:port]\n");

        Cli.Run replica = Cli.run(null, "--url", "http://h", "--sync-url", "http://h", "-c", "SELECT 1");
        assertThat(replica.err()).startsWith("Error: syncUrl needs a local file URL");

        Cli.Run key = Cli.run(null, "--url", "file:x.db", "--encryption-key-file", tmp.resolve("none").toString());
        assertThat(key.exit()).isEqualTo(1);
        assertThat(key.err()).contains("encryption key file").contains("does not exist");

        Path empty = Files.createFile(tmp.resolve("empty.key"));
        Cli.Run emptyKey = Cli.run(null, "--url", "file:x.db", "--encryption-key-file", empty.toString());
        assertThat(emptyKey.err()).contains("is empty");
    }

    @Test
    void aUrlWithoutSchemeIsRejectedWithAHintAndCreatesNoFile() throws IOException {
        Path stray = Path.of("127.0.0.1:8080");
        try {
            Cli.Run r = Cli.run(null, "--url", "127.0.0.1:8080", "-c", "SELECT 1");
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("'127.0.0.1:8080' has no scheme").contains("use http://127.0.0.1:8080");
            assertThat(stray).doesNotExist();

            Cli.Run positional = Cli.run(null, "127.0.0.1:8080", "SELECT 1");
            assertThat(positional.exit()).as(positional.toString()).isEqualTo(1);
            assertThat(positional.err()).contains("use http://127.0.0.1:8080");
            assertThat(stray).doesNotExist();

            Cli.Run path = Cli.run(null, "--url", "app.db", "-c", "SELECT 1");
            assertThat(path.exit()).isEqualTo(1);
            assertThat(path.err()).contains("for a local file use file:app.db");
            assertThat(Path.of("app.db")).doesNotExist();
        } finally {
            Files.deleteIfExists(stray);
        }
    }

    @Test
    void tokensAreRedacted() {
        assertThat(Shell.redact("bad token abc123 here", "abc123")).isEqualTo("bad token <redacted> here");
        assertThat(Shell.redact("nothing", null)).isEqualTo("nothing");
    }

    @Test
    void keywordsSkipComments() {
        assertThat(Shell.keywords("-- c\n/* x */ begin  immediate transaction", 3))
                .containsExactly("BEGIN", "IMMEDIATE", "TRANSACTION");
        assertThat(Shell.keywords("ROLLBACK TO sp", 3)).containsExactly("ROLLBACK", "TO", "SP");
        assertThat(Shell.streams("  (SELECT 1)")).isTrue();
        assertThat(Shell.streams("INSERT INTO t VALUES (1)")).isFalse();
    }

    @Test
    void dotCommandArgumentsHonourQuotes() {
        assertThat(Shell.splitArgs("import 'my file.csv' \"t 1\"")).containsExactly("import", "my file.csv", "t 1");
    }
}
