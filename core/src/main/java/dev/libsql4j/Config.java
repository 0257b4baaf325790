package dev.libsql4j;

import dev.libsql4j.spi.DatabaseUrl;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to open a {@link Database}. Immutable and thread-safe; build one with {@link #builder},
 * derive another with {@link #toBuilder()}. The URL is parsed and checked at
 * {@link Builder#build()}. {@link #toString()} never shows the auth token or the encryption key.
 *
 * <pre>{@code
 * Config config = Config.builder("libsql://db-org.turso.io")
 *         .authToken(System.getenv("TURSO_TOKEN"))
 *         .requestTimeout(Duration.ofSeconds(30))
 *         .build();
 * try (Database db = LibSql.open(config)) { ... }
 * }</pre>
 */
public final class Config {
    /** Default for {@link Builder#connectTimeout}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default for {@link Builder#requestTimeout}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Default for {@link Builder#busyTimeout}. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);
    /** Default for {@link Builder#maxConcurrentRequests}. */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 64;
    /**
     * The system property that turns on {@link Builder#leakTraces} for every configuration built
     * after it is set: {@code -Dlibsql4j.leakTraces=true}.
     */
    public static final String LEAK_TRACES_PROPERTY = "libsql4j.leakTraces";

    private final String url;
    private final DatabaseUrl parsedUrl;
    private final String authToken;
    private final byte[] encryptionKey;
    private final String syncUrl;
    private final Duration syncInterval;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration busyTimeout;
    private final int maxConcurrentRequests;
    private final boolean leakTraces;
    private final Map<String, Object> transportOptions;
    private final EventListener eventListener;

    private Config(Builder b) {
        this.url = b.url;
        this.parsedUrl = DatabaseUrl.parse(b.url);
        String urlToken = parsedUrl.param("authToken");
        if (urlToken != null && urlToken.trim().isEmpty()) {
            throw new IllegalArgumentException("URL parameter 'authToken' is empty in " + parsedUrl);
        }
        this.authToken = b.authToken != null ? b.authToken : urlToken;
        this.encryptionKey = b.encryptionKey == null ? null : b.encryptionKey.clone();
        this.syncUrl = b.syncUrl;
        this.syncInterval = b.syncInterval;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.busyTimeout = b.busyTimeout;
        this.maxConcurrentRequests = b.maxConcurrentRequests;
        this.leakTraces = b.leakTraces;
        this.transportOptions = Collections.unmodifiableMap(new LinkedHashMap<>(b.transportOptions));
        this.eventListener = b.eventListener;
        if (syncUrl != null && parsedUrl.kind() != DatabaseUrl.Kind.FILE) {
            throw new IllegalArgumentException("syncUrl needs a local file URL (file:...) for the replica, not "
                    + parsedUrl);
        }
        if (encryptionKey != null && parsedUrl.kind() == DatabaseUrl.Kind.REMOTE) {
            throw new IllegalArgumentException("encryptionKey applies to local files and replicas, not to the remote URL "
                    + parsedUrl);
        }
    }

    /** A builder for the given URL; see {@link DatabaseUrl} for the accepted forms. */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder(url);
        b.authToken = authToken != null && !authToken.equals(parsedUrl.param("authToken")) ? authToken : null;
        b.encryptionKey = encryptionKey == null ? null : encryptionKey.clone();
        b.syncUrl = syncUrl;
        b.syncInterval = syncInterval;
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.busyTimeout = busyTimeout;
        b.maxConcurrentRequests = maxConcurrentRequests;
        b.leakTraces = leakTraces;
        b.transportOptions.putAll(transportOptions);
        b.eventListener = eventListener;
        return b;
    }

    /** The URL as given (it may hold a token: do not log it; {@link #parsedUrl()} prints safely). */
    public String url() {
        return url;
    }

    /** The parsed URL. */
    public DatabaseUrl parsedUrl() {
        return parsedUrl;
    }

    /** The auth token (from the builder, else from the URL's {@code authToken}), or null. */
    public String authToken() {
        return authToken;
    }

    /** A copy of the encryption key, or null. */
    public byte[] encryptionKey() {
        return encryptionKey == null ? null : encryptionKey.clone();
    }

    /** The primary's URL for an embedded replica, or null. */
    public String syncUrl() {
        return syncUrl;
    }

    /** How often a replica syncs in the background, or null for never. */
    public Duration syncInterval() {
        return syncInterval;
    }

    /** How long to wait for a network connection. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long one request may take; for a cursor, how long it may wait for the next data. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** How long a local connection waits for a lock before {@code SQLITE_BUSY}. */
    public Duration busyTimeout() {
        return busyTimeout;
    }

    /** How many requests one database sends at once; more wait their turn. */
    public int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    /**
     * True if each connection, statement, cursor and transaction records where it was opened, for
     * the warning logged when one is found unreachable without having been closed.
     */
    public boolean leakTraces() {
        return leakTraces;
    }

    /** Transport-specific options (see each transport's docs). Unmodifiable. */
    public Map<String, Object> transportOptions() {
        return transportOptions;
    }

    /** A transport option, or null. */
    public Object transportOption(String key) {
        return transportOptions.get(key);
    }

    /** The listener that hears this database's statements and syncs; {@link EventListener#NONE} by default. */
    public EventListener eventListener() {
        return eventListener;
    }

    /** Shows every setting but the token and the key. */
    @Override
    public String toString() {
        return "Config[url=" + parsedUrl
                + ", authToken=" + (authToken == null ? "none" : "***")
                + ", encryptionKey=" + (encryptionKey == null ? "none" : "***")
                + (syncUrl == null ? "" : ", syncUrl=" + DatabaseUrl.redact(syncUrl))
                + (syncInterval == null ? "" : ", syncInterval=" + syncInterval)
                + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout
                + ", busyTimeout=" + busyTimeout
                + ", maxConcurrentRequests=" + maxConcurrentRequests
                + (leakTraces ? ", leakTraces=true" : "")
                + (transportOptions.isEmpty() ? "" : ", transportOptions=" + transportOptions.keySet())
                + (eventListener == EventListener.NONE ? "" : ", eventListener=" + eventListener.getClass().getName())
                + "]";
    }

    /** Builds a {@link Config}. Not thread-safe. Each setter checks its value at once. */
    public static final class Builder {
        private final String url;
        private String authToken;
        private byte[] encryptionKey;
        private String syncUrl;
        private Duration syncInterval;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
        private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
        private boolean leakTraces = Boolean.getBoolean(LEAK_TRACES_PROPERTY);
        private final Map<String, Object> transportOptions = new LinkedHashMap<>();
        private EventListener eventListener = EventListener.NONE;

        private Builder(String url) {
            if (url == null || url.trim().isEmpty()) {
                throw new IllegalArgumentException("url is empty; expected libsql://, https://, http://, file: or :memory:");
            }
            this.url = url.trim();
        }

        /** The bearer token for the server; overrides a token in the URL. Null clears it. */
        public Builder authToken(String token) {
            if (token != null && token.trim().isEmpty()) {
                throw new IllegalArgumentException("authToken is blank");
            }
            this.authToken = token;
            return this;
        }

        /** The key that encrypts a local database at rest (copied). Null clears it. */
        public Builder encryptionKey(byte[] key) {
            if (key != null && key.length == 0) {
                throw new IllegalArgumentException("encryptionKey is empty");
            }
            this.encryptionKey = key == null ? null : key.clone();
            return this;
        }

        /** The primary to replicate from; makes a {@code file:} URL an embedded replica. */
        public Builder syncUrl(String syncUrl) {
            if (syncUrl != null) {
                DatabaseUrl parsed = DatabaseUrl.parse(syncUrl);
                if (parsed.kind() != DatabaseUrl.Kind.REMOTE) {
                    throw new IllegalArgumentException("syncUrl must be a remote URL (libsql://, https://, http://), not "
                            + parsed);
                }
            }
            this.syncUrl = syncUrl;
            return this;
        }

        /** How often a replica syncs in the background; null for never. */
        public Builder syncInterval(Duration interval) {
            this.syncInterval = interval == null ? null : positive("syncInterval", interval);
            return this;
        }

        /** How long to wait for a network connection (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /** How long one request may take (default 60 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /** How long a local connection waits for a lock (default 5 s); zero fails at once. */
        public Builder busyTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "busyTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("busyTimeout must not be negative, got " + timeout);
            }
            this.busyTimeout = timeout;
            return this;
        }

        /** How many requests one database sends at once (default 64). */
        public Builder maxConcurrentRequests(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConcurrentRequests must be at least 1, got " + max);
            }
            this.maxConcurrentRequests = max;
            return this;
        }

        /**
         * The listener that hears every statement call and sync of the database; see
         * {@link EventListener}. Null (or {@link EventListener#NONE}) turns events off.
         */
        public Builder eventListener(EventListener listener) {
            this.eventListener = listener == null ? EventListener.NONE : listener;
            return this;
        }

        /**
         * Whether every connection, statement, cursor and transaction records the stack trace of
         * the call that opened it (default: off, or the system property
         * {@code libsql4j.leakTraces=true}). A resource that becomes unreachable without being
         * closed is always closed and reported with one warning; with traces on, the warning also
         * shows where it was opened. Recording a trace costs a few microseconds per resource, so
         * turn it on to find a leak, not in production.
         */
        public Builder leakTraces(boolean on) {
            this.leakTraces = on;
            return this;
        }

        /** Sets a transport-specific option; see the transport's docs for keys. */
        public Builder transportOption(String key, Object value) {
            Objects.requireNonNull(key, "transport option key");
            if (value == null) {
                transportOptions.remove(key);
            } else {
                transportOptions.put(key, value);
            }
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws IllegalArgumentException if the URL is invalid or the settings do not fit it
         */
        public Config build() {
            return new Config(this);
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
