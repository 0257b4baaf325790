package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.Database;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Registration, connecting, sharing, closing, wrappers and connection-level settings. */
abstract class DriverContract extends JdbcContract {
    @Test
    void registersWithTheServiceLoaderAndDriverManager() throws SQLException {
        assertThat(ServiceLoader.load(Driver.class)).anyMatch(d -> d instanceof LibSqlDriver);
        assertThat(DriverManager.getDriver(url())).isInstanceOf(LibSqlDriver.class);
        try (Connection c = open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1 + 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void unwrapsToTheCoreApi() throws SQLException {
        try (Connection c = open()) {
            assertThat(c.isWrapperFor(dev.libsql4j.Connection.class)).isTrue();
            assertThat(c.isWrapperFor(Database.class)).isTrue();
            assertThat(c.isWrapperFor(String.class)).isFalse();
            dev.libsql4j.Connection core = c.unwrap(dev.libsql4j.Connection.class);
            assertThat(core.execute("SELECT 41 + 1").singleValue().toString()).isEqualTo("42");
            assertThat(c.unwrap(Connection.class)).isSameAs(c);
            assertThatThrownBy(() -> c.unwrap(String.class)).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void connectionsWithEqualSettingsShareOneDatabase() throws SQLException {
        Connection a = open();
        Connection b = open();
        assertThat(a.unwrap(Database.class)).isSameAs(b.unwrap(Database.class));
        assertThat(DatabaseRegistry.SHARED.openDatabases()).isEqualTo(1);
        Database db = a.unwrap(Database.class);
        a.close();
        assertThat(db.isClosed()).isFalse();
        assertThat(b.isValid(5)).isTrue();
        b.close();
        assertThat(db.isClosed()).isTrue();
        Properties own = new Properties();
        own.setProperty("shareDatabase", "false");
        try (Connection c1 = open(own); Connection c2 = open(own)) {
            assertThat(c1.unwrap(Database.class)).isNotSameAs(c2.unwrap(Database.class));
            assertThat(DatabaseRegistry.SHARED.openDatabases()).isZero();
        }
    }

    @Test
    void closingIsIdempotentAndClosesChildren() throws SQLException {
        Connection c = open();
        Statement s = c.createStatement();
        PreparedStatement ps = c.prepareStatement("SELECT ?");
        ResultSet rs = s.executeQuery("SELECT 1 UNION ALL SELECT 2");
        assertThat(rs.next()).isTrue();
        c.close();
        c.close();
        assertThat(c.isClosed()).isTrue();
        assertThat(s.isClosed()).isTrue();
        assertThat(ps.isClosed()).isTrue();
        assertThat(rs.isClosed()).isTrue();
        assertThat(c.isValid(1)).isFalse();
        assertThatThrownBy(c::createStatement).isInstanceOf(SQLException.class).hasMessageContaining("is closed")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
        assertThatThrownBy(() -> c.prepareStatement("SELECT 1")).hasMessageContaining("is closed");
        assertThatThrownBy(() -> c.setAutoCommit(false)).hasMessageContaining("is closed");
        assertThatThrownBy(c::getMetaData).hasMessageContaining("is closed");
        assertThatThrownBy(() -> s.executeQuery("SELECT 1")).hasMessage("Statement is closed");
        assertThatThrownBy(() -> ps.setInt(1, 1)).hasMessage("Statement is closed");
        assertThatThrownBy(rs::next).hasMessage("ResultSet is closed");
        assertThatThrownBy(() -> rs.getInt(1)).hasMessage("ResultSet is closed");
    }

    @Test
    void closedStatementsAndResultSets() throws SQLException {
        try (Connection c = open()) {
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT 1");
            ResultSet again = s.executeQuery("SELECT 2");
            assertThat(rs.isClosed()).as("a new execution closes the previous result set").isTrue();
            assertThat(again.next()).isTrue();
            s.close();
            s.close();
            assertThat(again.isClosed()).isTrue();
            assertThatThrownBy(() -> s.execute("SELECT 1")).isInstanceOf(SQLException.class).hasMessage("Statement is closed");

            Statement t = c.createStatement();
            t.closeOnCompletion();
            ResultSet r2 = t.executeQuery("SELECT 1");
            r2.close();
            assertThat(t.isClosed()).as("closeOnCompletion").isTrue();
        }
    }

    @Test
    void validity() throws SQLException {
        try (Connection c = open()) {
            assertThat(c.isValid(0)).isTrue();
            assertThat(c.isValid(5)).isTrue();
            assertThatThrownBy(() -> c.isValid(-1)).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void schemaCatalogAndOtherSettings() throws SQLException {
        try (Connection c = open()) {
            assertThat(c.getSchema()).isEqualTo("main");
            assertThat(c.getCatalog()).isNull();
            c.setCatalog("ignored");
            assertThat(c.getCatalog()).isNull();
            c.setSchema("MAIN");
            assertThatThrownBy(() -> c.setSchema("other")).isInstanceOf(SQLException.class).hasMessageContaining("main");
            assertThat(c.nativeSQL("SELECT {fn now()}")).isEqualTo("SELECT {fn now()}");
            assertThat(c.getHoldability()).isEqualTo(ResultSet.HOLD_CURSORS_OVER_COMMIT);
            assertThat(c.getTypeMap()).isEmpty();
            c.setClientInfo("ApplicationName", "tests");
            assertThat(c.getClientInfo("ApplicationName")).isEqualTo("tests");
            assertThat(c.getClientInfo().getProperty("ApplicationName")).isEqualTo("tests");
            c.setNetworkTimeout(Executors.newSingleThreadExecutor(), 30_000);
            assertThat(c.getNetworkTimeout()).isEqualTo(30_000);
            assertThatThrownBy(() -> c.prepareCall("CALL x()")).isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
            assertThat(c.createBlob().length()).as("an empty, writable LOB (TypesContract)").isZero();
        }
    }

    @Test
    void warningsForUnsupportedResultSetTypes() throws SQLException {
        try (Connection c = open()) {
            assertThat((Object) c.getWarnings()).isNull();
            try (Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE)) {
                assertThat(s.getResultSetType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
                assertThat(s.getResultSetConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
            }
            assertThat((Object) c.getWarnings()).isNotNull();
            assertThat((Object) c.getWarnings().getNextWarning()).isNotNull();
            c.clearWarnings();
            assertThat((Object) c.getWarnings()).isNull();
        }
    }

    @Test
    void dataSource() throws SQLException {
        LibSqlDataSource ds = new LibSqlDataSource();
        ds.setUrl(url());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 'ds'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("ds");
        }
        try (Connection c = ds.getConnection("user", null)) {
            assertThat(c.isValid(5)).isTrue();
        }
        assertThat(ds.isWrapperFor(LibSqlDataSource.class)).isTrue();
        assertThatThrownBy(() -> new LibSqlDataSource().getConnection()).isInstanceOf(SQLException.class)
                .hasMessageContaining("setUrl");
    }

    @Test
    void abortClosesTheConnection() throws Exception {
        Connection c = open();
        var ex = Executors.newSingleThreadExecutor();
        try {
            c.abort(ex);
            assertThat(c.isClosed()).isTrue();
        } finally {
            ex.shutdown();
            assertThat(ex.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        c.close();
    }
}
