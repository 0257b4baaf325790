package dev.libsql4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.testkit.SqldExtension;
import dev.libsql4j.testkit.SqldServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Spring Boot application on an embedded replica of sqld: a local file that syncs from the
 * primary, shared by the Database bean and the JDBC pool (one native database).
 */
class SpringReplicaLocalIT extends SpringAppContract {
    @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

    @TempDir static Path dir;

    @DynamicPropertySource
    static void libsql(DynamicPropertyRegistry registry) {
        registry.add("libsql.url", () -> "file:" + dir.resolve("replica.db"));
        registry.add("libsql.sync-url", () -> SQLD.server().url());
    }

    @Override
    SqldServer sqld() {
        return SQLD.server();
    }

    @Override
    boolean remote() {
        return false;
    }

    @Test
    void writesThroughJpaReachThePrimaryAndSyncsAreCounted() {
        assertThat(db.config().syncUrl()).isNotNull();
        accounts.save(new dev.libsql4j.spring.app.Account("replica-" + System.nanoTime(), 9));
        try (Database primary = LibSql.open(SQLD.server().url())) {
            assertThat((Long) primary.execute("SELECT count(*) FROM account WHERE balance = 9").singleValue().toJava())
                    .isGreaterThanOrEqualTo(1L);
        }
        long before = meters.get("libsql.syncs").tag("outcome", "success").timer().count();
        db.sync();
        assertThat(meters.get("libsql.syncs").tag("outcome", "success").timer().count()).isEqualTo(before + 1);
    }
}
