package dev.libsql4j.jdbc.flyway;

import java.sql.Connection;
import org.flywaydb.core.internal.database.sqlite.SQLiteDatabaseType;

/**
 * Teaches Flyway about libSQL: {@code jdbc:libsql:} URLs and the database product name
 * {@code libSQL} map to Flyway's own SQLite support (libSQL speaks SQLite's dialect, so its SQL
 * parser, schema-history table and clean logic apply unchanged).
 *
 * <p>Flyway finds database types through {@link java.util.ServiceLoader} on
 * {@code org.flywaydb.core.extensibility.Plugin}; this jar lists this class there. The class is
 * only loaded when Flyway is on the class path (flyway-core is an optional dependency of
 * libsql4j-jdbc), so applications without Flyway are unaffected. Tested with Flyway 13.12;
 * Flyway keeps its SQLite support in flyway-core.
 *
 * <pre>{@code
 * Flyway.configure().dataSource("jdbc:libsql:http://127.0.0.1:8080", null, null).load().migrate();
 * }</pre>
 */
public class LibSqlFlywayDatabaseType extends SQLiteDatabaseType {
    /** For the service loader. */
    public LibSqlFlywayDatabaseType() {
    }

    @Override
    public String getName() {
        return "libSQL";
    }

    @Override
    public boolean handlesJDBCUrl(String url) {
        return url != null && url.regionMatches(true, 0, "jdbc:libsql:", 0, "jdbc:libsql:".length());
    }

    @Override
    public String getDriverClass(String url, ClassLoader classLoader) {
        return "dev.libsql4j.jdbc.LibSqlDriver";
    }

    @Override
    public boolean handlesDatabaseProductNameAndVersion(String databaseProductName, String databaseProductVersion,
                                                        Connection connection) {
        return databaseProductName != null && databaseProductName.startsWith("libSQL");
    }
}
