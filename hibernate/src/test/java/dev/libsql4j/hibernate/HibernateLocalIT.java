package dev.libsql4j.hibernate;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class HibernateLocalIT extends HibernateContract {
    @TempDir
    static Path dir;

    @Override
    String url() {
        return "jdbc:libsql:file:" + dir.resolve("hibernate.db").toAbsolutePath();
    }
}
