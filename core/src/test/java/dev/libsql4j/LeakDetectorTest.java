package dev.libsql4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.fake.FakeTransport;
import dev.libsql4j.fake.FakeTransportProvider;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The safety net: a resource whose public object was dropped without close() is closed by the
 * leak detector, with one warning (via SLF4J; slf4j-simple writes to System.err). With leak traces
 * on (as for {@code db} here) the warning says where it was opened; without them (the default) it
 * says how to turn them on.
 */
@Timeout(60)
class LeakDetectorTest {
    private static final long GC_WAIT_MILLIS = 10_000;

    private final FakeTransport fake = new FakeTransport();
    private final Database db = LibSql.open(Config.builder("file:fake.db")
            .transportOption(FakeTransportProvider.OPTION, fake).leakTraces(true).build());
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                originalErr.write(b);
                synchronized (captured) {
                    captured.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                originalErr.write(b, off, len);
                synchronized (captured) {
                    captured.write(b, off, len);
                }
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(originalErr);
        db.close();
        assertThat(fake.violations()).isEmpty();
    }

    private String log() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** Runs the GC until the condition holds or the time is up; returns the condition. */
    private static boolean gcUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + GC_WAIT_MILLIS * 1_000_000;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    // Each helper opens a resource and lets go of it; returns its name (a String keeps nothing alive).

    private static String openAndForgetConnection(Database db) {
        Connection c = db.connect();
        c.execute("SELECT ?", 1);
        return c.toString();
    }

    private static String openAndForgetCursor(Connection conn) {
        Cursor k = conn.query("LEAKED CURSOR", 10L);
        k.next();
        return k.toString();
    }

    private static String openAndForgetStatement(Connection conn) {
        return conn.prepare("LEAKED PS").toString();
    }

    private static String openAndForgetTransaction(Connection conn) {
        Transaction tx = conn.begin();
        tx.execute("INSERT 1");
        return tx.toString();
    }

    private static void openAndForgetConnectionWithChildren(Database db) {
        Connection c = db.connect();
        c.prepare("CHILD PS");
        c.query("CHILD CURSOR", 3L);
        c.begin();
    }

    @Test
    void aForgottenConnectionIsClosedAndLoggedOnce() throws Exception {
        String name = openAndForgetConnection(db);
        assertThat(db.stats().connections()).isEqualTo(1);

        assertThat(gcUntil(() -> db.stats().connections() == 0)).as("leak detector closed it").isTrue();

        assertThat(fake.count("close session#1")).isEqualTo(1);
        assertThat(eventually(() -> log().contains(name + " was not closed"))).as(log()).isTrue();
        String log = log();
        assertThat(log).contains("WARN").contains("opened here")
                .contains(LeakDetectorTest.class.getName() + ".openAndForgetConnection");
        assertThat(occurrences(log, name + " was not closed")).isEqualTo(1);
    }

    @Test
    void withoutTracesAForgottenConnectionIsStillClosedAndTheWarningSaysHowToFindIt() throws Exception {
        FakeTransport other = new FakeTransport();
        try (Database plain = FakeTransportProvider.open(other)) {
            String name = openAndForgetConnection(plain);
            assertThat(plain.stats().connections()).isEqualTo(1);

            assertThat(gcUntil(() -> plain.stats().connections() == 0)).as("leak detector closed it").isTrue();

            assertThat(other.count("close session#1")).isEqualTo(1);
            assertThat(eventually(() -> log().contains(name + " was not closed"))).as(log()).isTrue();
            String log = log();
            String warning = log.substring(log.indexOf(name + " was not closed"));
            warning = warning.substring(0, warning.indexOf('\n'));
            assertThat(warning).contains("leakTraces(true)").contains("-Dlibsql4j.leakTraces=true");
            assertThat(log).doesNotContain("opened here")
                    .doesNotContain(LeakDetectorTest.class.getName() + ".openAndForgetConnection");
            assertThat(occurrences(log, name + " was not closed")).isEqualTo(1);
        }
        assertThat(other.violations()).isEmpty();
    }

    @Test
    void aForgottenCursorIsClosed() throws Exception {
        try (Connection conn = db.connect()) {
            String name = openAndForgetCursor(conn);
            assertThat(db.stats().cursors()).isEqualTo(1);

            assertThat(gcUntil(() -> db.stats().cursors() == 0)).isTrue();

            assertThat(fake.count("close cursor[LEAKED CURSOR]")).isEqualTo(1);
            assertThat(eventually(() -> log().contains(name + " was not closed"))).isTrue();
            assertThat(log()).contains(LeakDetectorTest.class.getName() + ".openAndForgetCursor");
            assertThat(conn.isClosed()).isFalse();
            assertThat(conn.execute("SELECT ?", 2).rowCount()).isEqualTo(1);
        }
    }

    @Test
    void aForgottenPreparedStatementIsClosed() throws Exception {
        try (Connection conn = db.connect()) {
            openAndForgetStatement(conn);
            assertThat(gcUntil(() -> db.stats().statements() == 0)).isTrue();
            assertThat(fake.count("close ps[LEAKED PS]")).isEqualTo(1);
        }
    }

    @Test
    void aForgottenTransactionIsRolledBack() throws Exception {
        try (Connection conn = db.connect()) {
            openAndForgetTransaction(conn);
            assertThat(gcUntil(() -> db.stats().transactions() == 0)).isTrue();
            assertThat(fake.events("rollback")).containsExactly("rollback session#1");
            assertThat(fake.events("commit")).isEmpty();
            assertThat(conn.isAutocommit()).isTrue();
        }
    }

    @Test
    void aForgottenConnectionTakesItsChildrenWithIt() throws Exception {
        openAndForgetConnectionWithChildren(db);
        assertThat(db.stats()).isEqualTo(new ResourceStats(1, 1, 1, 1, 0, 0));
        assertThat(gcUntil(() -> db.stats().isEmpty())).as("stats: %s", db.stats()).isTrue();
        assertThat(fake.events()).contains("close ps[CHILD PS]", "close cursor[CHILD CURSOR]", "rollback session#1",
                "close session#1");
    }

    @Test
    void aClosedResourceIsNotReportedWhenCollected() throws Exception {
        Connection c = db.connect();
        String name = c.toString();
        c.close();
        c = null;
        String leaked = openAndForgetConnection(db);
        assertThat(gcUntil(() -> db.stats().connections() == 0)).isTrue();
        assertThat(eventually(() -> log().contains(leaked + " was not closed"))).isTrue();
        assertThat(log()).doesNotContain(name + " was not closed");
        assertThat(fake.count("close session#1")).isEqualTo(1);
    }
}
