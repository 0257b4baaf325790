package dev.libsql4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.testkit.SqldExtension;

import com.sun.net.httpserver.HttpServer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Drives the shell in-process against a real sqld. */
class ShellRemoteIT {

    @RegisterExtension
    static final SqldExtension SQLD = new SqldExtension();

    @RegisterExtension
    static final SqldExtension FRESH = new SqldExtension();

    @TempDir
    Path tmp;

    private static String url() {
        return SQLD.server().url();
    }

    private static Cli.Run sql(String... commands) {
        String[] args = new String[2 + 2 * commands.length];
        args[0] = "--url";
        args[1] = url();
        for (int i = 0; i < commands.length; i++) {
            args[2 + 2 * i] = "-c";
            args[3 + 2 * i] = commands[i];
        }
        return Cli.run(null, args);
    }

    @Test
    void everyOutputMode() {
        Cli.Run setup = sql("CREATE TABLE modes(id INTEGER PRIMARY KEY, name TEXT, data BLOB, r REAL);"
                + "INSERT INTO modes VALUES (9007199254740993, 'ann', x'00ff', 1.5), (2, '日本語, \"q\"', NULL, NULL)");
        assertThat(setup.exit()).as(setup.toString()).isZero();
        String q = "SELECT * FROM modes ORDER BY id";

        Cli.Run table = Cli.run(null, "--url", url(), "-c", q);
        assertThat(table.exit()).as(table.toString()).isZero();
        assertThat(table.out()).contains("┌").contains("│ 9007199254740993 │ ann").contains("X'00FF'")
                .contains("日本語").doesNotContain("NULL");

        Cli.Run csv = Cli.run(null, "--url", url(), "--mode", "csv", "-c", q);
        assertThat(csv.out()).isEqualTo("id,name,data,r\r\n2,\"日本語, \"\"q\"\"\",,\r\n"
                + "9007199254740993,ann,X'00FF',1.5\r\n");

        Cli.Run json = Cli.run(null, "--url", url(), "--mode", "JSON", "-c", q);
        assertThat(json.out()).isEqualTo("[\n{\"id\":2,\"name\":\"日本語, \\\"q\\\"\",\"data\":null,\"r\":null},\n"
                + "{\"id\":9007199254740993,\"name\":\"ann\",\"data\":\"AP8=\",\"r\":1.5}\n]\n");

        Cli.Run line = Cli.run(".mode line\n" + q + ";\n", "--url", url());
        assertThat(line.out()).isEqualTo("  id = 2\nname = 日本語, \"q\"\ndata = \n   r = \n\n"
                + "  id = 9007199254740993\nname = ann\ndata = X'00FF'\n   r = 1.5\n");
    }

    /** Issue 11 defect 5: on start the shell says what answered, when it is not a libSQL server. */
    @Test
    void aWebServerThatIsNotLibsqlIsNamedAsSuch() throws IOException {
        HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/", ex -> {
            byte[] body = "<html><body>Not Found</body></html>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html");
            ex.sendResponseHeaders(404, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        web.start();
        try {
            String url = "http://127.0.0.1:" + web.getAddress().getPort();
            Cli.Run r = Cli.run("SELECT 1;\n", "--url", url);
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).startsWith("Error: " + url + " does not answer like a libSQL server")
                    .contains("HTTP 404").contains("Not Found");
        } finally {
            web.stop(0);
        }
    }

    @Test
    void databasesAndOpenOnAServer() {
        Cli.Run r = Cli.run(String.join("\n",
                ".databases",
                "CREATE TABLE open_r(a);",
                "BEGIN;",
                "INSERT INTO open_r VALUES (1);",
                ".open :memory:",
                ".databases",
                ".open " + url(),
                ".mode csv",
                "SELECT count(*) AS n FROM open_r;",
                ""), "--url", url());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("main: " + url() + " r/w\nmain: \"\" r/w\nn\r\n0\r\n");
        assertThat(r.err()).isEqualTo("note: the open transaction on the previous database was rolled back\n");
    }

    @Test
    void stdinScriptWithMultiLineStatementsAndTrigger() {
        String script = String.join("\n",
                "CREATE TABLE s1(x INTEGER, note TEXT);",
                "CREATE TABLE s1_log(x INTEGER);",
                "CREATE TRIGGER s1_tr AFTER INSERT ON s1 BEGIN",
                "  INSERT INTO s1_log VALUES (CASE WHEN new.x > 1 THEN new.x ELSE 0 END);",
                "END;",
                "INSERT INTO s1 VALUES (1, 'semi;colon'),",
                "  (2, 'multi",
                "line');",
                ".mode csv",
                "SELECT x, note FROM s1 ORDER BY x;",
                "SELECT sum(x) AS total FROM s1_log -- no semicolon at the end",
                "");
        Cli.Run r = Cli.run(script, "--url", url());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("x,note\r\n1,semi;colon\r\n2,\"multi\nline\"\r\n" + "total\r\n2\r\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void dotCommandsTablesSchemaIndexes() {
        Cli.Run setup = sql("CREATE TABLE dc_a(id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX dc_a_v ON dc_a(v);"
                + "CREATE TABLE dc_b(x); CREATE VIEW dc_v AS SELECT * FROM dc_a");
        assertThat(setup.exit()).as(setup.toString()).isZero();

        Cli.Run tables = sql(".tables dc_%");
        assertThat(tables.out().lines().toList()).containsExactly("dc_a", "dc_b", "dc_v");

        Cli.Run schema = sql(".schema dc_a");
        assertThat(schema.out()).isEqualTo("CREATE TABLE dc_a(id INTEGER PRIMARY KEY, v TEXT);\n"
                + "CREATE INDEX dc_a_v ON dc_a(v);\n");
        assertThat(sql(".schema").out()).contains("CREATE VIEW dc_v AS SELECT * FROM dc_a;");

        assertThat(sql(".indexes dc_a").out()).isEqualTo("dc_a_v\n");
        assertThat(sql(".indexes dc_b").out()).isEmpty();

        Cli.Run missing = sql(".schema nope_table");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("Error: no such table: nope_table");

        Cli.Run help = sql(".help");
        assertThat(help.out()).contains(".import FILE TABLE").contains(".dump");
    }

    @Test
    void dumpRoundTripsIntoAFreshDatabase() throws IOException {
        Cli.Run setup = sql(String.join("\n",
                "CREATE TABLE dump_t(id INTEGER PRIMARY KEY AUTOINCREMENT, i INTEGER, r REAL, t TEXT, b BLOB, n);",
                "INSERT INTO dump_t(i, r, t, b, n) VALUES",
                "  (9223372036854775807, 0.1, 'it''s', x'00010203fffe', NULL),",
                "  (-9223372036854775808, -1.5e300, 'line1",
                "line2 ; -- not a comment', x'', 1),",
                "  (0, 2.0, '日本語 \"q\"', zeroblob(3), 'text');",
                "CREATE INDEX dump_t_i ON dump_t(i);",
                "CREATE TABLE dump_log(msg TEXT);",
                "CREATE TRIGGER dump_tr AFTER DELETE ON dump_t BEGIN INSERT INTO dump_log VALUES ('gone'); END;",
                "CREATE VIEW dump_v AS SELECT id, t FROM dump_t;"));
        assertThat(setup.exit()).as(setup.toString()).isZero();

        Cli.Run dump = sql(".dump");
        assertThat(dump.exit()).as(dump.toString()).isZero();
        assertThat(dump.out()).startsWith("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n").endsWith("COMMIT;\n")
                .contains("X'00010203FFFE'").contains("9223372036854775807");

        Path file = tmp.resolve("dump.sql");
        Files.writeString(file, dump.out(), StandardCharsets.UTF_8);
        Cli.Run read = Cli.run(null, "--url", FRESH.server().url(), "-c", ".read " + file);
        assertThat(read.exit()).as(read.toString()).isZero();

        String check = "SELECT id, typeof(i), i, typeof(r), r, t, hex(b), typeof(b), quote(n) FROM dump_t ORDER BY id";
        Cli.Run before = Cli.run(null, "--url", url(), "--mode", "json", "-c", check);
        Cli.Run after = Cli.run(null, "--url", FRESH.server().url(), "--mode", "json", "-c", check);
        assertThat(after.out()).isEqualTo(before.out()).contains("\"typeof(b)\":\"blob\"");

        Cli.Run redump = Cli.run(null, "--url", FRESH.server().url(), "-c", ".dump");
        assertThat(redump.out()).isEqualTo(dump.out());

        // the trigger came along too
        Cli.Run del = Cli.run(null, "--url", FRESH.server().url(), "--mode", "csv",
                "-c", "DELETE FROM dump_t WHERE id = 1", "-c", "SELECT msg FROM dump_log");
        assertThat(del.out()).isEqualTo("msg\r\ngone\r\n");
    }

    @Test
    void readRunsAFileAndReportsMissingFiles() throws IOException {
        Path file = tmp.resolve("script.sql");
        Files.writeString(file, "CREATE TABLE rd(x);\nINSERT INTO rd VALUES (1), (2);\n.mode csv\nSELECT count(*) AS n FROM rd;\n");
        Cli.Run r = sql(".read '" + file + "'");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("n\r\n2\r\n");

        Cli.Run missing = sql(".read " + tmp.resolve("nope.sql"));
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("Error: cannot open").contains("no such file");
    }

    @Test
    void importsALargeCsvWithProgress() throws IOException {
        Path csv = tmp.resolve("big.csv");
        int n = 50_000;
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("id,name,comment\r\n");
            for (int i = 0; i < n; i++) {
                w.write(i + ",\"name, " + i + "\",\"says \"\"hi\"\"\nsecond line " + "x".repeat(10) + "\"\r\n");
            }
        }
        assertThat(Files.size(csv)).isGreaterThan(Shell.PROGRESS_BYTES);

        Cli.Run r = sql(".import " + csv + " imp", "SELECT count(*), count(DISTINCT id) FROM imp");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("importing [").contains("100%").endsWith("imported 50000 rows into imp\n");
        assertThat(r.out()).contains("│    50000 │              50000 │");

        Cli.Run one = Cli.run(null, "--url", url(), "--mode", "json", "-c",
                "SELECT id, name, comment FROM imp WHERE id = '49999'");
        assertThat(one.out()).isEqualTo("[\n{\"id\":\"49999\",\"name\":\"name, 49999\","
                + "\"comment\":\"says \\\"hi\\\"\\nsecond line xxxxxxxxxx\"}\n]\n");

        // into an existing table: the header names the columns
        Path small = tmp.resolve("small.csv");
        Files.writeString(small, "comment,id\nlast,50000\n");
        Cli.Run more = sql(".import " + small + " imp");
        assertThat(more.exit()).as(more.toString()).isZero();
        assertThat(more.err()).isEqualTo("imported 1 rows into imp\n");
        assertThat(sql("SELECT comment FROM imp WHERE id = '50000'").out()).contains("last");

        // a bad row rolls the whole import back
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "a,b\n1,2\n3,4,5\n");
        Cli.Run failed = sql(".import " + bad + " imp_bad");
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.err()).contains("line 3").contains("3 fields, but the header has 2");
        assertThat(sql(".tables imp_bad").out()).isEmpty();
    }

    @Test
    void badSqlExitsWithOneAndStops() {
        Cli.Run r = Cli.run("CREATE TABLE bad_t(x);\nSELEC 1;\nINSERT INTO bad_t VALUES (1);\n", "--url", url());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: ").contains("SELEC").containsPattern("\\([A-Z_0-9]+\\)\n$");
        assertThat(sql("SELECT count(*) AS n FROM bad_t").out()).contains("│ 0 │");

        Cli.Run c = sql("SELECT * FROM no_such_table");
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err()).contains("no such table: no_such_table");

        Cli.Run dot = sql(".bogus");
        assertThat(dot.exit()).isEqualTo(1);
        assertThat(dot.err()).contains("unknown command '.bogus'");

        Cli.Run sync = sql(".sync");
        assertThat(sync.exit()).isEqualTo(1);
        assertThat(sync.err()).startsWith("Error: ").contains("embedded replica");

        Cli.Run mode = sql(".mode xml");
        assertThat(mode.err()).contains("unknown mode 'xml'");
    }

    @Test
    void beginCommitAndRollbackSpanStatements() {
        String script = String.join("\n",
                "CREATE TABLE txn(x);",
                "BEGIN;",
                "INSERT INTO txn VALUES (1);",
                "INSERT INTO txn VALUES (2);",
                "ROLLBACK;",
                "BEGIN IMMEDIATE TRANSACTION;",
                "INSERT INTO txn VALUES (3);",
                "SELECT count(*) AS inside FROM txn;",
                "COMMIT;",
                "BEGIN;",
                "INSERT INTO txn VALUES (4);",
                "");  // no COMMIT: closing the shell rolls back
        Cli.Run r = Cli.run(script, "--url", url(), "--mode", "csv");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("inside\r\n1\r\n");
        assertThat(sql(".mode csv", "SELECT group_concat(x) AS xs FROM txn").out()).isEqualTo("xs\r\n3\r\n");

        Cli.Run commitAlone = sql("COMMIT");
        assertThat(commitAlone.exit()).isEqualTo(1);
        assertThat(commitAlone.err()).contains("no transaction is active");
    }

    @Test
    void largeResultsStreamPastThePipelineCap() {
        // ~22 MB of CSV: more than sqld's 10 MB pipeline response cap, so this only works via the cursor.
        Cli.Run r = sql(".mode csv", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) "
                + "SELECT x, printf('%0100d', x) AS pad FROM c");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().length()).isGreaterThan(10 << 20);
        assertThat(r.out()).startsWith("x,pad\r\n1,").endsWith("\r\n200000," + "0".repeat(94) + "200000\r\n");
        assertThat(r.out().split("\r\n", -1)).hasSize(200_002);
    }

    @Test
    void timerPrintsRunTime() {
        Cli.Run r = Cli.run(".timer on\nSELECT 1;\n", "--url", url());
        assertThat(r.err()).containsPattern("Run Time: real \\d+\\.\\d{3} s");
    }

    @Test
    void badUrlsNameTheBadPart() {
        Cli.Run scheme = Cli.run(null, "--url", "ftp://example.com/db", "-c", "SELECT 1");
        assertThat(scheme.exit()).isEqualTo(1);
        assertThat(scheme.err()).startsWith("Error: ").contains("ftp");

        Cli.Run param = Cli.run(null, "--url", url() + "?bogus=1", "-c", "SELECT 1");
        assertThat(param.exit()).isEqualTo(1);
        assertThat(param.err()).startsWith("Error: ").contains("bogus");

        Cli.Run refused = Cli.run(null, "--url", "http://127.0.0.1:1", "-c", "SELECT 1");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).startsWith("Error: ").contains("127.0.0.1:1");
    }

    @Test
    void helpAndVersion() {
        Cli.Run help = Cli.run(null, "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--url").contains("--auth-token").contains("--sync-url")
                .contains("--encryption-key-file").contains("-c").contains("--mode").contains("table, csv, json, line");
        Cli.Run version = Cli.run(null, "--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("libsql4j ");
        Cli.Run usage = Cli.run(null, "--mode", "xml");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("--mode");
    }
}
