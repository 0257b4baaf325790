/**
 * The JDBC driver for libSQL: {@link dev.libsql4j.jdbc.LibSqlDriver} for {@code jdbc:libsql:}
 * URLs, {@link dev.libsql4j.jdbc.LibSqlDataSource} for frameworks,
 * {@link dev.libsql4j.jdbc.DatabaseDataSource} for JDBC on a {@link dev.libsql4j.Database} the
 * application opened itself, and the connection properties
 * in {@link dev.libsql4j.jdbc.JdbcProperty}. Everything else in this package is internal.
 *
 * <p>JDBC objects unwrap to the core API: {@code connection.unwrap(dev.libsql4j.Connection.class)}
 * and {@code connection.unwrap(dev.libsql4j.Database.class)}. See the module's README for how
 * types, transactions, isolation levels, batches and metadata map onto libSQL.
 */
package dev.libsql4j.jdbc;
