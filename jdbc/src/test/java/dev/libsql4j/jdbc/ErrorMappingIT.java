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

    /** sqld drops a stream idle for 10 s: the transaction is lost, and JDBC says so with 40001. */
    @Test
    void anExpiredTransactionIsARollback() throws Exception {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = table("expiry");
            exec(c, "CREATE TABLE " + t + "(a)");
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO " + t + " VALUES (1)");
            Thread.sleep(11_500);
            assertThatThrownBy(c::commit)
                    .isInstanceOf(SQLTransactionRollbackException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40001"));
            // the next statement begins a new transaction
            s.executeUpdate("INSERT INTO " + t + " VALUES (2)");
            c.commit();
            c.setAutoCommit(true);
            assertThat(count(c, t)).isEqualTo(1);
        }
    }
}
