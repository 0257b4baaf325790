package dev.libsql4j.jdbc;

/**
 * The connection properties the driver understands. Each may be given as a URL query parameter
 * ({@code jdbc:libsql://host?authToken=...}) or in the {@link java.util.Properties} passed to
 * {@link java.sql.DriverManager#getConnection(String, java.util.Properties)}; the URL wins when
 * both are set. They are removed from the URL before it reaches {@link dev.libsql4j.Config}.
 */
public enum JdbcProperty {
    /** The bearer token for the server (Turso or sqld with JWT auth). The {@code password} property is used when this is absent. */
    AUTH_TOKEN("authToken", "Bearer token for the server; the 'password' property is used when absent", null),
    /** The key that encrypts a local database at rest, as text; its UTF-8 bytes are the key. */
    ENCRYPTION_KEY("encryptionKey", "Encryption key for a local database (text; its UTF-8 bytes are used)", null),
    /** The primary an embedded replica ({@code file:} URL) syncs from. */
    SYNC_URL("syncUrl", "Primary URL for an embedded replica (libsql://, https://, http://)", null),
    /** How often a replica syncs: seconds ({@code 5}, {@code 0.5}) or an ISO-8601 duration ({@code PT5S}); 0 for never. */
    SYNC_INTERVAL("syncInterval", "Background sync interval of a replica: seconds or ISO-8601 duration; 0 = never", null),
    /** Network connect timeout (seconds or ISO-8601). */
    CONNECT_TIMEOUT("connectTimeout", "Network connect timeout: seconds or ISO-8601 duration", null),
    /** How long one request may take (seconds or ISO-8601). */
    REQUEST_TIMEOUT("requestTimeout", "Timeout of one request: seconds or ISO-8601 duration", null),
    /** How long a local connection waits for a lock (seconds or ISO-8601). */
    BUSY_TIMEOUT("busyTimeout", "Lock wait of a local connection: seconds or ISO-8601 duration", null),
    /** How many requests one database sends at once. */
    MAX_CONCURRENT_REQUESTS("maxConcurrentRequests", "Requests one database sends at once (shared by its connections)", null),
    /** The mode of the transactions JDBC opens when autocommit is off: DEFERRED (default), IMMEDIATE or EXCLUSIVE. */
    TRANSACTION_MODE("transactionMode", "BEGIN mode for read-write transactions when autocommit is off",
            new String[] {"DEFERRED", "IMMEDIATE", "EXCLUSIVE"}),
    /** Whether connections with the same settings share one {@link dev.libsql4j.Database} (default true). */
    SHARE_DATABASE("shareDatabase", "Share one database (HTTP client, native handle) among connections with equal settings",
            new String[] {"true", "false"});

    private final String key;
    private final String description;
    private final String[] choices;

    JdbcProperty(String key, String description, String[] choices) {
        this.key = key;
        this.description = description;
        this.choices = choices;
    }

    /** The property name as used in URLs and {@link java.util.Properties}. */
    public String key() {
        return key;
    }

    /** A one-line description. */
    public String description() {
        return description;
    }

    String[] choices() {
        return choices == null ? null : choices.clone();
    }

    static JdbcProperty byKey(String key) {
        for (JdbcProperty p : values()) {
            if (p.key.equals(key)) {
                return p;
            }
        }
        return null;
    }
}
