package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.libsql4j.TransactionMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Savepoint;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Autocommit, commit and rollback, savepoints, isolation levels and read-only mode. */
abstract class TransactionContract extends JdbcContract {
    private String accounts(Connection c) throws SQLException {
        String t = table("acct");
        exec(c, "CREATE TABLE " + t + "(id INTEGER PRIMARY KEY, owner TEXT)");
        return t;
    }

    private static void insert(Connection c, String t, String owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + "(owner) VALUES (?)")) {
            ps.setString(1, owner);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void autocommitIsOnByDefault() throws SQLException {
        try (Connection c = open(); Connection other = open()) {
            assertThat(c.getAutoCommit()).isTrue();
            String t = accounts(c);
            insert(c, t, "a");
            assertThat(count(other, t)).isEqualTo(1);
            assertThatThrownBy(c::commit).isInstanceOf(SQLException.class).hasMessageContaining("autocommit")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25000"));
            assertThatThrownBy(c::rollback).isInstanceOf(SQLException.class).hasMessageContaining("autocommit");
        }
    }

    @Test
    void rollbackUndoesAndCommitPublishes() throws SQLException {
        try (Connection c = open(); Connection other = open()) {
            String t = accounts(c);
            c.setAutoCommit(false);
            insert(c, t, "gone");
            assertThat(count(c, t)).isEqualTo(1);
            assertThat(count(other, t)).as("not visible before commit").isZero();
            c.rollback();
            assertThat(count(c, t)).isZero();
            insert(c, t, "kept");
            c.commit();
            assertThat(count(other, t)).isEqualTo(1);
            c.commit(); // nothing open: fine
            c.rollback();
        }
    }

    @Test
    void theTransactionBeginsLazily() throws SQLException {
        try (Connection c = open()) {
            String t = accounts(c);
            dev.libsql4j.Connection core = c.unwrap(dev.libsql4j.Connection.class);
            c.setAutoCommit(false);
            assertThat(core.isAutocommit()).as("no BEGIN before the first statement").isTrue();
            c.setReadOnly(true);
            c.setReadOnly(false);
            insert(c, t, "x");
            assertThat(core.isAutocommit()).isFalse();
            assertThatThrownBy(() -> c.setReadOnly(true)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("transaction is open");
            c.commit();
            assertThat(core.isAutocommit()).isTrue();
        }
    }

    @Test
    void switchingAutocommitOnCommits() throws SQLException {
        try (Connection c = open(); Connection other = open()) {
            String t = accounts(c);
            c.setAutoCommit(false);
            insert(c, t, "x");
            c.setAutoCommit(true);
            assertThat(count(other, t)).isEqualTo(1);
        }
    }

    @Test
    void closingRollsBack() throws SQLException {
        String t;
        try (Connection c = open()) {
            t = accounts(c);
            c.setAutoCommit(false);
            insert(c, t, "x");
        }
        try (Connection c = open()) {
            assertThat(count(c, t)).isZero();
        }
    }

    @Test
    void savepoints() throws SQLException {
        try (Connection c = open()) {
            String t = accounts(c);
            assertThatThrownBy(c::setSavepoint).isInstanceOf(SQLException.class).hasMessageContaining("autocommit");
            c.setAutoCommit(false);
            insert(c, t, "base");
            Savepoint sp1 = c.setSavepoint();
            insert(c, t, "after sp1");
            Savepoint sp2 = c.setSavepoint("second");
            insert(c, t, "after sp2");
            assertThat(count(c, t)).isEqualTo(3);
            c.rollback(sp2);
            assertThat(count(c, t)).isEqualTo(2);
            insert(c, t, "again");
            c.rollback(sp1);
            assertThat(count(c, t)).isEqualTo(1);
            assertThatThrownBy(() -> c.rollback(sp2)).as("rolled back past").isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("3B001"));
            Savepoint sp3 = c.setSavepoint("third");
            insert(c, t, "released");
            c.releaseSavepoint(sp3);
            assertThatThrownBy(() -> c.releaseSavepoint(sp3)).isInstanceOf(SQLException.class);
            c.commit();
            assertThat(count(c, t)).isEqualTo(2);
            assertThatThrownBy(() -> c.rollback(sp1)).as("its transaction ended").isInstanceOf(SQLException.class);
            assertThat(sp1.getSavepointId()).isPositive();
            assertThatThrownBy(sp1::getSavepointName).isInstanceOf(SQLException.class);
            assertThat(sp2.getSavepointName()).isEqualTo("second");
            assertThatThrownBy(sp2::getSavepointId).isInstanceOf(SQLException.class);
            Savepoint first = c.setSavepoint("first thing in a transaction");
            insert(c, t, "undone");
            c.rollback(first);
            c.commit();
            assertThat(count(c, t)).isEqualTo(2);
        }
    }

    @Test
    void isolationLevelsAreAcceptedAndSerializable() throws SQLException {
        try (Connection c = open()) {
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            for (int level : new int[] {Connection.TRANSACTION_READ_UNCOMMITTED, Connection.TRANSACTION_READ_COMMITTED,
                Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_SERIALIZABLE}) {
                c.setTransactionIsolation(level);
                assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
                assertThat(c.getMetaData().supportsTransactionIsolationLevel(level)).isTrue();
            }
            assertThatThrownBy(() -> c.setTransactionIsolation(Connection.TRANSACTION_NONE))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> c.setTransactionIsolation(12345)).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void readOnlyTransactionsRefuseWrites() throws SQLException {
        try (Connection c = open()) {
            String t = accounts(c);
            insert(c, t, "existing");
            c.setReadOnly(true);
            assertThat(c.isReadOnly()).isTrue();
            assertThat(c.getMetaData().isReadOnly()).isTrue();
            c.setAutoCommit(false);
            assertThat(count(c, t)).isEqualTo(1);
            assertThatThrownBy(() -> insert(c, t, "refused")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
            c.rollback();
            c.setReadOnly(false);
            insert(c, t, "allowed");
            c.commit();
            assertThat(count(c, t)).isEqualTo(2);
        }
    }

    @Test
    void transactionModeProperty() throws SQLException {
        Properties p = new Properties();
        p.setProperty("transactionMode", "IMMEDIATE");
        try (Connection c = open(p)) {
            assertThat(c.unwrap(JdbcConnection.class).transactionMode()).isEqualTo(TransactionMode.IMMEDIATE);
            String t = accounts(c);
            c.setAutoCommit(false);
            insert(c, t, "x");
            c.commit();
            assertThat(count(c, t)).isEqualTo(1);
        }
    }

    @Test
    void inTransactionStatementsSeeTheirOwnWrites() throws SQLException {
        try (Connection c = open()) {
            String t = accounts(c);
            c.setAutoCommit(false);
            for (int i = 0; i < 20; i++) {
                insert(c, t, "o" + i);
            }
            assertThat(count(c, t)).isEqualTo(20);
            exec(c, "DELETE FROM " + t + " WHERE id % 2 = 0");
            assertThat(count(c, t)).isEqualTo(10);
            c.rollback();
            assertThat(count(c, t)).isZero();
            c.setAutoCommit(true);
        }
    }

    /** A parent table with row 1 and a child table whose foreign key is checked at COMMIT. */
    private String[] deferredForeignKey(Connection c) throws SQLException {
        String parent = table("fk_parent");
        String child = table("fk_child");
        exec(c, "PRAGMA foreign_keys = ON"); // per connection locally; sqld turns them on itself
        exec(c, "CREATE TABLE " + parent + "(id INTEGER PRIMARY KEY)");
        exec(c, "CREATE TABLE " + child + "(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES " + parent
                + "(id) DEFERRABLE INITIALLY DEFERRED)");
        exec(c, "INSERT INTO " + parent + " VALUES (1)");
        return new String[] {parent, child};
    }

    /**
     * Issue 11, defect 6: a refused COMMIT. Locally the transaction stays open, as SQLite keeps
     * it: fix the data and commit again, or roll back. Over HTTP it was rolled back, and the error
     * says so. Through commit(), a COMMIT statement and setAutoCommit(true).
     */
    @Test
    void aRefusedCommitKeepsTheTransactionLocallyAndSaysRolledBackRemotely() throws SQLException {
        try (Connection c = open(); Connection other = open()) {
            String[] t = deferredForeignKey(c);
            String parent = t[0];
            String child = t[1];
            c.setAutoCommit(false);
            exec(c, "INSERT INTO " + child + " VALUES (1, 99)"); // dangling until parent 99 exists
            SQLException viaCommit = catchThrowableOfType(c::commit, SQLException.class);
            assertThat((Throwable) viaCommit).isInstanceOf(SQLIntegrityConstraintViolationException.class);
            assertThat(viaCommit.getMessage()).containsIgnoringCase("foreign key");
            if (remote()) {
                assertThat(viaCommit.getMessage()).contains("rolled back");
                assertThat(count(c, child)).isZero();
                c.rollback(); // nothing open: fine
            } else {
                assertThat(count(c, child)).as("still inside the transaction").isEqualTo(1);
                exec(c, "INSERT INTO " + parent + " VALUES (99)");
                c.commit();
                assertThat(count(other, child)).isEqualTo(1);
            }

            // The same through a COMMIT statement, then ROLLBACK.
            exec(c, "INSERT INTO " + child + " VALUES (2, 77)");
            SQLException viaStatement = catchThrowableOfType(() -> exec(c, "COMMIT"), SQLException.class);
            assertThat((Throwable) viaStatement).isInstanceOf(SQLIntegrityConstraintViolationException.class);
            if (!remote()) {
                assertThat(count(c, child)).as("still inside the transaction").isEqualTo(2);
                exec(c, "ROLLBACK");
            }
            assertThat(count(c, child)).isEqualTo(remote() ? 0 : 1);

            // setAutoCommit(true) commits; when that is refused and the transaction is kept,
            // autocommit stays off until the caller ends it.
            exec(c, "INSERT INTO " + child + " VALUES (3, 55)");
            assertThatThrownBy(() -> c.setAutoCommit(true)).isInstanceOf(SQLIntegrityConstraintViolationException.class);
            assertThat(c.getAutoCommit()).isEqualTo(remote());
            if (!remote()) {
                c.rollback();
                c.setAutoCommit(true);
            }
            assertThat(count(other, child)).isEqualTo(remote() ? 0 : 1);
            exec(c, "INSERT INTO " + parent + " VALUES (5)"); // the connection goes on
            assertThat(count(other, parent)).isEqualTo(remote() ? 2 : 3);
        }
    }
}
