package dev.libsql4j.spring;

import dev.libsql4j.testkit.SqldExtension;
import dev.libsql4j.testkit.SqldServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Spring Boot application against sqld over HTTP ({@code libsql.url=http://...}). */
class SpringRemoteIT extends SpringAppContract {
    @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

    @DynamicPropertySource
    static void libsql(DynamicPropertyRegistry registry) {
        registry.add("libsql.url", () -> SQLD.server().url());
    }

    @Override
    SqldServer sqld() {
        return SQLD.server();
    }

    @Override
    boolean remote() {
        return true;
    }
}
