package dev.libsql4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.Connection;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.testkit.SqldExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shell after sqld lost its transaction (issue 11, defect 1): the exact sequence from the
 * issue, typed line by line into an interactive shell (errors do not stop it) over HTTP.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShellTransactionIT {

    @RegisterExtension
    static final SqldExtension SQLD = new SqldExtension();

    /** An interactive shell on one connection, recording what each line printed. */
    private static final class Session implements AutoCloseable {
        final Database db = LibSql.open(SQLD.server().url());
        final Connection conn = db.connect();
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        final PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        final Shell shell = new Shell(new Shell.Opened(db, conn), ps, ps, OutputMode.CSV, true, null, target -> {
            throw new IllegalStateException(".open is not used in this test");
        });
        final SqlSplitter splitter = new SqlSplitter();
        final StringBuilder transcript = new StringBuilder();

        /** Types one line; returns what it printed (stdout and stderr, in order). */
        String type(String line) {
            int from = buf.size();
            shell.runLine(splitter, line);
            byte[] all = buf.toByteArray();
            String printed = new String(Arrays.copyOfRange(all, from, all.length), StandardCharsets.UTF_8);
            transcript.append("libsql> ").append(line).append('\n').append(printed);
            return printed;
        }

        @Override
        public void close() {
            shell.close(); // closes the connection, then the database
        }
    }

    @Test
    void afterAnExpiredTransactionRollbackClearsItAndTheShellGoesOn() throws Exception {
        try (Session s = new Session()) {
            s.type("CREATE TABLE IF NOT EXISTS expiry(x);");
            String begin = s.type("BEGIN;");
            String select1 = s.type("SELECT 1;");
            Thread.sleep(12_000); // sqld expires a stream idle for 10 s
            String select2 = s.type("SELECT 2;");
            String rollback = s.type("ROLLBACK;");
            String commit = s.type("COMMIT;");
            String end = s.type("END;");
            String select3 = s.type("SELECT 3;");
            String tables = s.type(".tables");
            // A new transaction works, and commits.
            String begin2 = s.type("BEGIN;");
            s.type("INSERT INTO expiry VALUES (42);");
            String commit2 = s.type("COMMIT;");
            String read = s.type("SELECT group_concat(x) AS xs FROM expiry;");
            String t = s.transcript.toString();
            System.out.println("--- shell transcript (expired transaction)\n" + t);

            assertThat(begin).as(t).isEmpty();
            assertThat(select1).as(t).isEqualTo("1\r\n1\r\n");
            assertThat(select2).as(t).startsWith("Error: ").contains("STREAM_EXPIRED");
            assertThat(rollback).as("ROLLBACK clears the dead transaction quietly\n" + t).isEmpty();
            assertThat(commit).as(t).startsWith("Error: ").contains("no transaction is active");
            assertThat(end).as(t).startsWith("Error: ").contains("no transaction is active");
            assertThat(select3).as(t).isEqualTo("3\r\n3\r\n");
            assertThat(tables).as(t).contains("expiry");
            assertThat(begin2).as(t).isEmpty();
            assertThat(commit2).as(t).isEmpty();
            assertThat(read).as(t).isEqualTo("xs\r\n42\r\n");
        }
    }

    @Test
    void afterLosingTheWriteLockRollbackClearsItAndTheShellGoesOn() {
        try (Session s = new Session(); Database other = LibSql.open(SQLD.server().url());
             Connection b = other.connect()) {
            s.type("CREATE TABLE IF NOT EXISTS lock(who TEXT);");
            s.type("DELETE FROM lock;");
            assertThat(s.type("BEGIN IMMEDIATE;")).isEmpty();
            assertThat(s.type("INSERT INTO lock VALUES ('shell');")).isEmpty();
            // A second writer waits ~5 s, then sqld rolls the idle shell back and gives it the lock.
            try (Transaction tb = b.begin(TransactionMode.IMMEDIATE)) {
                tb.execute("INSERT INTO lock VALUES ('other')");
                tb.commit();
            }
            assertThat(s.type("INSERT INTO lock VALUES ('shell again');")).as(s.transcript.toString())
                    .startsWith("Error: ");
            assertThat(s.type("ROLLBACK;")).as("ROLLBACK clears the dead transaction quietly\n" + s.transcript)
                    .isEmpty();
            assertThat(s.type("SELECT group_concat(who) AS who FROM lock;")).as(s.transcript.toString())
                    .isEqualTo("who\r\nother\r\n");
            assertThat(s.type("BEGIN;")).as(s.transcript.toString()).isEmpty();
            assertThat(s.type("ROLLBACK;")).as(s.transcript.toString()).isEmpty();
            System.out.println("--- shell transcript (write lock lost)\n" + s.transcript);
        }
    }
}
