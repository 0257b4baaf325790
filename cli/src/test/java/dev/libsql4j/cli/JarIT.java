package dev.libsql4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.testkit.SqldExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar as users run it: a child JVM, stdin piped in, exit codes checked. */
class JarIT {

    @RegisterExtension
    static final SqldExtension SQLD = new SqldExtension();

    @TempDir
    Path tmp;

    @Test
    void jarRunsAScriptFromStdin() throws Exception {
        String script = "CREATE TABLE jar_t(x INTEGER, y TEXT);\nINSERT INTO jar_t VALUES (1, 'ü'), (2, '日本');\n"
                + "SELECT * FROM jar_t ORDER BY x;\n";
        Cli.Run r = JarProcess.run(tmp, Map.of(), script, "--url", SQLD.server().url());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(String.join("\n",
                "┌───┬──────┐",
                "│ x │ y    │",
                "├───┼──────┤",
                "│ 1 │ ü    │",
                "│ 2 │ 日本 │",
                "└───┴──────┘",
                ""));
    }

    /** Issue 11 defect 3: {@code --url host:port} made a local file of that name and exited 0. */
    @Test
    void jarRejectsAUrlWithoutSchemeAndCreatesNoFile() throws Exception {
        Cli.Run r = JarProcess.run(tmp, Map.of(), null, "--url", "127.0.0.1:" + SQLD.server().port(), "-c", "SELECT 1");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("has no scheme").contains("use http://127.0.0.1:" + SQLD.server().port());
        try (var files = Files.list(tmp)) {
            assertThat(files.toList()).as("files the shell left in its working directory").isEmpty();
        }
    }

    /** Issue 11 defect 5: the prompt said "connected to" when nothing listened. */
    @Test
    void jarSaysWhatFailedWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        Cli.Run prompt = JarProcess.run(tmp, Map.of(), "SELECT 1;\n.quit\n", "--interactive", "--url", url);
        assertThat(prompt.exit()).as(prompt.toString()).isEqualTo(1);
        assertThat(prompt.out()).doesNotContain("connected to");
        assertThat(prompt.err()).contains("Error: Cannot open " + url + ": ").containsIgnoringCase("connection refused")
                .contains("(CONNECT_FAILED)");

        Cli.Run script = JarProcess.run(tmp, Map.of(), "SELECT 1;\n", "--url", url);
        assertThat(script.exit()).isEqualTo(1);
        assertThat(script.out()).isEmpty();
        assertThat(script.err()).contains("Error: Cannot open " + url + ": ").containsIgnoringCase("connection refused");
    }

    @Test
    void jarPromptConnectsToALiveServer() throws Exception {
        Cli.Run r = JarProcess.run(tmp, Map.of(), "SELECT 40 + 2 AS answer;\n.quit\n",
                "--interactive", "--mode", "csv", "--url", SQLD.server().url());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("connected to " + SQLD.server().url()).contains("answer\r\n42\r\n");
    }

    @Test
    void jarExitsWithOneOnTheFirstError() throws Exception {
        Cli.Run r = JarProcess.run(tmp, Map.of(), "SELECT 1;\nSELECT * FROM missing_jar;\nSELECT 3;\n",
                "--url", SQLD.server().url(), "--mode", "csv");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("1\r\n1\r\n");
        assertThat(r.err()).startsWith("Error: ").contains("no such table: missing_jar");
    }

    @Test
    void jarHelpVersionAndCommand() throws Exception {
        Cli.Run help = JarProcess.run(tmp, Map.of(), null, "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: libsql4j");
        Cli.Run version = JarProcess.run(tmp, Map.of(), null, "--version");
        assertThat(version.out()).matches("libsql4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java .*\\)\\n");
        Cli.Run c = JarProcess.run(tmp, Map.of(), null, "--url", SQLD.server().url(), "--mode", "json",
                "-c", "SELECT 9223372036854775807 AS big, x'cafe' AS b");
        assertThat(c.out()).isEqualTo("[\n{\"big\":9223372036854775807,\"b\":\"yv4=\"}\n]\n");
    }

    @Test
    void jarKeepsEveryTransportProvider() throws IOException {
        try (JarFile jar = new JarFile(JarProcess.jar().toFile());
             InputStream s = jar.getInputStream(jar.getEntry("META-INF/services/dev.libsql4j.spi.TransportProvider"))) {
            String services = new String(s.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(services).contains("dev.libsql4j.http.HttpTransportProvider");
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.libsql4j.cli.Main");
        }
    }
}
