package dev.libsql4j.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class JooqLocalIT extends JooqContract {
    @TempDir
    static Path dir;

    @BeforeAll
    static void embeddedTransport() {
        Targets.requireEmbedded();
    }

    @Override
    String url() {
        return Targets.local(dir, "jooq.db");
    }
}
