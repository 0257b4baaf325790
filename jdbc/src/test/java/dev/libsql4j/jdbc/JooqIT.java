package dev.libsql4j.jdbc;

import dev.libsql4j.testkit.SqldExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class JooqIT extends JooqContract {
    @RegisterExtension
    static final SqldExtension SQLD = new SqldExtension();

    @Override
    String url() {
        return Targets.remote(SQLD);
    }
}
