package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.testkit.SqldExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ErrorMappingIT extends ErrorMappingContract {
    @RegisterExtension
    static final SqldExtension SQLD = new SqldExtension();

    @Override
    String url() {
        return Targets.remote(SQLD);
    }

    /**
     * sqld drops a stream idle for 10 s: the transaction is lost, and JDBC says so with 40001.
     * On a second connection that learns it from a statement, rollback() (and on a third, a
     * ROLLBACK statement) clears the dead transaction, and the next statement works (issue 11).
     */
    @Test
    void anExpiredTransactionIsARollback() throws Exception {
        try (Connection c = open(); Statement s = c.createStatement();
             Connection c2 = open(); Statement s2 = c2.createStatement();
             Connection c3 = open(); Statement s3 = c3.createStatement()) {
            String t = table("expiry");
            exec(c, "CREATE TABLE " + t + "(a)");
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO " + t + " VALUES (1)");
            c2.setAutoCommit(false);
            s2.executeUpdate("INSERT INTO " + t + " VALUES (20)");
            s3.execute("BEGIN");
            s3.executeUpdate("INSERT INTO " + t + " VALUES (30)");
            Thread.sleep(11_500);

            assertThatThrownBy(() -> s2.executeUpdate("INSERT INTO " + t + " VALUES (21)"))
                    .isInstanceOf(SQLTransactionRollbackException.class);
            c2.rollback();
            s2.executeUpdate("INSERT INTO " + t + " VALUES (22)");
            c2.commit();
            assertThatThrownBy(() -> s3.executeQuery("SELECT 1")).isInstanceOf(SQLTransactionRollbackException.class);
            s3.execute("ROLLBACK");
            assertThat(c3.getAutoCommit()).isTrue();
            s3.executeUpdate("INSERT INTO " + t + " VALUES (33)");

            assertThatThrownBy(c::commit)
                    .isInstanceOf(SQLTransactionRollbackException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40001"));
            // the next statement begins a new transaction
            s.executeUpdate("INSERT INTO " + t + " VALUES (2)");
            c.commit();
            c.setAutoCommit(true);
            assertThat(count(c, t)).as("2, 22 and 33").isEqualTo(3);
        }
    }
}
