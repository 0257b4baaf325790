package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.fail;

import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.testkit.SqldExtension;
import java.nio.file.Path;

/** Where the integration tests connect: a real sqld, or a temp file through the embedded transport. */
final class Targets {
    private Targets() {
    }

    /** The JDBC URL of the test class's sqld. */
    static String remote(SqldExtension sqld) {
        return "jdbc:libsql:" + sqld.server().url();
    }

    /** The JDBC URL of the server over Hrana over WebSocket ({@code jdbc:libsql:ws://...}). */
    static String remoteWs(SqldExtension sqld) {
        return "jdbc:libsql:" + sqld.server().url().replaceFirst("^http", "ws");
    }

    /**
     * The JDBC URL of a file in {@code dir}. Fails the calling test (never skips it) when the
     * embedded transport is not on the class path.
     */
    static String local(Path dir, String file) {
        requireEmbedded();
        return "jdbc:libsql:file:" + dir.resolve(file).toAbsolutePath();
    }

    static void requireEmbedded() {
        try (Database db = LibSql.open(":memory:")) {
            db.stats();
        } catch (LibSqlException e) {
            if ("TRANSPORT_MISSING".equals(e.code())) {
                fail("The *LocalIT tests need the embedded transport, dev.libsql4j:libsql4j-transport-embedded, on the"
                        + " test class path; it is not there (" + e.getMessage() + "). Build it and run"
                        + " `mvn verify -pl jdbc -Plocal-it`.");
            }
            throw e;
        }
    }
}
