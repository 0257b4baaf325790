/**
 * Flyway support: {@link dev.libsql4j.jdbc.flyway.LibSqlFlywayDatabaseType} lets Flyway run
 * migrations on {@code jdbc:libsql:} URLs with its SQLite support. Loaded by Flyway's plugin
 * service loader only when flyway-core is on the class path.
 */
package dev.libsql4j.jdbc.flyway;
