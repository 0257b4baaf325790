package dev.libsql4j.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.ConstraintViolationException;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.EventListener;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.StatementEvent;
import dev.libsql4j.SyncEvent;
import dev.libsql4j.testkit.FaultProxy;
import dev.libsql4j.testkit.SqldExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The core's event listener on the embedded transport: a local file, and a replica's syncs from sqld. */
class EmbeddedEventListenerIT {
    @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

    @TempDir Path dir;

    static final class Recorder extends EventListener {
        final List<StatementEvent> ended = new CopyOnWriteArrayList<>();
        final List<RuntimeException> errors = new CopyOnWriteArrayList<>();
        final List<SyncEvent> syncs = new CopyOnWriteArrayList<>();

        @Override
        public void statementEnd(StatementEvent event) {
            ended.add(event);
        }

        @Override
        public void statementFailed(StatementEvent event, RuntimeException error) {
            errors.add(error);
        }

        @Override
        public void syncEnd(SyncEvent event) {
            syncs.add(event);
        }

        @Override
        public void syncFailed(Duration duration, RuntimeException error) {
            errors.add(error);
        }
    }

    @Test
    void aLocalFileReportsRowsAndErrorsAndNoBytes() {
        Recorder r = new Recorder();
        try (Database db = LibSql.open(Config.builder("file:" + dir.resolve("a.db")).eventListener(r).build());
             Connection c = db.connect()) {
            c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT UNIQUE)");
            c.execute("INSERT INTO t(v) VALUES ('a'), ('b'), ('c')");
            try (Cursor cur = c.query("SELECT v FROM t ORDER BY id")) {
                cur.forEach(row -> { });
            }
            assertThatThrownBy(() -> c.execute("INSERT INTO t(v) VALUES ('a')"))
                    .isInstanceOf(ConstraintViolationException.class);
        }
        assertThat(r.ended).extracting(StatementEvent::kind).containsExactly(StatementEvent.Kind.EXECUTE,
                StatementEvent.Kind.EXECUTE, StatementEvent.Kind.QUERY);
        assertThat(r.ended.get(1).rowsAffected()).isEqualTo(3);
        assertThat(r.ended.get(2).rowsRead()).isEqualTo(3);
        assertThat(r.ended).allSatisfy(e -> {
            assertThat(e.bytesSent()).isZero();
            assertThat(e.bytesReceived()).isZero();
        });
        assertThat(r.errors).hasSize(1);
        assertThat(((LibSqlException) r.errors.get(0)).code()).isEqualTo("SQLITE_CONSTRAINT_UNIQUE");
    }

    @Test
    void aReplicaReportsItsSyncsWithTheFramesPulled() {
        Recorder r = new Recorder();
        try (Database primary = LibSql.open(SQLD.server().url())) {
            primary.execute("CREATE TABLE IF NOT EXISTS synced(x INTEGER)");
            try (Database replica = LibSql.open(Config.builder("file:" + dir.resolve("r.db"))
                    .syncUrl(SQLD.server().url()).eventListener(r).build())) {
                primary.execute("INSERT INTO synced VALUES (1), (2)");
                replica.sync();
                assertThat(replica.execute("SELECT count(*) FROM synced").singleValue().toJava()).isEqualTo(2L);
            }
        }
        assertThat(r.syncs).hasSize(1);
        assertThat(r.syncs.get(0).result().framesSynced()).isPositive();
        assertThat(r.syncs.get(0).duration()).isPositive();
        assertThat(r.errors).isEmpty();
    }

    /**
     * Timed syncs (syncInterval) reach the listener like explicit ones, with the frames they pulled;
     * while the primary is unreachable they are failure events and the replica still reads; after
     * close none follow.
     */
    @Test
    void timedSyncsAreReportedAndStopWithTheDatabase() throws Exception {
        Recorder r = new Recorder();
        try (Database primary = LibSql.open(SQLD.server().url())) {
            primary.execute("CREATE TABLE IF NOT EXISTS timed(x INTEGER)");
            FaultProxy proxy = FaultProxy.start(SQLD.server().port(), 7);
            Database replica = LibSql.open(Config.builder("file:" + dir.resolve("timed.db"))
                    .syncUrl(proxy.url()).syncInterval(Duration.ofMillis(100)).eventListener(r).build());
            try {
                primary.execute("INSERT INTO timed VALUES (1), (2), (3)");
                awaitUntil(() -> r.syncs.stream().anyMatch(e -> e.result().framesSynced() > 0), "a timed sync pulled frames");
                assertThat(replica.execute("SELECT count(*) FROM timed").singleValue().toJava()).isEqualTo(3L);
                assertThat(r.errors).isEmpty();

                proxy.close();
                awaitUntil(() -> !r.errors.isEmpty(), "a timed sync failed while the primary is unreachable");
                assertThat(r.errors.get(0)).isInstanceOf(LibSqlException.class);
                assertThat(replica.execute("SELECT count(*) FROM timed").singleValue().toJava()).isEqualTo(3L);
            } finally {
                replica.close();
                proxy.close();
            }
            int syncs = r.syncs.size();
            int errors = r.errors.size();
            Thread.sleep(400);
            assertThat(r.syncs).as("syncs after close").hasSize(syncs);
            assertThat(r.errors).as("failed syncs after close").hasSize(errors);
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 15 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
