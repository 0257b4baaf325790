package dev.libsql4j;

import static dev.libsql4j.ConnectionLifecycleTest.assertClosed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.libsql4j.fake.FakeTransport;
import dev.libsql4j.fake.FakeTransportProvider;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransactionTest {
    private final FakeTransport fake = new FakeTransport();
    private final Database db = FakeTransportProvider.open(fake);
    private final Connection conn = db.connect();

    @AfterEach
    void closeAndCheck() {
        fake.commitFailure = null;
        fake.rollbackFailure = null;
        db.close();
        assertThat(db.stats().isEmpty()).isTrue();
        assertThat(fake.violations()).isEmpty();
    }

    private List<String> txEvents() {
        return fake.events().stream()
                .filter(e -> e.startsWith("begin") || e.startsWith("commit") || e.startsWith("rollback"))
                .toList();
    }

    @ParameterizedTest
    @EnumSource(TransactionMode.class)
    void beginPassesTheMode(TransactionMode mode) {
        try (Transaction tx = conn.begin(mode)) {
            assertThat(tx.mode()).isEqualTo(mode);
            assertThat(tx.isActive()).isTrue();
        }
        assertThat(txEvents()).containsExactly("begin session#1 " + mode, "rollback session#1");
    }

    @Test
    void closeWithoutCommitRollsBack() {
        Transaction tx = conn.begin();
        assertThat(conn.isAutocommit()).isFalse();
        assertThat(db.stats().transactions()).isEqualTo(1);
        tx.execute("INSERT 1");
        tx.close();
        assertThat(txEvents()).containsExactly("begin session#1 DEFERRED", "rollback session#1");
        assertThat(tx.isActive()).isFalse();
        assertThat(conn.isAutocommit()).isTrue();
        assertThat(db.stats().transactions()).isZero();
    }

    @Test
    void closeAfterCommitDoesNotRollBack() {
        try (Transaction tx = conn.begin()) {
            tx.execute("INSERT 1");
            tx.commit();
            assertThat(tx.isActive()).isFalse();
        }
        assertThat(txEvents()).containsExactly("begin session#1 DEFERRED", "commit session#1");
        assertThat(db.stats().transactions()).isZero();
        assertThat(conn.isAutocommit()).isTrue();
    }

    @Test
    void explicitRollbackThenCloseRollsBackOnce() {
        Transaction tx = conn.begin();
        tx.rollback();
        tx.close();
        assertThat(txEvents()).containsExactly("begin session#1 DEFERRED", "rollback session#1");
        assertClosed(() -> tx.execute("X"), "Transaction");
        assertClosed(tx::rollback, "Transaction");
        assertClosed(tx::commit, "Transaction");
    }

    @Test
    void useAfterCommitNamesTheTransaction() {
        Transaction tx = conn.begin(TransactionMode.IMMEDIATE);
        tx.commit();
        assertClosed(() -> tx.execute("SELECT 1"), "Transaction");
        assertClosed(() -> tx.execute(Statement.of("SELECT 1")), "Transaction");
        assertClosed(() -> tx.query("SELECT 1"), "Transaction");
        assertClosed(() -> tx.batch(List.of(Statement.of("SELECT 1"))), "Transaction");
        assertClosed(() -> tx.savepoint("a"), "Transaction");
        assertClosed(tx::commit, "Transaction");
        assertClosed(tx::rollback, "Transaction");
        assertThatThrownBy(() -> tx.execute("X")).hasMessageContaining("(IMMEDIATE)");
        assertThat(fake.count("commit session#1")).isEqualTo(1);
    }

    @Test
    void secondBeginFails() {
        try (Transaction tx = conn.begin()) {
            assertThatThrownBy(conn::begin)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already open")
                    .hasMessageContaining("Connection #");
            assertThatThrownBy(() -> conn.inTransaction(t -> 1)).isInstanceOf(IllegalStateException.class);
            assertThat(tx.isActive()).isTrue();
        }
        assertThat(fake.events("begin")).hasSize(1);
        try (Transaction again = conn.begin()) {
            again.commit();
        }
        assertThat(fake.events("begin")).hasSize(2);
    }

    @Test
    void statementsOnTheConnectionRunInsideTheTransaction() {
        try (Transaction tx = conn.begin()) {
            conn.execute("INSERT via conn");
            tx.execute("INSERT via tx");
            try (Cursor k = tx.query("K", 2L)) {
                assertThat(k).hasSize(2);
            }
            tx.batch(List.of(Statement.of("INSERT b1")));
            tx.commit();
        }
        assertThat(fake.events()).containsSubsequence("begin session#1 DEFERRED", "execute session#1 INSERT via conn",
                "execute session#1 INSERT via tx", "open cursor[K]", "close cursor[K]", "batch session#1 ATOMIC 1",
                "commit session#1");
    }

    @Test
    void savepointsQuoteTheirNames() {
        try (Transaction tx = conn.begin()) {
            tx.savepoint("a");
            tx.rollbackToSavepoint("a");
            tx.releaseSavepoint("we\"ird");
            assertThatThrownBy(() -> tx.savepoint("")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tx.savepoint(null)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(fake.events("execute")).containsExactly("execute session#1 SAVEPOINT \"a\"",
                "execute session#1 ROLLBACK TO SAVEPOINT \"a\"", "execute session#1 RELEASE SAVEPOINT \"we\"\"ird\"");
    }

    @Test
    void inTransactionCommitsOnReturn() {
        long n = conn.inTransaction(TransactionMode.IMMEDIATE, tx -> tx.execute("DELETE FROM t").rowsAffected());
        assertThat(n).isEqualTo(1);
        assertThat(txEvents()).containsExactly("begin session#1 IMMEDIATE", "commit session#1");
        assertThat(db.stats().transactions()).isZero();
        assertThat(conn.isAutocommit()).isTrue();
    }

    @Test
    void inTransactionDefaultsToDeferred() {
        TransactionMode mode = conn.inTransaction(tx -> tx.mode());
        assertThat(mode).isEqualTo(TransactionMode.DEFERRED);
        assertThat(txEvents()).containsExactly("begin session#1 DEFERRED", "commit session#1");
    }

    @Test
    void inTransactionRollsBackOnException() {
        IllegalStateException boom = new IllegalStateException("boom");
        Throwable t = catchThrowable(() -> conn.inTransaction(tx -> {
            tx.execute("INSERT 1");
            throw boom;
        }));
        assertThat(t).isSameAs(boom);
        assertThat(txEvents()).containsExactly("begin session#1 DEFERRED", "rollback session#1");
        assertThat(db.stats().transactions()).isZero();
        assertThat(conn.isAutocommit()).isTrue();
    }

    @Test
    void inTransactionRollsBackOnError() {
        AssertionError boom = new AssertionError("boom");
        assertThat(catchThrowable(() -> conn.inTransaction(tx -> {
            throw boom;
        }))).isSameAs(boom);
        assertThat(txEvents()).containsExactly("begin session#1 DEFERRED", "rollback session#1");
    }

    @Test
    void inTransactionRollsBackOnACheckedExceptionThrownSneakily() {
        // Kotlin lambdas (and sneaky throws) can throw checked exceptions through a Function.
        IOException boom = new IOException("disk");
        assertThat(catchThrowable(() -> conn.inTransaction(tx -> sneakyThrow(boom)))).isSameAs(boom);
        assertThat(txEvents()).containsExactly("begin session#1 DEFERRED", "rollback session#1");
        assertThat(db.stats().transactions()).isZero();
        assertThat(conn.isAutocommit()).isTrue();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable, R> R sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    void inTransactionKeepsARollbackFailureAsSuppressed() {
        RuntimeException boom = new RuntimeException("work failed");
        LibSqlException rollbackFailed = new LibSqlException("FAKE", "rollback failed", null);
        fake.rollbackFailure = rollbackFailed;
        Throwable t = catchThrowable(() -> conn.inTransaction(tx -> {
            throw boom;
        }));
        fake.rollbackFailure = null;
        assertThat(t).isSameAs(boom);
        assertThat(t.getSuppressed()).containsExactly(rollbackFailed);
        assertThat(db.stats().transactions()).isZero();
    }

    @Test
    void inTransactionLeavesAnExplicitRollbackAlone() {
        String result = conn.inTransaction(tx -> {
            tx.rollback();
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(txEvents()).containsExactly("begin session#1 DEFERRED", "rollback session#1");
    }

    @Test
    void inTransactionDoesNotReportSuccessWhenTheTransactionWasLost() {
        // The work swallows the error, but nothing it did was committed: the caller must learn that.
        Throwable t = catchThrowable(() -> conn.inTransaction(tx -> {
            try {
                tx.execute("EXPIRE");
            } catch (TransactionExpiredException ignored) {
                // swallowed
            }
            return "pretend success";
        }));
        assertThat(t).isInstanceOf(TransactionExpiredException.class);
        assertThat(fake.events("commit")).isEmpty();
        assertThat(db.stats().transactions()).isZero();
        assertThat(conn.execute("SELECT ?", 1).rowCount()).isEqualTo(1);
    }

    @Test
    void inTransactionPropagatesACommitFailure() {
        BusyException busy = new BusyException("SQLITE_BUSY", 5, "database is locked", null);
        fake.commitFailure = busy;
        assertThat(catchThrowable(() -> conn.inTransaction(tx -> 1))).isSameAs(busy);
        assertThat(db.stats().transactions()).isZero();
        assertThat(conn.isAutocommit()).isTrue();
    }

    @Test
    void expiredTransactionIsLostUntilClosed() {
        Transaction tx = conn.begin();
        tx.execute("INSERT 1");
        assertThatThrownBy(() -> tx.execute("EXPIRE"))
                .isInstanceOf(TransactionExpiredException.class)
                .extracting(e -> ((LibSqlException) e).code()).isEqualTo("STREAM_EXPIRED");
        int before = fake.lastSession().calls();
        fake.clearEvents();

        assertLost(() -> tx.execute("INSERT 2"));
        assertLost(() -> tx.query("K", 1L));
        assertLost(() -> tx.batch(List.of(Statement.of("INSERT 3"))));
        assertLost(() -> conn.execute("INSERT 4"));
        assertLost(() -> conn.execute(Statement.of("INSERT 5")));
        assertLost(() -> conn.query("K", 1L));
        assertLost(() -> conn.prepare("P"));
        assertLost(() -> conn.batch(List.of(Statement.of("INSERT 6"))));
        assertLost(() -> conn.batchIndependent(List.of(Statement.of("INSERT 7"))));
        assertLost(() -> conn.executeScript("INSERT 8"));
        assertThat(fake.events()).as("nothing reached the session").isEmpty();
        assertThat(fake.lastSession().calls()).isEqualTo(before);
        assertThat(tx.isActive()).isFalse();
        assertThatThrownBy(conn::begin).isInstanceOf(IllegalStateException.class);

        tx.close();
        assertThat(fake.events("rollback")).as("the server no longer has it").isEmpty();
        assertThat(db.stats().transactions()).isZero();
        assertThat(conn.execute("SELECT ?", 1).rowCount()).isEqualTo(1);
        assertThat(conn.isAutocommit()).isTrue();
    }

    @Test
    void commitOfALostTransactionThrowsExpired() {
        Transaction tx = conn.begin();
        assertThatThrownBy(() -> tx.execute("EXPIRE")).isInstanceOf(TransactionExpiredException.class);
        assertLost(tx::commit);
        assertThat(fake.events("commit")).isEmpty();
        assertThat(db.stats().transactions()).isZero();
        assertClosed(tx::commit, "Transaction");
    }

    @Test
    void expiryOnTheConnectionAlsoLosesTheTransaction() {
        Transaction tx = conn.begin();
        assertThatThrownBy(() -> conn.execute("EXPIRE")).isInstanceOf(TransactionExpiredException.class);
        assertLost(() -> tx.execute("INSERT 1"));
        tx.rollback();
        assertThat(conn.execute("SELECT ?", 1).rowCount()).isEqualTo(1);
    }

    @Test
    void expiryWhileStreamingAlsoLosesTheTransaction() {
        Transaction tx = conn.begin();
        Cursor k = tx.query("K", 5L, 2L, "STREAM_EXPIRED");
        assertThat(k.next()).isNotNull();
        assertThat(k.next()).isNotNull();
        assertThatThrownBy(k::next).isInstanceOf(TransactionExpiredException.class);
        assertLost(() -> tx.execute("INSERT 1"));
        assertLost(() -> conn.execute("INSERT 1"));
        tx.close();
        assertThat(conn.execute("SELECT ?", 1).rowCount()).isEqualTo(1);
    }

    @Test
    void rawCommitInsideATransactionEndsItAndTheConnectionGoesOn() {
        Transaction tx = conn.begin();
        conn.execute("INSERT 1");
        conn.execute("COMMIT");
        assertThat(tx.isActive()).isFalse();
        assertThat(db.stats().transactions()).as("the statement ended the transaction").isZero();
        assertThat(conn.isAutocommit()).isTrue();
        assertThat(conn.execute("SELECT ?", 1).rowCount()).as("the next statement runs").isEqualTo(1);
        assertClosed(() -> tx.execute("INSERT 2"), "Transaction");
        tx.close();
        assertThat(fake.events("rollback")).isEmpty();
        try (Transaction again = conn.begin()) {
            again.commit();
        }
    }

    @Test
    void rawRollbackThroughTheTransactionEndsIt() {
        Transaction tx = conn.begin();
        tx.execute("ROLLBACK");
        assertThat(tx.isActive()).isFalse();
        assertClosed(() -> tx.execute("INSERT 1"), "Transaction");
        assertThat(conn.execute("SELECT ?", 1).rowCount()).isEqualTo(1);
        assertThat(db.stats().transactions()).isZero();
    }

    /** Issue 11, defect 1: after a lost transaction, a ROLLBACK statement clears it quietly. */
    @ParameterizedTest
    @ValueSource(strings = {"ROLLBACK", "rollback transaction;", "  /* undo */ ROLLBACK -- now\n"})
    void rollbackStatementClearsALostTransaction(String rollback) {
        Transaction tx = conn.begin();
        tx.execute("INSERT 1");
        assertThatThrownBy(() -> conn.execute("EXPIRE")).isInstanceOf(TransactionExpiredException.class);
        assertLost(() -> conn.execute("SELECT 1"));
        fake.clearEvents();

        Result r = conn.execute(rollback);
        assertThat(r.rowCount()).isZero();
        assertThat(fake.events()).as("the server no longer has it: nothing to send").isEmpty();
        assertThat(tx.isActive()).isFalse();
        assertThat(db.stats().transactions()).isZero();
        assertThat(conn.isAutocommit()).isTrue();
        assertThat(conn.execute("SELECT ?", 3).rows().get(0).getLong(0)).isEqualTo(3L);
        assertClosed(() -> tx.execute("INSERT 2"), "Transaction");
        tx.close();
        try (Transaction again = conn.begin()) {
            again.execute("INSERT 3");
            again.commit();
        }
        assertThat(fake.events("commit")).hasSize(1);
    }

    /** Issue 11, defect 1: COMMIT or END on a lost transaction fails clearly, and clears it. */
    @ParameterizedTest
    @ValueSource(strings = {"COMMIT", "END", "end transaction;"})
    void commitStatementOnALostTransactionFailsAndClearsIt(String commit) {
        Transaction tx = conn.begin();
        tx.execute("INSERT 1");
        assertThatThrownBy(() -> tx.execute("EXPIRE")).isInstanceOf(TransactionExpiredException.class);
        fake.clearEvents();

        assertThatThrownBy(() -> conn.execute(commit))
                .isInstanceOf(TransactionExpiredException.class)
                .hasMessageContaining("nothing was committed")
                .hasMessageContaining("inactivity")
                .extracting(e -> ((LibSqlException) e).code()).isEqualTo("STREAM_EXPIRED");
        assertThat(fake.events()).isEmpty();
        assertThat(tx.isActive()).isFalse();
        assertThat(db.stats().transactions()).isZero();
        assertThat(conn.execute("SELECT ?", 3).rowCount()).isEqualTo(1);
        try (Transaction again = conn.begin()) {
            again.commit();
        }
    }

    @Test
    void commitOfALostTransactionSaysNothingWasCommitted() {
        Transaction tx = conn.begin();
        assertThatThrownBy(() -> tx.execute("EXPIRE")).isInstanceOf(TransactionExpiredException.class);
        assertThatThrownBy(tx::commit)
                .isInstanceOf(TransactionExpiredException.class)
                .hasMessageContaining("nothing was committed");
        assertThat(conn.execute("SELECT ?", 1).rowCount()).isEqualTo(1);
    }

    @Test
    void beginWhileALostTransactionIsOpenSaysHowToClearIt() {
        Transaction tx = conn.begin();
        assertThatThrownBy(() -> tx.execute("EXPIRE")).isInstanceOf(TransactionExpiredException.class);
        assertThatThrownBy(conn::begin)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was lost")
                .hasMessageContaining("ROLLBACK");
        conn.execute("ROLLBACK");
        try (Transaction again = conn.begin()) {
            again.commit();
        }
    }

    /**
     * Issue 11, defect 6: SQLite keeps a transaction whose COMMIT failed (a deferred foreign key,
     * SQLITE_BUSY). So does the core: the caller may fix the cause and commit again.
     */
    @Test
    void failedCommitKeepsTheTransactionOpenWhenTheSessionKeepsIt() {
        ConstraintViolationException fk =
                new ConstraintViolationException("SQLITE_CONSTRAINT_FOREIGNKEY", 787, "FOREIGN KEY constraint failed", null);
        fake.commitFailure = fk;
        fake.transactionSurvivesCommitFailure = true;
        Transaction tx = conn.begin();
        tx.execute("INSERT 1");
        assertThat(catchThrowable(tx::commit)).isSameAs(fk);
        assertThat(tx.isActive()).isTrue();
        assertThat(db.stats().transactions()).isEqualTo(1);
        assertThat(conn.isAutocommit()).isFalse();
        assertThat(txEvents()).containsExactly("begin session#1 DEFERRED", "commit session#1");

        fake.commitFailure = null;
        tx.execute("DELETE the dangling row");
        tx.commit();
        assertThat(tx.isActive()).isFalse();
        assertThat(db.stats().transactions()).isZero();
        assertThat(txEvents()).containsExactly("begin session#1 DEFERRED", "commit session#1", "commit session#1");
    }

    @Test
    void aTransactionKeptOpenAfterAFailedCommitCanBeRolledBack() {
        fake.commitFailure = new BusyException("SQLITE_BUSY", 5, "database is locked", null);
        fake.transactionSurvivesCommitFailure = true;
        try (Transaction tx = conn.begin()) {
            assertThatThrownBy(tx::commit).isInstanceOf(BusyException.class);
            conn.execute("ROLLBACK");
            assertThat(tx.isActive()).isFalse();
        }
        assertThat(txEvents()).containsExactly("begin session#1 DEFERRED", "commit session#1");
        assertThat(fake.events("execute")).anyMatch(e -> e.endsWith(" ROLLBACK"));
        assertThat(db.stats().transactions()).isZero();
        assertThat(conn.isAutocommit()).isTrue();
    }

    @Test
    void closingATransactionKeptOpenAfterAFailedCommitRollsBack() {
        BusyException busy = new BusyException("SQLITE_BUSY", 5, "database is locked", null);
        fake.commitFailure = busy;
        fake.transactionSurvivesCommitFailure = true;
        Transaction tx = conn.begin();
        assertThat(catchThrowable(tx::commit)).isSameAs(busy);
        tx.close();
        assertThat(txEvents()).containsExactly("begin session#1 DEFERRED", "commit session#1", "rollback session#1");
        assertThat(db.stats().transactions()).isZero();
        assertThat(conn.isAutocommit()).isTrue();
    }

    @Test
    void inTransactionRollsBackAfterAFailedCommit() {
        BusyException busy = new BusyException("SQLITE_BUSY", 5, "database is locked", null);
        fake.commitFailure = busy;
        fake.transactionSurvivesCommitFailure = true;
        assertThat(catchThrowable(() -> conn.inTransaction(tx -> tx.execute("INSERT 1")))).isSameAs(busy);
        assertThat(txEvents()).containsExactly("begin session#1 DEFERRED", "commit session#1", "rollback session#1");
        assertThat(db.stats().transactions()).isZero();
        assertThat(conn.isAutocommit()).isTrue();
    }

    @Test
    void failedCommitThatEndedTheTransactionDoesNotRollBack() {
        fake.commitFailure = new ConstraintViolationException("SQLITE_CONSTRAINT_FOREIGNKEY", "FK failed", null);
        fake.transactionSurvivesCommitFailure = false;
        Transaction tx = conn.begin();
        assertThatThrownBy(tx::commit).isInstanceOf(ConstraintViolationException.class);
        tx.close();
        assertThat(txEvents()).containsExactly("begin session#1 DEFERRED", "commit session#1");
        assertThat(conn.isAutocommit()).isTrue();
    }

    @Test
    void closingTheConnectionRollsBackTheTransaction() {
        Transaction tx = conn.begin();
        conn.close();
        assertThat(tx.isActive()).isFalse();
        assertThat(txEvents()).containsExactly("begin session#1 DEFERRED", "rollback session#1");
        assertThat(fake.events("rollback-on-close")).isEmpty();
    }

    private static void assertLost(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOf(TransactionExpiredException.class)
                .hasMessageContaining("no longer open");
    }
}
