package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.jdbc.flyway.LibSqlFlywayDatabaseType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.internal.plugin.PluginRegister;
import org.junit.jupiter.api.Test;

/**
 * Flyway runs {@code src/test/resources/db/migration} (V1, V2 with a trigger, V3, and a
 * repeatable view) through the driver, found by URL and by product name.
 */
abstract class FlywayContract extends JdbcContract {
    @Test
    void migrateValidateAndInfo() throws SQLException {
        Flyway byUrl = Flyway.configure()
                .dataSource(url(), null, null)
                .locations("classpath:db/migration")
                .load();
        MigrateResult result = byUrl.migrate();
        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isEqualTo(4);
        assertThat(result.targetSchemaVersion).isEqualTo("3");

        ValidateResult validation = byUrl.validateWithResult();
        assertThat(validation.validationSuccessful).as("%s", validation.invalidMigrations).isTrue();
        byUrl.validate();

        MigrationInfo[] applied = byUrl.info().applied();
        assertThat(applied).extracting(MigrationInfo::getState).containsOnly(MigrationState.SUCCESS);
        assertThat(Arrays.stream(applied).filter(i -> i.getVersion() != null)
                .map(i -> i.getVersion().getVersion())).containsExactly("1", "2", "3");
        assertThat(applied).filteredOn(i -> i.getVersion() == null).singleElement()
                .satisfies(i -> assertThat(i.getDescription()).isEqualTo("account summary"));
        assertThat(byUrl.info().current().getVersion().getVersion()).isEqualTo("3");
        assertThat(byUrl.info().pending()).isEmpty();
        assertThat(applied).allSatisfy(i -> assertThat(i.getInstalledOn()).isNotNull());

        try (Connection c = open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT owner, balance, email, changes FROM account_summary ORDER BY owner")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("owner")).isEqualTo("ann");
            assertThat(rs.getInt("balance")).isEqualTo(101);
            assertThat(rs.getString("email")).isEqualTo("ann@example.com");
            assertThat(rs.getInt("changes")).as("the V2 trigger ran for V3's update").isEqualTo(1);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("owner")).isEqualTo("bob");
            assertThat(rs.next()).isFalse();
        }

        // A second Flyway, given a DataSource: it recognises the database by its product name.
        Flyway byDataSource = Flyway.configure()
                .dataSource(new LibSqlDataSource(url()))
                .locations("classpath:db/migration")
                .load();
        byDataSource.validate();
        assertThat(byDataSource.migrate().migrationsExecuted).isZero();
        assertThat(byDataSource.info().applied()).hasSize(4);
    }

    @Test
    void thePluginIsRegistered() {
        PluginRegister plugins = new PluginRegister();
        assertThat(plugins.getInstancesOf(org.flywaydb.core.internal.database.DatabaseType.class))
                .anyMatch(t -> t instanceof LibSqlFlywayDatabaseType);
        LibSqlFlywayDatabaseType type = new LibSqlFlywayDatabaseType();
        assertThat(type.handlesJDBCUrl("jdbc:libsql:http://h:1")).isTrue();
        assertThat(type.handlesJDBCUrl("jdbc:sqlite:x.db")).isFalse();
        assertThat(type.handlesDatabaseProductNameAndVersion("libSQL", "3.45.1", null)).isTrue();
        assertThat(type.getDriverClass("jdbc:libsql:x", null)).isEqualTo(LibSqlDriver.class.getName());
        assertThat(type.getName()).isEqualTo("libSQL");
    }
}
