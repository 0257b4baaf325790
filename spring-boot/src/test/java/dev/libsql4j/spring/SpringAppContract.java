package dev.libsql4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.libsql4j.ConstraintViolationException;
import dev.libsql4j.Database;
import dev.libsql4j.Row;
import dev.libsql4j.spring.app.Account;
import dev.libsql4j.spring.app.AccountRepository;
import dev.libsql4j.spring.app.TestApp;
import dev.libsql4j.spring.app.TransferService;
import dev.libsql4j.testkit.SqldServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * One Spring Boot application (JPA repositories, Flyway through Spring Boot's own
 * auto-configuration, {@code @Transactional}, actuator health, Micrometer) on a libSQL database
 * from {@code libsql.*} properties. Subclasses point it at sqld or at an embedded replica of it;
 * each runs one Spring context.
 */
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
abstract class SpringAppContract {
    @Autowired AccountRepository accounts;
    @Autowired TransferService transfers;
    @Autowired Database db;
    @Autowired DataSource dataSource;
    @Autowired MeterRegistry meters;
    @Autowired HealthEndpoint healthEndpoint;
    @Autowired LibSqlHealthIndicator libsqlHealth;
    @Autowired jakarta.persistence.EntityManagerFactory emf;

    /** The sqld behind the application (the database itself, or the replica's primary). */
    abstract SqldServer sqld();

    /** True when the database sends requests over HTTP (bytes are counted). */
    abstract boolean remote();

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void flywayRanTheMigrationsThroughSpringBootAndHibernateValidatedTheSchema() {
        // ddl-auto=validate passed at start-up (the context would not exist otherwise); the history
        // table and the data the migration inserted are read back through the core API.
        List<Row> history = db.execute("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL"
                + " ORDER BY installed_rank").rows();
        assertThat(history).extracting(r -> r.getString(0)).containsExactly("1", "2");
        assertThat(history).allSatisfy(r -> assertThat(r.getLong(1)).isEqualTo(1));
        assertThat(db.execute("SELECT note FROM audit_note WHERE id = 1").singleValue().toJava())
                .isEqualTo("migrated by Flyway through Spring Boot");
        // No spring.jpa.database-platform: Hibernate resolved the libSQL dialect from the connection.
        assertThat(emf.unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class).getJdbcServices().getDialect())
                .isInstanceOf(dev.libsql4j.hibernate.LibSqlDialect.class);
    }

    @Test
    void theDataSourceIsAPoolOnTheDatabaseBean() throws Exception {
        assertThat(dataSource).isInstanceOf(HikariDataSource.class);
        assertThat(dataSource.unwrap(Database.class)).isSameAs(db);
        try (java.sql.Connection c = dataSource.getConnection()) {
            assertThat(c.unwrap(Database.class)).isSameAs(db);
        }
    }

    @Test
    void repositoriesWriteAndReadThroughJpaAndTheCoreApiSeesTheRows() {
        String prefix = unique("repo");
        for (int i = 0; i < 5; i++) {
            accounts.save(new Account(prefix + "-" + i, 100 + i));
        }
        Account third = accounts.findByOwner(prefix + "-2").orElseThrow();
        assertThat(third.getBalance()).isEqualTo(102);
        assertThat(accounts.findByOwnerStartingWith(prefix, PageRequest.of(1, 2, Sort.by("owner"))).getContent())
                .extracting(Account::getOwner).containsExactly(prefix + "-2", prefix + "-3");
        // Written through Hibernate and the pool, read back through the Database bean.
        assertThat(db.execute("SELECT count(*) FROM account WHERE owner LIKE ?", prefix + "%").singleValue().toJava())
                .isEqualTo(5L);
    }

    @Test
    void transactionalRollsBackOnAnExceptionAndCommitsOtherwise() {
        String a = unique("alice");
        String b = unique("bob");
        accounts.save(new Account(a, 100));
        accounts.save(new Account(b, 0));

        assertThatThrownBy(() -> transfers.transfer(a, b, 30, true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("simulated failure");
        // Both updates had been flushed to the database before the exception; the rollback undid them.
        assertThat(balance(a)).isEqualTo(100);
        assertThat(balance(b)).isZero();
        assertThat(accounts.findByOwner(a).orElseThrow().getVersion()).isZero();

        transfers.transfer(a, b, 30, false);
        assertThat(balance(a)).isEqualTo(70);
        assertThat(balance(b)).isEqualTo(30);
        assertThat(accounts.findByOwner(b).orElseThrow().getBalance()).isEqualTo(30);
    }

    private long balance(String owner) {
        return (Long) db.execute("SELECT balance FROM account WHERE owner = ?", owner).singleValue().toJava();
    }

    @Test
    void metricsFromTheCoreListenerReachTheMeterRegistry() {
        long executesBefore = meters.get("libsql.statements").tag("kind", "execute").tag("outcome", "success").timer()
                .count();
        double rowsBefore = meters.get("libsql.rows.read").counter().count();
        double receivedBefore = meters.get("libsql.bytes.received").counter().count();

        String owner = unique("metrics");
        db.execute("INSERT INTO account (owner, balance, version) VALUES (?, 1, 0)", owner);
        assertThat(db.execute("SELECT owner FROM account WHERE owner = ?", owner).rows()).hasSize(1);
        assertThatThrownBy(() -> db.execute("INSERT INTO account (owner, balance, version) VALUES (?, 1, 0)", owner))
                .isInstanceOf(ConstraintViolationException.class);

        assertThat(meters.get("libsql.statements").tag("kind", "execute").tag("outcome", "success").timer().count())
                .isGreaterThanOrEqualTo(executesBefore + 2);
        assertThat(meters.get("libsql.rows.read").counter().count()).isGreaterThanOrEqualTo(rowsBefore + 1);
        assertThat(meters.get("libsql.statements").tag("outcome", "error").tag("code", "SQLITE_CONSTRAINT_UNIQUE").timer()
                .count()).isEqualTo(1);
        if (remote()) {
            assertThat(meters.get("libsql.bytes.received").counter().count()).isGreaterThan(receivedBefore);
            assertThat(meters.get("libsql.bytes.sent").counter().count()).isPositive();
        }
        // The JPA statements went through the pool onto the same listener.
        assertThat(meters.get("libsql.statements").timers()).extracting(t -> t.getId().getTag("kind")).contains("query");
        assertThat(meters.get("libsql.connections").gauge().value()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void healthGoesDownWhenSqldIsKilledAndUpAfterItRestarts() throws Exception {
        assertThat(healthEndpoint.healthForPath("libsql").getStatus()).isEqualTo(Status.UP);
        sqld().kill();
        try {
            Health down = libsqlHealth.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsKey("error");
            assertThat(String.valueOf(down.getDetails().get("error"))).isNotBlank();
            assertThat(healthEndpoint.health().getStatus()).isEqualTo(Status.DOWN);
        } finally {
            sqld().restart();
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        Health h = libsqlHealth.health();
        while (h.getStatus() != Status.UP && System.nanoTime() < deadline) {
            Thread.sleep(200);
            h = libsqlHealth.health();
        }
        assertThat(h.getStatus()).as("libsql health after restart: %s", h).isEqualTo(Status.UP);
        assertThat(healthEndpoint.healthForPath("libsql").getStatus()).isEqualTo(Status.UP);
        // And the application works again through JPA.
        String owner = unique("after-restart");
        accounts.save(new Account(owner, 5));
        assertThat(balance(owner)).isEqualTo(5);
    }
}
