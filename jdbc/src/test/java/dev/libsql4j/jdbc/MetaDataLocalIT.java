package dev.libsql4j.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class MetaDataLocalIT extends MetaDataContract {
    @TempDir
    static Path dir;

    @BeforeAll
    static void embeddedTransport() {
        Targets.requireEmbedded();
    }

    @Override
    String url() {
        return Targets.local(dir, "metadata.db");
    }
}
