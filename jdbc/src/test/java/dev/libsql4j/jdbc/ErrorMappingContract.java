package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.LibSqlException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Real database errors arrive as the right SQLException subclass, state and vendor code. */
abstract class ErrorMappingContract extends JdbcContract {
    private static SQLException error(ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(SQLException.class);
        return (SQLException) t;
    }

    @Test
    void constraintViolations() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String p = table("parent");
            String k = table("kid");
            exec(c, "CREATE TABLE " + p + "(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n INT CHECK (n >= 0))");
            exec(c, "CREATE TABLE " + k + "(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES " + p + "(id))");
            exec(c, "INSERT INTO " + p + " VALUES (1, 'a', 1)");

            SQLException unique = error(() -> s.executeUpdate("INSERT INTO " + p + "(name) VALUES ('a')"));
            assertThat((Throwable) unique).isInstanceOf(SQLIntegrityConstraintViolationException.class);
            assertThat(unique.getSQLState()).isEqualTo("23000");
            assertThat(unique.getErrorCode()).isEqualTo(2067);
            assertThat(unique.getMessage()).contains("UNIQUE constraint failed").contains(p + ".name");
            assertThat(unique.getCause()).isInstanceOf(LibSqlException.class);

            SQLException notNull = error(() -> s.executeUpdate("INSERT INTO " + p + "(name) VALUES (NULL)"));
            assertThat((Throwable) notNull).isInstanceOf(SQLIntegrityConstraintViolationException.class);
            assertThat(notNull.getErrorCode()).isEqualTo(1299);

            SQLException check = error(() -> s.executeUpdate("INSERT INTO " + p + "(name, n) VALUES ('b', -1)"));
            assertThat(check.getErrorCode()).isEqualTo(275);

            SQLException pk = error(() -> s.executeUpdate("INSERT INTO " + p + "(id, name) VALUES (1, 'c')"));
            assertThat((Throwable) pk).isInstanceOf(SQLIntegrityConstraintViolationException.class);
            // The same extended code on every transport: sqld's message alone reads like a UNIQUE failure.
            assertThat(pk.getErrorCode()).isEqualTo(1555);
            assertThat(pk.getMessage()).startsWith("[SQLITE_CONSTRAINT_PRIMARYKEY]");

            exec(c, "PRAGMA foreign_keys = ON");
            c.setAutoCommit(false);
            exec(c, "PRAGMA foreign_keys = ON");
            SQLException fk = error(() -> s.executeUpdate("INSERT INTO " + k + "(pid) VALUES (99)"));
            assertThat((Throwable) fk).isInstanceOf(SQLIntegrityConstraintViolationException.class);
            assertThat(fk.getErrorCode()).isEqualTo(787);
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    @Test
    void syntaxAndMissingObjects() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            SQLException syntax = error(() -> s.executeQuery("SELEC 1"));
            assertThat((Throwable) syntax).isInstanceOf(SQLSyntaxErrorException.class);
            assertThat(syntax.getSQLState()).isEqualTo("42000");
            assertThat(syntax.getErrorCode()).as("SQLITE_ERROR on every transport").isEqualTo(1);

            SQLException table = error(() -> s.executeQuery("SELECT * FROM no_such_table"));
            assertThat((Throwable) table).isInstanceOf(SQLSyntaxErrorException.class);
            assertThat(table.getSQLState()).isEqualTo("42S02");
            assertThat(table.getMessage()).contains("no_such_table");
            assertThat(table.getErrorCode()).isEqualTo(1);

            SQLException column = error(() -> s.executeQuery("SELECT no_such_column FROM (SELECT 1 AS a)"));
            assertThat((Throwable) column).isInstanceOf(SQLSyntaxErrorException.class);
            assertThat(column.getSQLState()).isEqualTo("42S22");
            assertThat(column.getErrorCode()).isEqualTo(1);

            String t = table("dup");
            exec(c, "CREATE TABLE " + t + "(a)");
            SQLException exists = error(() -> s.execute("CREATE TABLE " + t + "(a)"));
            assertThat((Throwable) exists).isInstanceOf(SQLSyntaxErrorException.class);
            assertThat(exists.getSQLState()).isEqualTo("42S01");
        }
    }

    @Test
    void errorsInPreparedStatementsAndStreams() throws SQLException {
        try (Connection c = open()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM missing_" + System.nanoTime() + " WHERE a = ?")) {
                ps.setInt(1, 1);
                SQLException e = error(ps::executeQuery);
                assertThat(e.getSQLState()).isEqualTo("42S02");
            }
            try (Statement s = c.createStatement()) {
                // fails while rows stream: the error surfaces from next()
                SQLException e = error(() -> {
                    try (var rs = s.executeQuery("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 10)"
                            + " SELECT CASE WHEN x < 5 THEN x ELSE abs(-9223372036854775807 - 1) END FROM c")) {
                        while (rs.next()) {
                            rs.getLong(1);
                        }
                    }
                });
                assertThat(e.getMessage()).containsIgnoringCase("overflow");
            }
            assertThat(c.isValid(5)).as("the connection survives statement errors").isTrue();
        }
    }

    @Test
    void anErrorInATransactionLeavesItUsable() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = table("txerr");
            exec(c, "CREATE TABLE " + t + "(a UNIQUE)");
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO " + t + " VALUES (1)");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO " + t + " VALUES (1)"))
                    .isInstanceOf(SQLIntegrityConstraintViolationException.class);
            s.executeUpdate("INSERT INTO " + t + " VALUES (2)");
            c.commit();
            assertThat(count(c, t)).isEqualTo(2);
            c.setAutoCommit(true);
        }
    }
}
