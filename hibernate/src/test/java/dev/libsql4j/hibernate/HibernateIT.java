package dev.libsql4j.hibernate;

import dev.libsql4j.testkit.SqldExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class HibernateIT extends HibernateContract {
    @RegisterExtension
    static final SqldExtension SQLD = new SqldExtension();

    @Override
    String url() {
        return "jdbc:libsql:" + SQLD.server().url();
    }
}
