package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Running statements: the execute family, generated keys, batches, limits, timeouts and cancel. */
abstract class StatementContract extends JdbcContract {
    /** A query that keeps the database busy for about two seconds on these machines. */
    static final String SLOW = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 20000000)"
            + " SELECT count(*) FROM c";

    private String items(Connection c) throws SQLException {
        String t = table("items");
        exec(c, "CREATE TABLE " + t + "(id INTEGER PRIMARY KEY, name TEXT UNIQUE, qty INTEGER DEFAULT 0)");
        return t;
    }

    @Test
    void executeReportsResultSetsAndUpdateCounts() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = table("ex");
            assertThat(s.execute("CREATE TABLE " + t + "(a)")).isFalse();
            assertThat(s.getUpdateCount()).isZero();
            assertThat(s.getResultSet()).isNull();
            assertThat(s.execute("INSERT INTO " + t + " VALUES (1), (2), (3)")).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(3);
            assertThat(s.getLargeUpdateCount()).isEqualTo(3);
            assertThat(s.getMoreResults()).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(-1);
            assertThat(s.execute("SELECT a FROM " + t + " ORDER BY a")).isTrue();
            assertThat(s.getUpdateCount()).isEqualTo(-1);
            ResultSet rs = s.getResultSet();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getStatement()).isSameAs(s);
            assertThat(s.getMoreResults()).isFalse();
            assertThat(rs.isClosed()).isTrue();
            assertThat(s.getResultSet()).isNull();
            assertThat(s.execute("SELECT a FROM " + t)).isTrue();
            assertThat(s.getResultSet().unwrap(JdbcResultSet.class).isStreaming()).isTrue();
            assertThat(s.execute("PRAGMA table_info(" + t + ")")).isTrue();
            assertThat(s.execute("WITH x AS (SELECT 5 AS v) SELECT v FROM x")).isTrue();
            assertThat(s.executeUpdate("UPDATE " + t + " SET a = a + 1 WHERE a > 1")).isEqualTo(2);
            assertThat(s.executeLargeUpdate("DELETE FROM " + t)).isEqualTo(3);
            assertThat(s.executeUpdate("DROP TABLE " + t)).isZero();
        }
    }

    @Test
    void executeQueryOfANonQueryFails() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = table("nq");
            exec(c, "CREATE TABLE " + t + "(a)");
            assertThatThrownBy(() -> s.executeQuery("INSERT INTO " + t + " VALUES (1)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("no result set")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("07005"));
            assertThat(count(c, t)).as("it ran, as with sqlite-jdbc").isEqualTo(1);
        }
    }

    @Test
    void scriptsRunThroughAPlainStatement() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String a = table("sa");
            String b = table("sb");
            assertThat(s.execute("CREATE TABLE " + a + "(x); CREATE TABLE " + b + "(y);\n"
                    + "CREATE TRIGGER " + a + "_t AFTER INSERT ON " + a + " BEGIN INSERT INTO " + b + " VALUES (new.x); END;\n"
                    + "INSERT INTO " + a + " VALUES (1);")).isFalse();
            assertThat(count(c, b)).isEqualTo(1);
            try (PreparedStatement ps = c.prepareStatement("SELECT 1; SELECT 2")) {
                assertThatThrownBy(ps::execute).isInstanceOf(SQLException.class).hasMessageContaining("more than one");
            }
        }
    }

    @Test
    void generatedRowidKeys() throws SQLException {
        try (Connection c = open()) {
            String t = items(c);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + "(name) VALUES (?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "a");
                assertThat(ps.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong(1)).isEqualTo(1);
                    assertThat(keys.getMetaData().getColumnName(1)).isEqualTo("last_insert_rowid()");
                    assertThat(keys.next()).isFalse();
                }
                ps.setString(1, "b");
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong(1)).isEqualTo(2);
                }
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO " + t + "(name) VALUES ('c')", Statement.RETURN_GENERATED_KEYS);
                try (ResultSet keys = s.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong(1)).isEqualTo(3);
                }
                s.executeUpdate("UPDATE " + t + " SET qty = 1", Statement.RETURN_GENERATED_KEYS);
                try (ResultSet keys = s.getGeneratedKeys()) {
                    assertThat(keys.next()).as("an UPDATE generates no key").isFalse();
                }
                s.executeUpdate("UPDATE " + t + " SET qty = 2");
                try (ResultSet keys = s.getGeneratedKeys()) {
                    assertThat(keys.next()).isFalse();
                }
            }
        }
    }

    @Test
    void sessionFunctionsSeeThisConnectionsLastInsert() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = items(c);
            s.executeUpdate("INSERT INTO " + t + "(name) VALUES ('a'), ('b')");
            s.executeUpdate("INSERT INTO " + t + "(name) VALUES ('c')");
            try (ResultSet rs = s.executeQuery("SELECT last_insert_rowid(), changes(), total_changes() >= 3,"
                    + " (SELECT name FROM " + t + " WHERE rowid = last_insert_rowid())")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(3);
                assertThat(rs.getLong(2)).isEqualTo(1);
                assertThat(rs.getBoolean(3)).isTrue();
                assertThat(rs.getString(4)).isEqualTo("c");
            }
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO " + t + "(name) VALUES ('d')");
            try (ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(4);
            }
            c.commit();
            c.setAutoCommit(true);
        }
    }

    @Test
    void generatedKeysByColumnNameUseReturning() throws SQLException {
        try (Connection c = open()) {
            String t = items(c);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + "(name) VALUES (?);",
                    new String[] {"id", "qty"})) {
                ps.setString(1, "a");
                assertThat(ps.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong("id")).isEqualTo(1);
                    assertThat(keys.getInt("qty")).isZero();
                }
            }
            try (Statement s = c.createStatement()) {
                assertThat(s.execute("INSERT INTO " + t + "(name) VALUES ('b')", new String[] {"name"})).isFalse();
                assertThat(s.getUpdateCount()).isEqualTo(1);
                try (ResultSet keys = s.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getString(1)).isEqualTo("b");
                }
            }
        }
    }

    @Test
    void returningStatements() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = items(c);
            assertThat(s.execute("INSERT INTO " + t + "(name) VALUES ('a'), ('b') RETURNING id, name")).isTrue();
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.getResultSet()) {
                while (rs.next()) {
                    names.add(rs.getLong("id") + rs.getString("name"));
                }
            }
            assertThat(names).containsExactly("1a", "2b");
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                assertThat(keys.getString(2)).isEqualTo("a");
            }
            assertThat(s.executeUpdate("UPDATE " + t + " SET qty = 5 RETURNING id")).isEqualTo(2);
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                assertThat(keys.next()).isTrue();
                assertThat(keys.next()).isFalse();
            }
            try (ResultSet rs = s.executeQuery("DELETE FROM " + t + " WHERE id = 1 RETURNING name")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("a");
            }
        }
    }

    @Test
    void batchesReturnUpdateCounts() throws SQLException {
        try (Connection c = open()) {
            String t = items(c);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + "(name, qty) VALUES (?, ?)")) {
                for (int i = 0; i < 100; i++) {
                    ps.setString(1, "n" + i);
                    ps.setInt(2, i);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                assertThat(counts).hasSize(100).containsOnly(1);
                assertThat(ps.executeBatch()).as("the batch is emptied").isEmpty();
            }
            try (Statement s = c.createStatement()) {
                s.addBatch("UPDATE " + t + " SET qty = qty + 1 WHERE qty < 10");
                s.addBatch("DELETE FROM " + t + " WHERE qty >= 90");
                s.addBatch("INSERT INTO " + t + "(name) VALUES ('x')");
                assertThat(s.executeBatch()).containsExactly(10, 10, 1);
                s.addBatch("DELETE FROM " + t);
                s.clearBatch();
                assertThat(s.executeLargeBatch()).isEmpty();
            }
            assertThat(count(c, t)).isEqualTo(91);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + "(name) VALUES (?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "k1");
                ps.addBatch();
                ps.setString(1, "k2");
                ps.addBatch();
                ps.executeBatch();
                List<Long> keys = new ArrayList<>();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    while (rs.next()) {
                        keys.add(rs.getLong(1));
                    }
                }
                assertThat(keys).hasSize(2);
                assertThat(keys.get(1)).isEqualTo(keys.get(0) + 1);
            }
        }
    }

    @Test
    void aFailingBatchAppliesNothing() throws SQLException {
        try (Connection c = open()) {
            String t = items(c);
            exec(c, "INSERT INTO " + t + "(name) VALUES ('taken')");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + "(name) VALUES (?)")) {
                for (String n : new String[] {"a", "b", "taken", "c"}) {
                    ps.setString(1, n);
                    ps.addBatch();
                }
                assertThatThrownBy(ps::executeBatch)
                        .isInstanceOf(BatchUpdateException.class)
                        .hasMessageContaining("statement 2")
                        .satisfies(e -> {
                            BatchUpdateException b = (BatchUpdateException) e;
                            assertThat(b.getUpdateCounts()).containsExactly(Statement.EXECUTE_FAILED,
                                    Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED);
                            assertThat(b.getSQLState()).isEqualTo("23000");
                            assertThat(b.getCause()).isInstanceOf(SQLIntegrityConstraintViolationException.class);
                        });
            }
            assertThat(count(c, t)).isEqualTo(1);
            // inside a transaction the failed batch is undone, the transaction goes on
            c.setAutoCommit(false);
            exec(c, "INSERT INTO " + t + "(name) VALUES ('in-tx')");
            try (Statement s = c.createStatement()) {
                s.addBatch("INSERT INTO " + t + "(name) VALUES ('d')");
                s.addBatch("INSERT INTO " + t + "(name) VALUES ('taken')");
                assertThatThrownBy(s::executeBatch).isInstanceOf(BatchUpdateException.class);
            }
            c.commit();
            assertThat(count(c, t)).isEqualTo(2);
            c.setAutoCommit(true);
        }
    }

    @Test
    void maxRowsLimitsAStreamedResult() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.setMaxRows(10);
            assertThat(s.getMaxRows()).isEqualTo(10);
            int n = 0;
            try (ResultSet rs = s.executeQuery("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 1000)"
                    + " SELECT x FROM c")) {
                while (rs.next()) {
                    n++;
                }
                assertThat(rs.next()).isFalse();
            }
            assertThat(n).isEqualTo(10);
            assertThatThrownBy(() -> s.setMaxRows(-1)).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void largeResultsStream() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 200000)"
                     + " SELECT x, printf('%0100d', x) FROM c")) {
            assertThat(rs.unwrap(JdbcResultSet.class).isStreaming()).as("rows come through a cursor").isTrue();
            long sum = 0;
            int rows = 0;
            while (rs.next()) {
                sum += rs.getLong(1);
                rows++;
                assertThat(rs.getRow()).isEqualTo(rows);
            }
            assertThat(rows).isEqualTo(200_000);
            assertThat(sum).isEqualTo(200_000L * 200_001L / 2);
        }
    }

    @Test
    void statementsRunWhileAResultSetIsOpen() throws SQLException {
        try (Connection c = open()) {
            String t = items(c);
            try (Statement reader = c.createStatement();
                 PreparedStatement writer = c.prepareStatement("INSERT INTO " + t + "(name, qty) VALUES (?, ?)");
                 ResultSet rs = reader.executeQuery("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c"
                         + " LIMIT 50) SELECT x FROM c")) {
                while (rs.next()) {
                    writer.setString(1, "r" + rs.getInt(1));
                    writer.setInt(2, rs.getInt(1));
                    writer.executeUpdate();
                }
            }
            assertThat(count(c, t)).isEqualTo(50);
            c.setAutoCommit(false);
            try (Statement reader = c.createStatement();
                 PreparedStatement writer = c.prepareStatement("UPDATE " + t + " SET qty = qty * 2 WHERE name = ?");
                 ResultSet rs = reader.executeQuery("SELECT name FROM " + t + " ORDER BY id")) {
                int n = 0;
                while (rs.next()) {
                    writer.setString(1, rs.getString(1));
                    assertThat(writer.executeUpdate()).isEqualTo(1);
                    n++;
                }
                assertThat(n).isEqualTo(50);
            }
            c.commit();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT sum(qty) FROM " + t)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(2L * 50 * 51 / 2);
            }
            c.commit();
        }
    }

    @Test
    void resultSetsSurviveCommit() throws SQLException {
        try (Connection c = open()) {
            String t = items(c);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + "(name) VALUES (?)")) {
                for (int i = 0; i < 100; i++) {
                    ps.setString(1, "v" + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM " + t + " ORDER BY id")) {
                for (int i = 0; i < 10; i++) {
                    assertThat(rs.next()).isTrue();
                }
                c.commit();
                int rest = 0;
                while (rs.next()) {
                    rest++;
                }
                assertThat(rest).isEqualTo(90);
            }
            c.setAutoCommit(true);
        }
    }

    @Test
    void positionAndNavigation() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 AS a UNION ALL SELECT 2")) {
            assertThat(rs.isBeforeFirst()).isTrue();
            assertThat(rs.getRow()).isZero();
            assertThatThrownBy(() -> rs.getInt(1)).isInstanceOf(SQLException.class).hasMessageContaining("next()");
            assertThat(rs.next()).isTrue();
            assertThat(rs.isFirst()).isTrue();
            assertThat(rs.isLast()).isFalse();
            assertThat(rs.next()).isTrue();
            assertThat(rs.isLast()).isTrue();
            assertThat(rs.getInt("A")).isEqualTo(2);
            assertThat(rs.findColumn("a")).isEqualTo(1);
            assertThatThrownBy(() -> rs.findColumn("nope")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("nope").hasMessageContaining("[a]");
            assertThat(rs.next()).isFalse();
            assertThat(rs.isAfterLast()).isTrue();
            assertThat(rs.next()).isFalse();
            assertThat(rs.getType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
            assertThat(rs.getConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
            assertThatThrownBy(rs::previous).isInstanceOf(SQLException.class).hasMessageContaining("FORWARD_ONLY");
            assertThatThrownBy(rs::first).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> rs.absolute(1)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> rs.updateInt(1, 5)).isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
        }
    }

    @Test
    void queryTimeoutInterruptsTheCall() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            assertThat(s.getQueryTimeout()).isEqualTo(1);
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.executeQuery(SLOW))
                    .isInstanceOf(SQLTimeoutException.class)
                    .hasMessageContaining("timed out")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("HYT00"));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(ms).isBetween(900L, 1900L);
            s.setQueryTimeout(0);
            try (ResultSet rs = s.executeQuery("SELECT 7")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
        }
    }

    @Test
    void cancelFromAnotherThread() throws Exception {
        try (Connection c = open(); Statement s = c.createStatement()) {
            CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(400);
                    s.cancel();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(() -> s.executeQuery(SLOW))
                    .isInstanceOf(SQLTimeoutException.class)
                    .hasMessageContaining("cancel")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("HY008"));
            canceller.get(10, TimeUnit.SECONDS);
            s.cancel(); // nothing in flight: a no-op
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void transactionStatementsInSql() throws SQLException {
        try (Connection c = open(); Statement s = c.createStatement()) {
            String t = items(c);
            s.execute("BEGIN");
            s.executeUpdate("INSERT INTO " + t + "(name) VALUES ('rolled back')");
            s.execute("ROLLBACK");
            assertThat(count(c, t)).isZero();
            s.execute("BEGIN IMMEDIATE");
            s.executeUpdate("INSERT INTO " + t + "(name) VALUES ('kept')");
            try (Connection other = open()) {
                assertThat(count(other, t)).as("not yet committed").isZero();
            }
            s.execute("COMMIT");
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(count(c, t)).isEqualTo(1);
            assertThatThrownBy(() -> s.execute("COMMIT")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("no transaction is active");
            s.execute("BEGIN");
            assertThatThrownBy(() -> s.execute("BEGIN")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("within a transaction");
            s.execute("END");
        }
    }
}
