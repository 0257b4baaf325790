package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.Config;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.testkit.SqldExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** JDBC connections on a {@link Database} the test opened: shared, never closed by the data source. */
class DatabaseDataSourceIT {
    @RegisterExtension
    static final SqldExtension SQLD = new SqldExtension();

    @Test
    void connectionsAreSessionsOfTheGivenDatabaseAndLeaveItOpen() throws SQLException {
        try (Database db = LibSql.open(Config.builder(SQLD.server().url()).authToken("not-shown-token").build())) {
            db.execute("CREATE TABLE dds(x INTEGER)");
            DatabaseDataSource ds = new DatabaseDataSource(db);
            try (Connection c = ds.getConnection()) {
                assertThat(c.unwrap(Database.class)).isSameAs(db);
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO dds VALUES (1), (2)");
                }
                c.commit();
            }
            // The core API reads what JDBC wrote; closing the JDBC connection left the database open.
            assertThat(db.isClosed()).isFalse();
            assertThat(db.execute("SELECT sum(x) FROM dds").singleValue().toJava()).isEqualTo(3L);
            try (Connection c = ds.getConnection("ignored", "ignored"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM dds")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(2);
                assertThat(c.getMetaData().getURL()).startsWith("jdbc:libsql:http://").doesNotContain("not-shown-token");
            }
            assertThat(ds.unwrap(Database.class)).isSameAs(db);
            assertThat(ds.toString()).doesNotContain("not-shown-token");
            assertThat(db.stats().connections()).isZero();

            db.close();
            assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class)
                    .hasMessageContaining("is closed")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
        }
    }

    @Test
    void aReadOnlyModeIsRefusedWithTheReason() {
        try (Database db = LibSql.open(SQLD.server().url())) {
            assertThatThrownBy(() -> new DatabaseDataSource(db, TransactionMode.READ_ONLY))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("setReadOnly");
        }
    }
}
