package dev.libsql4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.Connection;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.Statement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sqlite3-style dot commands and arguments on local databases (embedded transport):
 * {@code .nullvalue}, {@code .headers}, {@code .output}, {@code .open}, {@code .bail},
 * {@code .databases}, {@code .mode box|table}, {@code libsql4j FILE SQL}, and REALs as sqlite3
 * prints them.
 */
class ShellCommandsIT {

    @TempDir
    Path tmp;

    @Test
    void databaseAndSqlAsArgumentsLikeSqlite3() {
        Path db = tmp.resolve("app.db");
        Cli.Run w = Cli.run(null, db.toString(), "CREATE TABLE t(x); INSERT INTO t VALUES (7)", ".tables");
        assertThat(w.exit()).as(w.toString()).isZero();
        assertThat(w.out()).isEqualTo("t\n");
        Cli.Run r = Cli.run(null, db.toString(), "SELECT x FROM t");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("┌───┐\n│ x │\n├───┤\n│ 7 │\n└───┘\n");
    }

    @Test
    void nullIsEmptyByDefaultAndNullvalueChangesIt() {
        String q = "SELECT NULL AS n, 'NULL' AS t, '' AS e;\n";
        Cli.Run byDefault = Cli.run(q, ":memory:");
        assertThat(byDefault.out()).as(byDefault.toString()).isEqualTo("""
                ┌───┬──────┬───┐
                │ n │ t    │ e │
                ├───┼──────┼───┤
                │   │ NULL │   │
                └───┴──────┴───┘
                """);
        Cli.Run set = Cli.run(".nullvalue ∅\n" + q + ".mode line\n" + q + ".mode csv\n" + q, ":memory:");
        assertThat(set.exit()).as(set.toString()).isZero();
        assertThat(set.out()).isEqualTo("""
                ┌───┬──────┬───┐
                │ n │ t    │ e │
                ├───┼──────┼───┤
                │ ∅ │ NULL │   │
                └───┴──────┴───┘
                n = ∅
                t = NULL
                e = \n""" + "n,t,e\r\n∅,NULL,\r\n");
        Cli.Run option = Cli.run(null, "--nullvalue", "(null)", "--mode", "csv", ":memory:", "SELECT NULL AS n");
        assertThat(option.out()).isEqualTo("n\r\n(null)\r\n");
    }

    @Test
    void headersOffDropsTheCsvHeaderAndModeTableIsAscii() {
        Cli.Run r = Cli.run(".mode csv\n.headers off\nSELECT 1 AS a, 'x' AS b;\n.headers on\nSELECT 2 AS a;\n"
                + ".mode table\nSELECT 3 AS a, 'yy' AS b;\n.mode\n", ":memory:");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("1,x\r\na\r\n2\r\n+---+----+\n| a | b  |\n+---+----+\n| 3 | yy |\n+---+----+\n"
                + "current output mode: table\n");
    }

    @Test
    void outputGoesToAFileUntilOutputAlone() throws IOException {
        Path file = tmp.resolve("out.csv");
        Files.writeString(file, "old content that must be replaced\n");
        Cli.Run r = Cli.run(".mode csv\n.output '" + file + "'\nSELECT 1 AS one;\n.dump\n.output\nSELECT 2 AS two;\n",
                ":memory:");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("two\r\n2\r\n");
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .isEqualTo("one\r\n1\r\nPRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCOMMIT;\n");
    }

    @Test
    void openSwitchesDatabasesAndRollsBackWhatWasOpen() {
        Path a = tmp.resolve("a.db");
        Path b = tmp.resolve("b.db");
        Cli.Run r = Cli.run(String.join("\n",
                ".bail off",
                "CREATE TABLE in_a(x);",
                "BEGIN;",
                "INSERT INTO in_a VALUES ('never committed');",
                ".open '" + b + "'",
                "CREATE TABLE in_b(y);",
                ".tables",
                ".open nothing-here:1",
                ".tables",
                ".open '" + a + "'",
                ".mode csv",
                "SELECT count(*) AS n FROM in_a;",
                ".databases",
                ".open",
                ".databases",
                ""), a.toString());
        assertThat(r.out()).as(r.toString()).isEqualTo(String.join("\n",
                "in_b",
                "in_b",
                "n\r",
                "0\r",
                "main: " + a.toAbsolutePath() + " r/w",
                "main: \"\" r/w",
                ""));
        assertThat(r.err()).isEqualTo("note: the open transaction on the previous database was rolled back\n"
                + "Error: Database URL 'nothing-here:1' has no scheme; for a server use http://nothing-here:1"
                + " (plain HTTP, how sqld listens by default) or libsql://nothing-here:1 (TLS)\n");
        assertThat(b).exists();
    }

    @Test
    void bailOffRunsOnAfterAnErrorAndStillExitsWithOne() {
        Cli.Run off = Cli.run(".bail off\n.mode csv\nSELECT * FROM missing;\nSELECT 'after' AS s;\n", ":memory:");
        assertThat(off.exit()).isEqualTo(1);
        assertThat(off.out()).isEqualTo("s\r\nafter\r\n");
        assertThat(off.err()).contains("no such table: missing");

        Cli.Run on = Cli.run(".mode csv\nSELECT * FROM missing;\nSELECT 'after' AS s;\n", ":memory:");
        assertThat(on.exit()).isEqualTo(1);
        assertThat(on.out()).isEmpty();

        Cli.Run bad = Cli.run(".bail maybe\n", ":memory:");
        assertThat(bad.err()).isEqualTo("Error: usage: .bail on|off\n");
    }

    @Test
    void realsPrintAsSqlite3PrintsThem() {
        String q = "SELECT 1e308 AS a, 0.1 + 0.2 AS b, 123456789012345.6 AS c, 1e15 AS d, 9e999 AS e, 2.0 AS f;";
        Cli.Run csv = Cli.run(null, "--mode", "csv", ":memory:", q);
        assertThat(csv.out()).as(csv.toString()).isEqualTo(
                "a,b,c,d,e,f\r\n1.0e+308,0.3,123456789012346.0,1.0e+15,Inf,2.0\r\n");
        Cli.Run box = Cli.run(null, ":memory:", "SELECT 1e-5 AS small, -0.5 AS neg");
        assertThat(box.out()).isEqualTo("""
                ┌─────────┬──────┐
                │ small   │ neg  │
                ├─────────┼──────┤
                │ 1.0e-05 │ -0.5 │
                └─────────┴──────┘
                """);
    }

    /** REALs in {@code .dump} read back as the very same doubles, through SQLite's own parser. */
    @Test
    void dumpedRealsReadBackBitForBit() throws IOException {
        Path src = tmp.resolve("reals.db");
        List<Double> values = new ArrayList<>(List.of(1e308, 0.1 + 0.2, 123456789012345.6, 1e15, 1e16, 4.9e-324,
                2.2250738585072014E-308, Double.MAX_VALUE, -1.5e-300, 0.1, 1e-5, 1e23, 9007199254740993.0,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        SplittableRandom random = new SplittableRandom(42);
        while (values.size() < 2_000) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (!Double.isNaN(d)) {
                values.add(d);
            }
        }
        try (Database db = LibSql.open("file:" + src); Connection c = db.connect()) {
            c.execute("CREATE TABLE r(id INTEGER PRIMARY KEY, x REAL)");
            List<Statement> inserts = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                inserts.add(Statement.of("INSERT INTO r VALUES (?, ?)", i, values.get(i)));
            }
            c.batch(inserts);
        }
        Cli.Run dump = Cli.run(null, src.toString(), ".dump");
        assertThat(dump.exit()).as(dump.toString()).isZero();
        assertThat(dump.out()).contains("INSERT INTO \"r\" VALUES(0,1.0e+308);")
                .contains("INSERT INTO \"r\" VALUES(1,0.30000000000000004);")
                .contains("INSERT INTO \"r\" VALUES(3,1000000000000000.0);")
                .contains("INSERT INTO \"r\" VALUES(13,9.0e+999);");
        Path file = tmp.resolve("reals.sql");
        Files.writeString(file, dump.out());
        String exact = "SELECT id, x FROM r ORDER BY id"; // JSON mode prints Java's exact round-trip form
        Cli.Run before = Cli.run(null, "--mode", "json", src.toString(), exact);
        Cli.Run after = Cli.run(null, "--mode", "json", ":memory:", ".read " + file, exact);
        assertThat(after.exit()).as(after.toString()).isZero();
        assertThat(after.out()).isEqualTo(before.out());
        assertThat(before.out()).contains("{\"id\":1,\"x\":0.30000000000000004}");
        Cli.Run again = Cli.run(null, ":memory:", ".read " + file, ".dump");
        assertThat(again.out()).isEqualTo(dump.out());
    }
}
