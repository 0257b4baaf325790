package dev.libsql4j.spring;

import com.zaxxer.hikari.HikariDataSource;
import dev.libsql4j.Database;
import dev.libsql4j.EventListener;
import dev.libsql4j.LibSql;
import dev.libsql4j.jdbc.DatabaseDataSource;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Opens one libSQL {@link Database} from the {@code libsql.*} properties ({@link LibSqlProperties})
 * and puts a HikariCP {@link DataSource} on that same database, so JPA, Flyway and
 * {@code JdbcTemplate} (through the pool) and code using the core API (through the
 * {@code Database} bean) share one HTTP connection pool, or one native handle of a local file or
 * embedded replica. Active when {@code libsql.url} is set.
 *
 * <p>The database hears every {@link EventListener} bean (the Micrometer binding,
 * {@link LibSqlMetrics}, is one). Spring closes the pool first and then the database, since the
 * pool depends on it. The pool takes its settings from {@code spring.datasource.hikari.*}; set
 * {@code libsql.data-source=false} to define your own {@code DataSource}, for example a
 * {@link DatabaseDataSource} under another pool.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration"})
@ConditionalOnClass(Database.class)
@ConditionalOnProperty(prefix = "libsql", name = "url")
@EnableConfigurationProperties(LibSqlProperties.class)
public class LibSqlAutoConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(LibSqlAutoConfiguration.class);

    /** For Spring. */
    public LibSqlAutoConfiguration() {
    }

    /**
     * The database, with every {@link EventListener} bean as its listener. Closed when the
     * context closes.
     *
     * @param properties the {@code libsql.*} settings
     * @param listeners  the listener beans, in their {@code @Order}
     * @return the open database
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Database libsqlDatabase(LibSqlProperties properties, ObjectProvider<EventListener> listeners) {
        List<EventListener> all = listeners.orderedStream().toList();
        dev.libsql4j.Config config = properties.toConfigBuilder().eventListener(CompositeEventListener.of(all)).build();
        Database db = LibSql.open(config);
        LOG.info("libsql4j opened {}", config.parsedUrl()
                + (config.syncUrl() == null ? "" : " (embedded replica of " + dev.libsql4j.spi.DatabaseUrl.redact(config.syncUrl()) + ")"));
        return db;
    }

    /**
     * A HikariCP pool whose connections are sessions of {@link #libsqlDatabase}; configured by
     * {@code spring.datasource.hikari.*}.
     *
     * @param database   the database bean
     * @param properties the {@code libsql.*} settings (the JDBC transaction mode)
     * @return the pool; Spring closes it before the database
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(DataSource.class)
    @ConditionalOnClass(HikariDataSource.class)
    @ConditionalOnBooleanProperty(name = "libsql.data-source", matchIfMissing = true)
    @ConfigurationProperties(prefix = "spring.datasource.hikari")
    public HikariDataSource dataSource(Database database, LibSqlProperties properties) {
        HikariDataSource pool = new HikariDataSource();
        pool.setDataSource(new DatabaseDataSource(database, properties.getTransactionMode()));
        pool.setPoolName("libsql");
        return pool;
    }
}
