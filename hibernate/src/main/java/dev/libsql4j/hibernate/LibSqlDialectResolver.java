package dev.libsql4j.hibernate;

import org.hibernate.dialect.Dialect;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolver;

/**
 * Picks {@link LibSqlDialect} for libSQL connections. Hibernate finds it through
 * {@code ServiceLoader} ({@code META-INF/services/org.hibernate.engine.jdbc.dialect.spi.DialectResolver})
 * and asks it, before its own resolvers, with the metadata of the first connection; it answers
 * for the product name {@code libSQL}, which libsql4j's JDBC driver reports for every
 * {@code jdbc:libsql:} URL, and leaves every other database to Hibernate.
 *
 * <p>Stateless and thread-safe.
 */
public final class LibSqlDialectResolver implements DialectResolver {

    private static final long serialVersionUID = 1L;

    /** Creates the resolver; Hibernate does this through {@code ServiceLoader}. */
    public LibSqlDialectResolver() {
    }

    @Override
    public Dialect resolveDialect(DialectResolutionInfo info) {
        return LibSqlDialect.PRODUCT_NAME.equalsIgnoreCase(info.getDatabaseName()) ? new LibSqlDialect(info) : null;
    }
}
