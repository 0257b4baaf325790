/**
 * Spring Boot 4 auto-configuration for libsql4j: a {@link dev.libsql4j.Database} bean from the
 * {@code libsql.*} properties ({@link dev.libsql4j.spring.LibSqlProperties}), a HikariCP
 * {@code DataSource} on the same database, a health indicator
 * ({@link dev.libsql4j.spring.LibSqlHealthIndicator}) and Micrometer metrics
 * ({@link dev.libsql4j.spring.LibSqlMetrics}) from the core's event listener.
 */
package dev.libsql4j.spring;
