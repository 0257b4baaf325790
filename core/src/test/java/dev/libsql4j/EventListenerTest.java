package dev.libsql4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.fake.FakeTransport;
import dev.libsql4j.fake.FakeTransportProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EventListenerTest {

    /** Records every event as text and keeps the objects. */
    static final class Recorder extends EventListener {
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<StatementEvent> ended = new CopyOnWriteArrayList<>();
        final List<StatementEvent> failed = new CopyOnWriteArrayList<>();
        final List<RuntimeException> errors = new CopyOnWriteArrayList<>();
        final List<SyncEvent> syncs = new CopyOnWriteArrayList<>();

        @Override
        public void statementStart(StatementEvent.Kind kind, String sql) {
            log.add("start " + kind + " " + sql);
        }

        @Override
        public void statementEnd(StatementEvent event) {
            log.add("end " + event.kind() + " " + event.sql());
            ended.add(event);
        }

        @Override
        public void statementFailed(StatementEvent event, RuntimeException error) {
            log.add("failed " + event.kind() + " " + event.sql());
            failed.add(event);
            errors.add(error);
        }

        @Override
        public void syncEnd(SyncEvent event) {
            log.add("sync");
            syncs.add(event);
        }

        @Override
        public void syncFailed(Duration duration, RuntimeException error) {
            log.add("sync failed");
            errors.add(error);
        }
    }

    private static Database open(FakeTransport fake, EventListener l) {
        return LibSql.open(Config.builder("file:fake.db").transportOption(FakeTransportProvider.OPTION, fake)
                .eventListener(l).build());
    }

    @Test
    void executeReportsRowsBytesRetriesAndDuration() {
        FakeTransport fake = new FakeTransport();
        fake.retriesPerExecute = 2;
        Recorder r = new Recorder();
        try (Database db = open(fake, r); Connection c = db.connect()) {
            Result res = c.execute("INSERT INTO t VALUES (?)", 7);
            assertThat(res.rowsAffected()).isEqualTo(1);
        }
        assertThat(r.log).containsExactly("start EXECUTE INSERT INTO t VALUES (?)", "end EXECUTE INSERT INTO t VALUES (?)");
        StatementEvent e = r.ended.get(0);
        assertThat(e.statements()).isEqualTo(1);
        assertThat(e.rowsRead()).isEqualTo(1); // the fake echoes its arguments as a row
        assertThat(e.rowsAffected()).isEqualTo(1);
        assertThat(e.bytesSent()).isEqualTo("INSERT INTO t VALUES (?)".length());
        assertThat(e.bytesReceived()).isEqualTo(100);
        assertThat(e.retries()).isEqualTo(2);
        assertThat(e.duration()).isPositive();
    }

    @Test
    void aFailureReportsTheErrorWithItsCodeAndTheCallerGetsTheSameException() {
        Recorder r = new Recorder();
        try (Database db = open(new FakeTransport(), r); Connection c = db.connect()) {
            assertThatThrownBy(() -> c.execute("FAIL SQLITE_CONSTRAINT_UNIQUE"))
                    .isInstanceOf(ConstraintViolationException.class)
                    .satisfies(t -> assertThat(r.errors).containsExactly((RuntimeException) t));
        }
        assertThat(r.log).containsExactly("start EXECUTE FAIL SQLITE_CONSTRAINT_UNIQUE",
                "failed EXECUTE FAIL SQLITE_CONSTRAINT_UNIQUE");
        assertThat(((LibSqlException) r.errors.get(0)).code()).isEqualTo("SQLITE_CONSTRAINT_UNIQUE");
        assertThat(r.ended).isEmpty();
    }

    @Test
    void aCursorReportsWhenItEndsWithTheRowsRead() {
        Recorder r = new Recorder();
        try (Database db = open(new FakeTransport(), r); Connection c = db.connect()) {
            try (Cursor cur = c.query("SELECT i", 3)) {
                assertThat(r.log).containsExactly("start QUERY SELECT i");
                int n = 0;
                for (Row ignored : cur) {
                    n++;
                }
                assertThat(n).isEqualTo(3);
            }
            // Closed after one row of five: the event counts what the caller read.
            try (Cursor cur = c.query("SELECT j", 5)) {
                assertThat(cur.next()).isNotNull();
            }
        }
        assertThat(r.log).containsExactly("start QUERY SELECT i", "end QUERY SELECT i", "start QUERY SELECT j",
                "end QUERY SELECT j");
        assertThat(r.ended.get(0).rowsRead()).isEqualTo(3);
        assertThat(r.ended.get(0).bytesReceived()).isEqualTo(30);
        assertThat(r.ended.get(0).bytesSent()).isEqualTo("SELECT i".length());
        assertThat(r.ended.get(1).rowsRead()).isEqualTo(1);
    }

    @Test
    void aCursorThatFailsMidwayReportsTheFailureOnce() {
        Recorder r = new Recorder();
        try (Database db = open(new FakeTransport(), r); Connection c = db.connect()) {
            Cursor cur = c.query("SELECT k", 5, 2, "SQLITE_IOERR");
            assertThat(cur.next()).isNotNull();
            assertThat(cur.next()).isNotNull();
            assertThatThrownBy(cur::next).isInstanceOf(LibSqlException.class);
            cur.close();
        }
        assertThat(r.log).containsExactly("start QUERY SELECT k", "failed QUERY SELECT k");
        assertThat(r.failed.get(0).rowsRead()).isEqualTo(2);
        assertThat(((LibSqlException) r.errors.get(0)).code()).isEqualTo("SQLITE_IOERR");
    }

    @Test
    void aCursorLeftOpenReportsWhenItsConnectionCloses() {
        Recorder r = new Recorder();
        try (Database db = open(new FakeTransport(), r)) {
            Connection c = db.connect();
            Cursor cur = c.query("SELECT m", 4);
            cur.next();
            assertThat(r.ended).isEmpty();
            c.close();
            assertThat(db.stats().cursors()).isZero();
        }
        assertThat(r.log).containsExactly("start QUERY SELECT m", "end QUERY SELECT m");
        assertThat(r.ended.get(0).rowsRead()).isEqualTo(1);
    }

    @Test
    void batchesScriptsPreparedStatementsAndTransactionsReport() {
        Recorder r = new Recorder();
        try (Database db = open(new FakeTransport(), r); Connection c = db.connect()) {
            c.batch(List.of(Statement.of("INSERT INTO t VALUES (1)"), Statement.of("UPDATE t SET x = 2")));
            c.executeScript("CREATE TABLE t(x); CREATE TABLE u(y)");
            try (PreparedStatement ps = c.prepare("DELETE FROM t WHERE x = ?")) {
                ps.execute(1);
            }
            c.inTransaction(tx -> tx.execute("INSERT INTO t VALUES (3)"));
            db.execute("SELECT 1");
        }
        assertThat(r.log).containsExactly(
                "start BATCH INSERT INTO t VALUES (1)", "end BATCH INSERT INTO t VALUES (1)",
                "start SCRIPT CREATE TABLE t(x); CREATE TABLE u(y)", "end SCRIPT CREATE TABLE t(x); CREATE TABLE u(y)",
                "start EXECUTE DELETE FROM t WHERE x = ?", "end EXECUTE DELETE FROM t WHERE x = ?",
                "start EXECUTE INSERT INTO t VALUES (3)", "end EXECUTE INSERT INTO t VALUES (3)",
                "start EXECUTE SELECT 1", "end EXECUTE SELECT 1");
        StatementEvent batch = r.ended.get(0);
        assertThat(batch.statements()).isEqualTo(2);
        assertThat(batch.rowsAffected()).isEqualTo(2);
        assertThat(r.ended.get(2).rowsAffected()).isEqualTo(1);
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheStatement() {
        Recorder after = new Recorder();
        EventListener broken = new EventListener() {
            @Override
            public void statementStart(StatementEvent.Kind kind, String sql) {
                throw new IllegalStateException("listener bug in start");
            }

            @Override
            public void statementEnd(StatementEvent event) {
                after.statementEnd(event);
                throw new IllegalStateException("listener bug in end");
            }

            @Override
            public void statementFailed(StatementEvent event, RuntimeException error) {
                after.statementFailed(event, error);
                throw new IllegalStateException("listener bug in failed");
            }
        };
        try (Database db = open(new FakeTransport(), broken); Connection c = db.connect()) {
            assertThat(c.execute("SELECT ?", 5).singleValue()).isEqualTo(Value.integer(5));
            try (Cursor cur = c.query("SELECT i", 2)) {
                assertThat(cur.next()).isNotNull();
            }
            assertThatThrownBy(() -> c.execute("FAIL SQLITE_BUSY")).isInstanceOf(BusyException.class);
            assertThat(c.execute("SELECT ?", 6).singleValue()).isEqualTo(Value.integer(6));
            assertThat(db.stats().cursors()).isZero();
        }
        assertThat(after.log).containsExactly("end EXECUTE SELECT ?", "end QUERY SELECT i", "failed EXECUTE FAIL SQLITE_BUSY",
                "end EXECUTE SELECT ?");
    }

    @Test
    void aListenerMayUseTheDatabaseItHears() {
        FakeTransport fake = new FakeTransport();
        List<Long> nested = new CopyOnWriteArrayList<>();
        Database[] holder = new Database[1];
        EventListener l = new EventListener() {
            @Override
            public void statementEnd(StatementEvent event) {
                if (event.sql().startsWith("INSERT")) {
                    // Not under the connection's lock: a call on another connection works.
                    nested.add(((Value.Integer) holder[0].execute("SELECT ?", 42).singleValue()).value());
                }
            }
        };
        try (Database db = open(fake, l); Connection c = db.connect()) {
            holder[0] = db;
            c.execute("INSERT INTO t VALUES (1)");
        }
        assertThat(nested).containsExactly(42L);
    }

    @Test
    void withoutAListenerTheCountersAreNeverRead() {
        FakeTransport fake = new FakeTransport();
        try (Database db = FakeTransportProvider.open(fake); Connection c = db.connect()) {
            assertThat(db.config().eventListener()).isSameAs(EventListener.NONE);
            c.execute("INSERT INTO t VALUES (1)");
            try (Cursor cur = c.query("SELECT i", 2)) {
                cur.forEach(row -> { });
            }
            c.batch(List.of(Statement.of("SELECT 1")));
            assertThat(fake.lastSession().counterReads).hasValue(0);
        }
        FakeTransport watched = new FakeTransport();
        try (Database db = open(watched, new Recorder()); Connection c = db.connect()) {
            c.execute("INSERT INTO t VALUES (1)");
            assertThat(watched.lastSession().counterReads.get()).isPositive();
        }
    }

    @Test
    void syncReportsItsResultAndItsFailure() {
        FakeTransport fake = new FakeTransport();
        Recorder r = new Recorder();
        try (Database db = open(fake, r)) {
            assertThatThrownBy(db::sync).isInstanceOf(IllegalStateException.class);
            fake.syncResult = new SyncResult(12, 3);
            assertThat(db.sync()).isEqualTo(new SyncResult(12, 3));
        }
        assertThat(r.log).containsExactly("sync failed", "sync");
        assertThat(r.errors.get(0)).isInstanceOf(IllegalStateException.class);
        assertThat(r.syncs.get(0).result().framesSynced()).isEqualTo(3);
        assertThat(r.syncs.get(0).duration().isNegative()).isFalse();
    }

    @Test
    void configCarriesTheListenerAndShowsItsClassOnly() {
        Recorder r = new Recorder();
        Config c = Config.builder("file:x.db").eventListener(r).build();
        assertThat(c.eventListener()).isSameAs(r);
        assertThat(c.toBuilder().build().eventListener()).isSameAs(r);
        assertThat(c.toString()).contains("eventListener=" + Recorder.class.getName());
        assertThat(Config.builder("file:x.db").build().toString()).doesNotContain("eventListener");
        assertThat(Config.builder("file:x.db").eventListener(null).build().eventListener()).isSameAs(EventListener.NONE);
    }
}
