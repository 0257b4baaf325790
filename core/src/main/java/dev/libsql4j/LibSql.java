package dev.libsql4j;

import dev.libsql4j.internal.ClientDatabase;

/**
 * The entry point: opens a {@link Database} from a URL or a {@link Config}.
 *
 * <pre>{@code
 * try (Database db = LibSql.open("http://127.0.0.1:8080");
 *      Connection conn = db.connect()) {
 *     conn.execute("SELECT 1");
 * }
 * }</pre>
 *
 * The transport is found with {@link java.util.ServiceLoader}: remote URLs need
 * {@code dev.libsql4j:libsql4j-transport-http}, {@code file:} and {@code :memory:} need
 * {@code dev.libsql4j:libsql4j-transport-embedded} on the classpath. Thread-safe.
 */
public final class LibSql {
    private LibSql() {
    }

    /**
     * Opens a database with default settings.
     *
     * @throws IllegalArgumentException if the URL is invalid (the message names the bad part)
     * @throws LibSqlException          with code {@code TRANSPORT_MISSING} if no transport on the
     *                                  classpath handles the URL; the message names the artifact
     */
    public static Database open(String url) {
        return open(Config.builder(url).build());
    }

    /** Opens a database with the given settings. See {@link #open(String)} for errors. */
    public static Database open(Config config) {
        return ClientDatabase.open(config);
    }
}
