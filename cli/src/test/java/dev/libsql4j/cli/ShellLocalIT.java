package dev.libsql4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarFile;

import dev.libsql4j.testkit.SqldExtension;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell on local databases through the embedded transport. Fails (does not skip) when the
 * embedded transport is missing from the build.
 */
class ShellLocalIT {

    @RegisterExtension
    static final SqldExtension SQLD = new SqldExtension();

    @TempDir
    Path tmp;

    @BeforeAll
    static void embeddedTransportIsPresent() {
        Cli.Run r = Cli.run(null, "--url", ":memory:", "-c", "SELECT 1");
        if (r.exit() != 0) {
            fail("The embedded transport does not work in the cli module: build it with a Rust toolchain "
                    + "(bash scripts/build-native.sh; mvn -pl transport-embedded -am install). "
                    + "Shell said:\n" + r);
        }
    }

    @Test
    void memoryDatabaseInProcess() {
        Cli.Run r = Cli.run("CREATE TABLE m(x INTEGER, b BLOB);\nINSERT INTO m VALUES (1, x'01'), (2, NULL);\n"
                + ".mode csv\nSELECT * FROM m ORDER BY x;\n", ":memory:");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("x,b\r\n1,X'01'\r\n2,\r\n");
    }

    @Test
    void noArgumentsOpensLibsql4jDbInTheWorkingDirectory() throws Exception {
        Cli.Run create = JarProcess.run(tmp, Map.of(), "CREATE TABLE here(x);\nINSERT INTO here VALUES (42);\n");
        assertThat(create.exit()).as(create.toString()).isZero();
        assertThat(tmp.resolve("libsql4j.db")).exists();
        Cli.Run read = JarProcess.run(tmp, Map.of(), null, "--mode", "csv", "-c", "SELECT x FROM here");
        assertThat(read.exit()).as(read.toString()).isZero();
        assertThat(read.out()).isEqualTo("x\r\n42\r\n");
    }

    @Test
    void dumpOfAFileDatabaseRoundTripsIntoMemory() throws IOException {
        Path db = tmp.resolve("src.db");
        Cli.Run setup = Cli.run(null, db.toString(), "-c",
                "CREATE TABLE t(i INTEGER, r REAL, s TEXT, b BLOB); INSERT INTO t VALUES "
                        + "(-9223372036854775808, 1e-300, 'a''b\nc', x'00ff'), (NULL, NULL, NULL, NULL)");
        assertThat(setup.exit()).as(setup.toString()).isZero();
        Cli.Run dump = Cli.run(null, db.toString(), "-c", ".dump");
        Path file = tmp.resolve("dump.sql");
        Files.writeString(file, dump.out());
        Cli.Run back = Cli.run(null, ":memory:", "-c", ".read " + file, "-c", ".dump");
        assertThat(back.exit()).as(back.toString()).isZero();
        assertThat(back.out()).isEqualTo(dump.out());
    }

    @Test
    void encryptedFileNeedsItsKey() throws IOException {
        Path key = tmp.resolve("key.bin");
        Files.write(key, "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        Path db = tmp.resolve("secret.db");
        Cli.Run w = Cli.run(null, "--url", "file:" + db, "--encryption-key-file", key.toString(),
                "-c", "CREATE TABLE s(x); INSERT INTO s VALUES ('hidden')");
        assertThat(w.exit()).as(w.toString()).isZero();
        Cli.Run r = Cli.run(null, "--url", "file:" + db, "--encryption-key-file", key.toString(), "--mode", "csv",
                "-c", "SELECT x FROM s");
        assertThat(r.out()).isEqualTo("x\r\nhidden\r\n");
        assertThat(r.out() + r.err()).doesNotContain("0123456789abcdef");
        Cli.Run without = Cli.run(null, "--url", "file:" + db, "-c", "SELECT x FROM s");
        assertThat(without.exit()).isEqualTo(1);
        assertThat(without.err()).startsWith("Error: ");
    }

    @Test
    void replicaReadsWhatThePrimaryHasAndSyncs() {
        String primary = SQLD.server().url();
        Cli.Run w = Cli.run(null, "--url", primary, "-c", "CREATE TABLE rep(x); INSERT INTO rep VALUES ('first')");
        assertThat(w.exit()).as(w.toString()).isZero();
        String replica = "file:" + tmp.resolve("replica.db");
        Cli.Run r = Cli.run(null, "--url", replica, "--sync-url", primary, "--mode", "csv",
                "-c", "SELECT x FROM rep", "-c", "INSERT INTO rep VALUES ('second')", "-c", ".sync",
                "-c", "SELECT count(*) AS n FROM rep");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("x\r\nfirst\r\n").contains("synced ").endsWith("n\r\n2\r\n");
        Cli.Run p = Cli.run(null, "--url", primary, "--mode", "csv", "-c", "SELECT count(*) AS n FROM rep");
        assertThat(p.out()).isEqualTo("n\r\n2\r\n");
    }

    @Test
    void importIntoALocalFile() throws IOException {
        Path csv = tmp.resolve("local.csv");
        StringBuilder sb = new StringBuilder("k,v\n");
        for (int i = 0; i < 50_000; i++) {
            sb.append(i).append(",\"v, \"\"").append(i).append("\"\"\nend\"\n");
        }
        Files.writeString(csv, sb);
        Path db = tmp.resolve("imp.db");
        Cli.Run r = Cli.run(null, db.toString(), "--mode", "csv", "-c", ".import " + csv + " kv",
                "-c", "SELECT count(*) AS n, max(CAST(k AS INTEGER)) AS top FROM kv",
                "-c", "SELECT v FROM kv WHERE k = '7'");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).endsWith("imported 50000 rows into kv\n");
        assertThat(r.out()).isEqualTo("n,top\r\n50000,49999\r\nv\r\n\"v, \"\"7\"\"\nend\"\r\n");
    }

    @Test
    void jarBundlesTheEmbeddedProvider() throws IOException {
        try (JarFile jar = new JarFile(JarProcess.jar().toFile());
             InputStream s = jar.getInputStream(jar.getEntry("META-INF/services/dev.libsql4j.spi.TransportProvider"))) {
            assertThat(new String(s.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("dev.libsql4j.http.HttpTransportProvider")
                    .contains("dev.libsql4j.embedded.EmbeddedTransportProvider");
        }
    }
}
