package dev.libsql4j.spring;

import dev.libsql4j.Database;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code libsql} health indicator ({@link LibSqlHealthIndicator}) for the database bean.
 * Active with Spring Boot's health module (actuator brings it); turn it off with
 * {@code management.health.libsql.enabled=false}.
 */
@AutoConfiguration(after = LibSqlAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(Database.class)
@ConditionalOnEnabledHealthIndicator("libsql")
public class LibSqlHealthAutoConfiguration {
    /** For Spring. */
    public LibSqlHealthAutoConfiguration() {
    }

    /**
     * The health indicator, named {@code libsql}.
     *
     * @param database   the database bean
     * @param properties {@code libsql.health-sync}
     * @return the indicator
     */
    @Bean(name = "libsqlHealthIndicator")
    @ConditionalOnMissingBean(name = "libsqlHealthIndicator")
    public LibSqlHealthIndicator libsqlHealthIndicator(Database database, LibSqlProperties properties) {
        return new LibSqlHealthIndicator(database, properties.isHealthSync());
    }
}
