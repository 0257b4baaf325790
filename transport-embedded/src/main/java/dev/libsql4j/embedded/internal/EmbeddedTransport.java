package dev.libsql4j.embedded.internal;

import dev.libsql4j.Config;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.SyncResult;
import dev.libsql4j.spi.DatabaseUrl;
import dev.libsql4j.spi.Session;
import dev.libsql4j.spi.Transport;
import java.util.Map;

/**
 * One native database: a local file, {@code :memory:}, or an embedded replica of a remote
 * primary. Opening it loads the native library, opens the database (a replica syncs once) and
 * reads the schema once, so a wrong encryption key fails here with a clear message. Thread-safe;
 * sessions each own one native connection.
 */
public final class EmbeddedTransport implements Transport {
    /** Transport option: rows fetched per native call by a cursor (default {@value #DEFAULT_PAGE_SIZE}). */
    public static final String PAGE_SIZE_OPTION = "embedded.pageSize";
    /** Default of {@link #PAGE_SIZE_OPTION}. */
    public static final int DEFAULT_PAGE_SIZE = 256;
    static final int MAX_PAGE_SIZE = 1 << 16;

    private final long db;
    private final String displayUrl;
    private final boolean replica;
    private final long busyTimeoutMillis;
    private final int pageSize;
    private final NativeErrors.Context errorContext;
    private volatile boolean closed;

    /**
     * Opens the database.
     *
     * @throws IllegalArgumentException if the configuration does not fit a local database
     * @throws LibSqlException          if the library cannot be loaded or the database cannot be
     *                                  opened (wrong key, unreachable primary, ...)
     */
    public EmbeddedTransport(Config config) {
        DatabaseUrl url = config.parsedUrl();
        this.displayUrl = url.toString();
        this.replica = config.syncUrl() != null;
        this.pageSize = pageSize(config.transportOptions());
        checkConfig(config, url);
        this.busyTimeoutMillis = Math.min(config.busyTimeout().toMillis(), Integer.MAX_VALUE);
        byte[] key = config.encryptionKey();
        this.errorContext = new NativeErrors.Context(displayUrl, key != null, config.encryptionKey(), replica);

        NativeLoader.ensureLoaded();
        String path = url.kind() == DatabaseUrl.Kind.MEMORY ? ":memory:" : url.path();
        String syncUrl = replica ? nativeSyncUrl(DatabaseUrl.parse(config.syncUrl())) : null;
        String token = replica ? replicaToken(config) : null;
        long id;
        try {
            id = NativeBindings.dbOpen(path, key, syncUrl, token);
        } catch (NativeException e) {
            throw replica ? NativeErrors.mapSync(e, "Opening the embedded replica " + displayUrl + " of "
                    + DatabaseUrl.redact(config.syncUrl()), errorContext)
                    : openFailure(e);
        } finally {
            if (key != null) {
                java.util.Arrays.fill(key, (byte) 0);
            }
        }
        this.db = id;
        if (replica) {
            // A local database has read its file in dbOpen; a replica may not have touched it yet if
            // the primary had nothing new, so read it now and let a wrong key fail here.
            try {
                probe();
            } catch (RuntimeException e) {
                closeQuietly(e);
                throw e;
            }
        }
    }

    private LibSqlException openFailure(NativeException e) {
        LibSqlException mapped = NativeErrors.map(e, null, errorContext);
        if ((e.code() & 0xFF) == NativeErrors.SQLITE_NOTADB) {
            return mapped;
        }
        return dev.libsql4j.spi.Errors.fromCode(mapped.code(), mapped.extendedCode(), "Cannot open " + displayUrl
                + ": " + mapped.getMessage(), e);
    }

    /** Reads the schema once: SQLite reads (and decrypts) page 1 only when a statement needs it. */
    private void probe() {
        long conn;
        try {
            conn = NativeBindings.connOpen(db, busyTimeoutMillis);
        } catch (NativeException e) {
            throw openFailure(e);
        }
        try {
            NativeBindings.connExecute(conn, "SELECT count(*) FROM sqlite_master", null);
        } catch (NativeException e) {
            throw openFailure(e);
        } finally {
            try {
                NativeBindings.connClose(conn);
            } catch (RuntimeException ignored) {
                // closing a connection we just opened; the database close below frees it anyway
            }
        }
    }

    private void closeQuietly(RuntimeException failure) {
        try {
            close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void checkConfig(Config config, DatabaseUrl url) {
        for (String k : url.params().keySet()) {
            if (!(k.equals("authToken") && config.syncUrl() != null)) {
                throw new IllegalArgumentException("Unknown URL parameter '" + k + "' in " + url + ": local database"
                        + " URLs take no parameters (use Config for settings)");
            }
        }
        if (url.kind() == DatabaseUrl.Kind.MEMORY && config.encryptionKey() != null) {
            throw new IllegalArgumentException("encryptionKey applies to database files, not to " + url);
        }
        if (config.syncInterval() != null && config.syncUrl() == null) {
            throw new IllegalArgumentException("syncInterval needs syncUrl: only an embedded replica syncs (" + url + ")");
        }
    }

    private static int pageSize(Map<String, Object> options) {
        for (String k : options.keySet()) {
            if (k.startsWith("embedded.") && !k.equals(PAGE_SIZE_OPTION)) {
                throw new IllegalArgumentException("Unknown transport option '" + k + "'; the embedded transport knows "
                        + PAGE_SIZE_OPTION);
            }
        }
        Object v = options.get(PAGE_SIZE_OPTION);
        if (v == null) {
            return DEFAULT_PAGE_SIZE;
        }
        long n;
        if (v instanceof Number num && !(v instanceof Double) && !(v instanceof Float)) {
            n = num.longValue();
        } else if (v instanceof String s) {
            try {
                n = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Transport option " + PAGE_SIZE_OPTION + " must be a whole number,"
                        + " not '" + s + "'", null);
            }
        } else {
            throw new IllegalArgumentException("Transport option " + PAGE_SIZE_OPTION + " must be a whole number, not "
                    + v.getClass().getName());
        }
        if (n < 1 || n > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("Transport option " + PAGE_SIZE_OPTION + " must be from 1 to "
                    + MAX_PAGE_SIZE + ", got " + n);
        }
        return (int) n;
    }

    /** The primary's URL as the native layer wants it: plain http(s), without parameters. */
    static String nativeSyncUrl(DatabaseUrl u) {
        String scheme = u.scheme().equals("libsql") ? ("0".equals(u.param("tls")) ? "http" : "https") : u.scheme();
        String host = u.host().contains(":") && !u.host().startsWith("[") ? "[" + u.host() + "]" : u.host();
        return scheme + "://" + host + (u.port() > 0 ? ":" + u.port() : "") + u.path();
    }

    private static String replicaToken(Config config) {
        if (config.authToken() != null) {
            return config.authToken();
        }
        return DatabaseUrl.parse(config.syncUrl()).param("authToken");
    }

    @Override
    public Session openSession() {
        if (closed) {
            throw new IllegalStateException("The embedded database " + displayUrl + " is closed");
        }
        long conn;
        try {
            conn = NativeBindings.connOpen(db, busyTimeoutMillis);
        } catch (NativeException e) {
            throw NativeErrors.map(e, null, errorContext);
        }
        return new EmbeddedSession(this, conn);
    }

    @Override
    public SyncResult sync() {
        if (!replica) {
            return Transport.super.sync();
        }
        if (closed) {
            throw new IllegalStateException("The embedded replica " + displayUrl + " is closed");
        }
        long[] r;
        try {
            r = NativeBindings.dbSync(db);
        } catch (NativeException e) {
            throw NativeErrors.mapSync(e, "Syncing the embedded replica " + displayUrl, errorContext);
        }
        if (r == null || r.length != 2) {
            throw NativeCodec.malformed("dbSync returned " + (r == null ? "null" : r.length + " numbers"));
        }
        return new SyncResult(r[0], r[1]);
    }

    int pageSize() {
        return pageSize;
    }

    NativeErrors.Context errorContext() {
        return errorContext;
    }

    String displayUrl() {
        return displayUrl;
    }

    boolean isReplica() {
        return replica;
    }


    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        NativeBindings.dbClose(db);
    }

    @Override
    public String toString() {
        return "EmbeddedTransport[" + displayUrl + (replica ? ", replica" : "") + "]";
    }
}
