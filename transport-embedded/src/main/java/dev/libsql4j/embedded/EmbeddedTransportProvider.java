package dev.libsql4j.embedded;

import dev.libsql4j.Config;
import dev.libsql4j.embedded.internal.EmbeddedTransport;
import dev.libsql4j.spi.DatabaseUrl;
import dev.libsql4j.spi.Transport;
import dev.libsql4j.spi.TransportProvider;

/**
 * The embedded transport for {@code file:} and {@code :memory:} URLs: a JNI bridge to the Rust
 * {@code libsql} crate, bundled in this jar as a native library. Found by
 * {@link java.util.ServiceLoader}; users open databases through {@link dev.libsql4j.LibSql}.
 *
 * <pre>{@code
 * try (Database db = LibSql.open("file:app.db");                        // a local file
 *      Connection conn = db.connect()) {
 *     conn.execute("CREATE TABLE IF NOT EXISTS t(x)");
 * }
 * Database secret = LibSql.open(Config.builder("file:secret.db")        // encrypted at rest
 *         .encryptionKey(key).build());
 * Database replica = LibSql.open(Config.builder("file:replica.db")      // an embedded replica
 *         .syncUrl("https://db-org.turso.io").authToken(token)
 *         .syncInterval(Duration.ofSeconds(5)).build());
 * }</pre>
 *
 * <ul>
 *   <li>{@code :memory:}: every connection of one {@link dev.libsql4j.Database} sees the same data
 *       (another {@code Database} gets another one). There is no WAL in memory, so a write
 *       transaction keeps the other connections' reads waiting (up to the busy timeout) until it
 *       ends. Files use WAL: readers and one writer do not block each other.</li>
 *   <li>{@link Config.Builder#encryptionKey}: the file is encrypted with AES-256-CBC
 *       (SQLite3MultipleCiphers); opening it with a wrong or missing key fails at
 *       {@code LibSql.open} with a {@link dev.libsql4j.LibSqlException} that says so.</li>
 *   <li>{@link Config.Builder#syncUrl}: an embedded replica. Opening it syncs once, reads run on
 *       the local file, writes go to the primary and are read back at once (read-your-writes);
 *       {@link dev.libsql4j.Database#sync()} pulls on demand and
 *       {@link Config.Builder#syncInterval} in the background. The token is
 *       {@link Config#authToken()} or the {@code authToken} parameter of the sync URL.</li>
 *   <li>{@link Config.Builder#busyTimeout}: how long a connection waits for a lock (default 5 s).</li>
 *   <li>{@link dev.libsql4j.Connection#interrupt()} stops the running statement with
 *       {@link dev.libsql4j.LibSqlTimeoutException} (not on replicas, where libsql ignores it).</li>
 * </ul>
 *
 * <p>Transport options ({@link Config.Builder#transportOption}): {@value #PAGE_SIZE} — the most
 * rows a cursor fetches per native call (default {@value #DEFAULT_PAGE_SIZE}; pages of wide rows
 * are kept near 1 MiB).
 *
 * <p>The native library is loaded once, on first use: from the file named by the system property
 * {@value #NATIVE_PATH_PROPERTY}, else from this jar at {@code META-INF/native/<platform>/}
 * (copied to a file of its own under {@value #NATIVE_TMPDIR_PROPERTY}, default
 * {@code java.io.tmpdir}), else from {@code java.library.path} (where an Android app's
 * {@code jni/<abi>/} libraries are). The platform is {@code <os>-<arch>} from {@code os.name} and
 * {@code os.arch}: {@code linux-x86_64}, {@code linux-aarch64}, {@code linux-musl-x86_64} (musl
 * libc, e.g. Alpine, detected from the libraries the JVM has mapped), {@code macos-aarch64},
 * {@code windows-x86_64}, {@code android-aarch64}, .... The build bundles {@code linux-x86_64} and
 * {@code linux-aarch64}. If nothing works, opening a database throws a
 * {@link dev.libsql4j.LibSqlException} with code {@value #NATIVE_LIBRARY_MISSING} that names the
 * platform, lists what was tried and which platforms the jar carries, and says how to supply a
 * library. Thread-safe.
 */
public final class EmbeddedTransportProvider implements TransportProvider {
    /** Transport option key: rows per native cursor call. */
    public static final String PAGE_SIZE = EmbeddedTransport.PAGE_SIZE_OPTION;
    /** The default of {@link #PAGE_SIZE}. */
    public static final int DEFAULT_PAGE_SIZE = EmbeddedTransport.DEFAULT_PAGE_SIZE;
    /** System property: the path of the native library file to load instead of the bundled one. */
    public static final String NATIVE_PATH_PROPERTY = "libsql4j.native.path";
    /** System property: where the bundled native library is copied before loading (default {@code java.io.tmpdir}). */
    public static final String NATIVE_TMPDIR_PROPERTY = "libsql4j.native.tmpdir";
    /** {@link dev.libsql4j.LibSqlException#code()} when the native library cannot be loaded. */
    public static final String NATIVE_LIBRARY_MISSING = "NATIVE_LIBRARY_MISSING";

    /** For {@link java.util.ServiceLoader}. */
    public EmbeddedTransportProvider() {
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public boolean accepts(DatabaseUrl url) {
        return url.kind() == DatabaseUrl.Kind.FILE || url.kind() == DatabaseUrl.Kind.MEMORY;
    }

    /**
     * Opens the database: loads the native library, opens the file (a replica syncs once) and
     * reads its schema.
     *
     * @throws IllegalArgumentException if the configuration does not fit a local database
     * @throws dev.libsql4j.LibSqlException if the native library is missing or the database cannot
     *                                      be opened (wrong key, unreachable primary, ...)
     */
    @Override
    public Transport open(Config config) {
        return new EmbeddedTransport(config);
    }
}
