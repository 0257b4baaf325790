package dev.libsql4j.spring;

import dev.libsql4j.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics for the libSQL database: a {@link LibSqlMetrics} listener bean (which
 * {@link LibSqlAutoConfiguration} hands to the database) and gauges of its open resources. Spring
 * Boot binds both to every {@link MeterRegistry}. Active when Micrometer is on the classpath and
 * {@code libsql.url} is set.
 */
@AutoConfiguration(before = LibSqlAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnProperty(prefix = "libsql", name = "url")
public class LibSqlMetricsAutoConfiguration {
    /** For Spring. */
    public LibSqlMetricsAutoConfiguration() {
    }

    /**
     * The listener that turns statement and sync events into meters.
     *
     * @return the listener, bound by Spring Boot to the registry
     */
    @Bean
    @ConditionalOnMissingBean
    public LibSqlMetrics libsqlMetrics() {
        return new LibSqlMetrics();
    }

    /**
     * Gauges of the database's connections, requests and transactions.
     *
     * @param database the database bean
     * @return the binder
     */
    @Bean
    public MeterBinder libsqlDatabaseGauges(Database database) {
        return LibSqlMetrics.gauges(database, List.of());
    }
}
