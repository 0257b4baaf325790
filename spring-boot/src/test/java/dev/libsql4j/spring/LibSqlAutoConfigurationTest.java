package dev.libsql4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.libsql4j.Database;
import dev.libsql4j.EventListener;
import dev.libsql4j.jdbc.DatabaseDataSource;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The auto-configuration without a server: an HTTP database opens without network I/O, so the
 * beans can be checked on a port nothing listens on (which also makes the health check DOWN).
 */
class LibSqlAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            LibSqlMetricsAutoConfiguration.class, LibSqlAutoConfiguration.class, LibSqlHealthAutoConfiguration.class));

    @Test
    void nothingWithoutLibsqlUrl() {
        runner.run(ctx -> {
            assertThat(ctx).doesNotHaveBean(Database.class);
            assertThat(ctx).doesNotHaveBean(DataSource.class);
            assertThat(ctx).doesNotHaveBean(LibSqlMetrics.class);
        });
    }

    @Test
    void aDatabaseAPoolOnItMetricsAndHealthAndTheDatabaseClosesWithTheContext() {
        AtomicReference<Database> db = new AtomicReference<>();
        runner.withPropertyValues("libsql.url=http://127.0.0.1:9", "libsql.auth-token=very-secret-token",
                "libsql.connect-timeout=1s", "spring.datasource.hikari.maximum-pool-size=3").run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    Database database = ctx.getBean(Database.class);
                    db.set(database);
                    assertThat(database.config().authToken()).isEqualTo("very-secret-token");
                    // The metrics listener is the database's listener.
                    assertThat(database.config().eventListener()).isSameAs(ctx.getBean(LibSqlMetrics.class));
                    HikariDataSource pool = ctx.getBean(HikariDataSource.class);
                    assertThat(pool.getMaximumPoolSize()).isEqualTo(3);
                    // The pool starts lazily; its data source is the database bean's.
                    assertThat(((DatabaseDataSource) pool.getDataSource()).database()).isSameAs(database);
                    assertThat(ctx.getBean(LibSqlProperties.class).toString()).doesNotContain("very-secret-token");

                    Health h = ctx.getBean(LibSqlHealthIndicator.class).health();
                    assertThat(h.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(h.getDetails()).containsKey("code").containsKey("error");
                    assertThat(h.toString()).doesNotContain("very-secret-token");
                });
        assertThat(db.get().isClosed()).isTrue();
    }

    @Test
    void userListenersAreCombinedAndTheDataSourceCanBeTurnedOff() {
        EventListener mine = new EventListener() {
        };
        runner.withPropertyValues("libsql.url=http://127.0.0.1:9", "libsql.data-source=false")
                .withBean("myListener", EventListener.class, () -> mine).run(ctx -> {
                    assertThat(ctx).doesNotHaveBean(DataSource.class);
                    EventListener l = ctx.getBean(Database.class).config().eventListener();
                    assertThat(l).isInstanceOf(CompositeEventListener.class);
                    assertThat(l.toString()).contains("LibSqlMetrics");
                });
    }
}
