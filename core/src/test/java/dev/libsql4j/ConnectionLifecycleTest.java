package dev.libsql4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.libsql4j.fake.FakeTransport;
import dev.libsql4j.fake.FakeTransportProvider;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Registries and handle lifecycle of connections, statements and the database (DESIGN §3). */
class ConnectionLifecycleTest {
    private final FakeTransport fake = new FakeTransport();
    private final Database db = FakeTransportProvider.open(fake);

    @AfterEach
    void closeAndCheck() {
        fake.failOnClose.clear();
        db.close();
        assertThat(db.stats()).isEqualTo(new ResourceStats(0, 0, 0, 0, 0, 0));
        assertThat(fake.isClosed()).isTrue();
        assertThat(fake.violations()).isEmpty();
    }

    @Test
    void opensTheTransportWithTheConfig() {
        assertThat(fake.config()).isSameAs(db.config());
        assertThat(db.config().url()).isEqualTo("file:fake.db");
        assertThat(fake.events()).containsExactly("open transport");
        assertThat(db.isClosed()).isFalse();
        assertThat(db.toString()).contains("Database").contains("file:fake.db");
    }

    @Test
    void statsCountEveryKindAndReturnToZero() {
        assertThat(db.stats().isEmpty()).isTrue();
        Connection c1 = db.connect();
        Connection c2 = db.connect();
        PreparedStatement ps = c1.prepare("SELECT ?");
        Cursor k1 = c1.query("K1", 5L);
        Cursor k2 = c2.query("K2", 5L);
        Transaction tx = c2.begin();
        assertThat(db.stats()).isEqualTo(new ResourceStats(2, 1, 2, 1, 0, 0));
        ps.close();
        assertThat(db.stats()).isEqualTo(new ResourceStats(2, 0, 2, 1, 0, 0));
        k1.close();
        assertThat(db.stats()).isEqualTo(new ResourceStats(2, 0, 1, 1, 0, 0));
        tx.commit();
        assertThat(db.stats()).isEqualTo(new ResourceStats(2, 0, 1, 0, 0, 0));
        c2.close();
        assertThat(db.stats()).isEqualTo(new ResourceStats(1, 0, 0, 0, 0, 0));
        assertClosed(k2::iterator, "Cursor");
        c1.close();
        assertThat(db.stats().isEmpty()).isTrue();
    }

    @Test
    void closingAConnectionClosesItsChildrenNewestFirst() {
        Connection c = db.connect();
        PreparedStatement p1 = c.prepare("P1");
        Cursor k1 = c.query("K1", 3L);
        Transaction tx = c.begin(TransactionMode.IMMEDIATE);
        PreparedStatement p2 = c.prepare("P2");
        Cursor k2 = c.query("K2", 3L);
        fake.clearEvents();

        c.close();

        assertThat(fake.events()).containsExactly(
                "close cursor[K2]", "close ps[P2]", "rollback session#1", "close cursor[K1]", "close ps[P1]",
                "close session#1");
        assertThat(c.isClosed()).isTrue();
        assertThat(tx.isActive()).isFalse();
        assertThat(db.stats().isEmpty()).isTrue();
        assertClosed(() -> p1.execute(), "PreparedStatement");
        assertClosed(() -> p2.execute(), "PreparedStatement");
        assertClosed(k1::next, "Cursor");
        assertClosed(k2::iterator, "Cursor");
        assertClosed(() -> tx.execute("X"), "Transaction");
    }

    @Test
    void closeIsIdempotent() {
        Connection c = db.connect();
        PreparedStatement ps = c.prepare("P");
        Cursor k = c.query("K", 2L);
        Transaction tx = c.begin();
        for (int i = 0; i < 3; i++) {
            k.close();
            ps.close();
            tx.close();
            c.close();
        }
        db.close();
        db.close();
        assertThat(fake.count("close session#1")).isEqualTo(1);
        assertThat(fake.count("close ps[P]")).isEqualTo(1);
        assertThat(fake.count("close cursor[K]")).isEqualTo(1);
        assertThat(fake.count("rollback session#1")).isEqualTo(1);
        assertThat(fake.count("close transport")).isEqualTo(1);
    }

    @Test
    void connectionUseAfterCloseNamesTheConnection() {
        Connection c = db.connect();
        c.close();
        Map<String, Consumer<Connection>> ops = new LinkedHashMap<>();
        ops.put("execute(sql)", x -> x.execute("SELECT 1"));
        ops.put("execute(Statement)", x -> x.execute(Statement.of("SELECT 1")));
        ops.put("query(sql)", x -> x.query("SELECT 1"));
        ops.put("query(Statement)", x -> x.query(Statement.of("SELECT 1")));
        ops.put("prepare", x -> x.prepare("SELECT 1"));
        ops.put("batch", x -> x.batch(List.of(Statement.of("SELECT 1"))));
        ops.put("batch(empty)", x -> x.batch(List.of()));
        ops.put("batchIndependent", x -> x.batchIndependent(List.of(Statement.of("SELECT 1"))));
        ops.put("executeScript", x -> x.executeScript("SELECT 1"));
        ops.put("begin()", Connection::begin);
        ops.put("begin(mode)", x -> x.begin(TransactionMode.IMMEDIATE));
        ops.put("inTransaction", x -> x.inTransaction(tx -> 1));
        ops.put("isAutocommit", Connection::isAutocommit);
        ops.put("lastInsertRowid", Connection::lastInsertRowid);
        int sessionCalls = fake.lastSession().calls();
        ops.forEach((name, op) -> assertThatThrownBy(() -> op.accept(c))
                .as(name)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageMatching("Connection #\\d+ \\(file:fake\\.db\\) is closed"));
        assertThat(fake.lastSession().calls()).as("no session call after close").isEqualTo(sessionCalls);
        assertThat(c.database()).isSameAs(db);
        c.interrupt();
    }

    @Test
    void preparedStatementUseAfterClose() {
        Connection c = db.connect();
        PreparedStatement ps = c.prepare("SELECT ?");
        ps.close();
        assertClosed(() -> ps.execute(1), "PreparedStatement");
        assertClosed(() -> ps.execute(Map.of("a", 1)), "PreparedStatement");
        assertClosed(() -> ps.query(1), "PreparedStatement");
        assertThat(fake.count("close ps[SELECT ?]")).isEqualTo(1);
        c.close();
    }

    @Test
    void databaseCloseCascadesToEverything() {
        Connection c1 = db.connect();
        PreparedStatement p1 = c1.prepare("P1");
        Cursor k1 = c1.query("K1", 2L);
        Connection c2 = db.connect();
        Transaction t2 = c2.begin();
        Cursor k2 = t2.query("K2", 2L);
        fake.clearEvents();

        db.close();

        assertThat(fake.events()).containsExactly(
                "close cursor[K2]", "rollback session#2", "close session#2",
                "close cursor[K1]", "close ps[P1]", "close session#1",
                "close transport");
        assertThat(db.isClosed()).isTrue();
        assertThat(c1.isClosed()).isTrue();
        assertThat(c2.isClosed()).isTrue();
        assertThat(db.stats().isEmpty()).isTrue();
        assertClosed(() -> p1.execute(), "PreparedStatement");
        assertClosed(k1::next, "Cursor");
        assertClosed(k2::next, "Cursor");
        assertClosed(t2::commit, "Transaction");
        assertClosed(() -> c2.execute("X"), "Connection");
        assertClosed(db::connect, "Database");
        assertClosed(() -> db.execute("SELECT 1"), "Database");
        assertClosed(() -> db.execute(Statement.of("SELECT 1")), "Database");
        assertClosed(() -> db.batch(List.of(Statement.of("SELECT 1"))), "Database");
        assertClosed(db::sync, "Database");
    }

    @Test
    void failingChildCloseIsSuppressedAndTheRestStillClose() {
        Connection c = db.connect();
        c.prepare("P1");
        c.query("K1", 1L);
        c.prepare("P2");
        c.prepare("P3");
        fake.failOnClose.add("ps[P3]");
        fake.failOnClose.add("ps[P1]");
        fake.clearEvents();

        Throwable t = catchThrowable(c::close);

        assertThat(t).isInstanceOf(LibSqlException.class).hasMessage("closing ps[P3] failed");
        assertThat(t.getSuppressed()).extracting(Throwable::getMessage).containsExactly("closing ps[P1] failed");
        assertThat(fake.events()).containsExactly(
                "close ps[P3]", "close ps[P2]", "close cursor[K1]", "close ps[P1]", "close session#1");
        assertThat(c.isClosed()).isTrue();
        assertThat(db.stats().isEmpty()).isTrue();
        c.close();
    }

    @Test
    void failingSessionCloseDoesNotStopDatabaseClose() {
        Connection c1 = db.connect();
        Connection c2 = db.connect();
        c2.prepare("P");
        fake.failOnClose.add("session#2");
        fake.failOnClose.add("ps[P]");
        fake.clearEvents();

        Throwable t = catchThrowable(db::close);

        assertThat(t).isInstanceOf(LibSqlException.class).hasMessage("closing ps[P] failed");
        assertThat(t.getSuppressed()).extracting(Throwable::getMessage).containsExactly("closing session#2 failed");
        assertThat(fake.events()).containsExactly("close ps[P]", "close session#2", "close session#1", "close transport");
        assertThat(db.isClosed()).isTrue();
        assertThat(c1.isClosed()).isTrue();
        assertThat(c2.isClosed()).isTrue();
        assertThat(db.stats().isEmpty()).isTrue();
    }

    @Test
    void databaseShortcutsUseAShortLivedConnection() {
        assertThat(db.execute("SELECT ?", 42).singleValue()).isEqualTo(Value.integer(42));
        assertThat(db.execute(Statement.of("SELECT :a").bind("a", "x")).rows().get(0).getString("a")).isEqualTo("x");
        BatchResult b = db.batch(List.of(Statement.of("INSERT 1"), Statement.of("INSERT 2")));
        assertThat(b.size()).isEqualTo(2);
        assertThat(fake.events()).containsExactly("open transport",
                "open session#1", "execute session#1 SELECT ?", "close session#1",
                "open session#2", "execute session#2 SELECT :a", "close session#2",
                "open session#3", "batch session#3 ATOMIC 2", "close session#3");
        assertThat(db.stats().isEmpty()).isTrue();
    }

    @Test
    void shortcutClosesItsConnectionWhenTheStatementFails() {
        assertThatThrownBy(() -> db.execute("FAIL SQLITE_CONSTRAINT_UNIQUE"))
                .isInstanceOf(ConstraintViolationException.class);
        assertThat(fake.count("close session#1")).isEqualTo(1);
        assertThat(db.stats().isEmpty()).isTrue();
    }

    @Test
    void statementsReachTheSessionWithTheirArguments() {
        try (Connection c = db.connect()) {
            Result r = c.execute("SELECT ?, ?", 1, "two");
            assertThat(r.rows().get(0).values()).containsExactly(Value.integer(1), Value.text("two"));
            Result named = c.execute(Statement.of("SELECT :a, @b").bind(":a", 1.5).bind("@b", null));
            assertThat(named.columns()).extracting(Column::name).containsExactly("a", "b");
            assertThat(named.rows().get(0).getDouble("a")).isEqualTo(1.5);
            assertThat(named.rows().get(0).isNull("b")).isTrue();
            assertThatThrownBy(() -> c.execute((Statement) null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> c.execute("SELECT ?", new java.util.Date()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("argument 1");
        }
    }

    @Test
    void lastInsertRowidIsTracked() {
        try (Connection c = db.connect()) {
            assertThat(c.lastInsertRowid()).isZero();
            assertThat(c.execute("INSERT INTO t VALUES (1)").lastInsertRowid()).hasValue(1);
            c.execute("SELECT 1");
            assertThat(c.lastInsertRowid()).isEqualTo(1);
            c.batch(List.of(Statement.of("INSERT a"), Statement.of("INSERT b")));
            assertThat(c.lastInsertRowid()).isEqualTo(3);
            assertThat(c.execute("UPDATE t SET x = 1").rowsAffected()).isEqualTo(1);
            assertThat(c.lastInsertRowid()).isEqualTo(3);
        }
    }

    @Test
    void atomicBatchFailureNamesTheStep() {
        try (Connection c = db.connect()) {
            List<Statement> stmts = List.of(Statement.of("INSERT 1"), Statement.of("FAIL SQLITE_CONSTRAINT_UNIQUE"),
                    Statement.of("INSERT 3"));
            assertThatThrownBy(() -> c.batch(stmts))
                    .isInstanceOfSatisfying(BatchFailedException.class, e -> {
                        assertThat(e.stepIndex()).isEqualTo(1);
                        assertThat(e.code()).isEqualTo("SQLITE_CONSTRAINT_UNIQUE");
                        assertThat(e.getCause()).isInstanceOf(ConstraintViolationException.class);
                    });
            BatchResult each = c.batchIndependent(stmts);
            assertThat(each.succeeded(0)).isTrue();
            assertThat(each.error(1)).isInstanceOf(ConstraintViolationException.class);
            assertThat(each.succeeded(2)).isTrue();
            assertThat(fake.events("batch")).containsExactly("batch session#1 ATOMIC 3", "batch session#1 INDEPENDENT 3");
        }
    }

    @Test
    void batchArgumentChecks() {
        try (Connection c = db.connect()) {
            assertThat(c.batch(List.of()).size()).isZero();
            assertThat(c.batchIndependent(List.of()).size()).isZero();
            assertThat(fake.events("batch")).isEmpty();
            assertThatThrownBy(() -> c.batch(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> c.batch(Arrays.asList(Statement.of("a"), null)))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("1");
        }
    }

    @Test
    void executeScriptAndInterruptReachTheSession() {
        try (Connection c = db.connect()) {
            c.executeScript("CREATE TABLE a(x); CREATE TABLE b(y);");
            c.interrupt();
            assertThatThrownBy(() -> c.executeScript("FAIL SQLITE_ERROR")).isInstanceOf(LibSqlException.class);
            assertThat(fake.events()).contains("script session#1 CREATE TABLE a(x); CREATE TABLE b(y);",
                    "interrupt session#1");
        }
    }

    @Test
    void errorsFromTheSessionPassThroughUnchanged() {
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> c.execute("FAIL SQLITE_BUSY")).isInstanceOf(BusyException.class);
            assertThatThrownBy(() -> c.query("FAIL HTTP_401")).isInstanceOf(AuthenticationException.class);
            assertThatThrownBy(() -> c.prepare("FAIL SQLITE_ERROR")).isInstanceOf(LibSqlException.class);
            assertThat(db.stats()).isEqualTo(new ResourceStats(1, 0, 0, 0, 0, 0));
            assertThat(c.execute("SELECT ?", 1).rowCount()).isEqualTo(1);
        }
    }

    @Test
    void preparedStatements() {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepare("SELECT ?, ?")) {
            assertThat(ps.sql()).isEqualTo("SELECT ?, ?");
            assertThat(ps.parameterCount()).isEqualTo(2);
            assertThat(ps.parameterNames()).containsExactly(null, null);
            assertThat(ps.columns()).containsExactly(new Column("x", "INTEGER"));
            assertThat(ps.isReadOnly()).isTrue();
            assertThat(ps.execute(1, "a").rows().get(0).values()).containsExactly(Value.integer(1), Value.text("a"));
            assertThat(ps.execute(2, "b").rows().get(0).getLong(0)).isEqualTo(2);
            try (Cursor k = ps.query(3L)) {
                assertThat(k).extracting(r -> r.getLong("i")).containsExactly(0L, 1L, 2L);
            }
            assertThat(fake.events("ps-execute")).containsExactly("ps-execute ps[SELECT ?, ?] [1, a]",
                    "ps-execute ps[SELECT ?, ?] [2, b]");
        }
    }

    @Test
    void preparedStatementWithNamedArguments() {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepare("INSERT INTO t VALUES (:a, $b)")) {
            assertThat(ps.parameterNames()).containsExactly(":a", "$b");
            assertThat(ps.isReadOnly()).isFalse();
            assertThat(ps.columns()).isEmpty();
            Map<String, Object> args = new LinkedHashMap<>();
            args.put(":a", 1);
            args.put("b", "x");
            Result r = ps.execute(args);
            assertThat(r.lastInsertRowid()).hasValue(1);
            assertThat(c.lastInsertRowid()).isEqualTo(1);
            assertThat(fake.events("ps-execute")).containsExactly("ps-execute ps[INSERT INTO t VALUES (:a, $b)] {a=1, b=x}");
            assertThatThrownBy(() -> ps.execute(Map.of("when", new java.util.Date())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'when'");
        }
    }

    /**
     * Metadata is read from the handle when first asked for, not at prepare (over HTTP that is a
     * request of its own): a failure surfaces there, the statement stays usable and closable, and
     * a later call asks again.
     */
    @Test
    void failedPrepareMetadataSurfacesWhenAskedForAndLeavesTheStatementClosable() {
        try (Connection c = db.connect()) {
            LibSqlException boom = new LibSqlException("FAKE", "no description", null);
            fake.descriptionFailure = boom;
            PreparedStatement ps = c.prepare("P :a");
            assertThat(db.stats()).isEqualTo(new ResourceStats(1, 1, 0, 0, 0, 0));
            assertThat(catchThrowable(ps::columns)).isSameAs(boom);
            assertThat(catchThrowable(ps::parameterCount)).isSameAs(boom);
            assertThat(db.stats()).isEqualTo(new ResourceStats(1, 1, 0, 0, 0, 0));
            fake.descriptionFailure = null;
            assertThat(ps.parameterNames()).containsExactly(":a");
            ps.close();
            assertThat(fake.count("close ps[P :a]")).isEqualTo(1);
            assertThat(db.stats()).isEqualTo(new ResourceStats(1, 0, 0, 0, 0, 0));
        }
    }

    @Test
    void failedCursorMetadataLeavesNothingOpen() {
        try (Connection c = db.connect()) {
            LibSqlException boom = new LibSqlException("FAKE", "no columns", null);
            fake.columnsFailure = boom;
            assertThat(catchThrowable(() -> c.query("K", 1L))).isSameAs(boom);
            assertThat(db.stats()).isEqualTo(new ResourceStats(1, 0, 0, 0, 0, 0));
            assertThat(fake.count("close cursor[K]")).isEqualTo(1);
            fake.columnsFailure = null;
        }
    }

    @Test
    void connectAfterAConnectionClosedStillWorks() {
        db.connect().close();
        try (Connection c = db.connect()) {
            assertThat(c.isClosed()).isFalse();
            assertThat(c.isAutocommit()).isTrue();
        }
        assertThat(fake.sessions()).hasSize(2);
    }

    @Test
    void syncIsNotSupportedByDefault() {
        assertThatThrownBy(db::sync).isInstanceOf(IllegalStateException.class).hasMessageContaining("replica");
    }

    static void assertClosed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String resource) {
        assertThatThrownBy(call)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(resource + " #")
                .hasMessageEndingWith("is closed");
    }
}
