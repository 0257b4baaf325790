package dev.libsql4j.spring;

import dev.libsql4j.Config;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.spi.DatabaseUrl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code libsql.*} settings of {@link LibSqlAutoConfiguration}. A mutable bean that Spring
 * binds; not thread-safe until bound. {@link #toString()} never shows the auth token or the
 * encryption key.
 *
 * <pre>
 * libsql.url=libsql://db-org.turso.io            # or file:app.db, or http://127.0.0.1:8080
 * libsql.auth-token=${TURSO_TOKEN}
 * # An embedded replica: a local file that syncs from the primary
 * libsql.url=file:/var/lib/app/replica.db
 * libsql.sync-url=libsql://db-org.turso.io
 * libsql.sync-interval=5s
 * libsql.encryption-key=${REPLICA_KEY}
 * </pre>
 */
@ConfigurationProperties(prefix = "libsql")
public class LibSqlProperties {
    /** The database: libsql://, https://, http:// (remote), file: (local file or replica) or :memory:. */
    private String url;
    /** The bearer token for the server (Turso database token). */
    private String authToken;
    /** The primary an embedded replica syncs from; makes a file: url a replica. */
    private String syncUrl;
    /** How often a replica syncs in the background; unset for never (it still syncs once at start). */
    private Duration syncInterval;
    /** The key that encrypts the local file at rest (UTF-8 bytes of this text). */
    private String encryptionKey;
    /** How long to wait for a network connection; the core default when unset. */
    private Duration connectTimeout;
    /** How long one request may take; the core default when unset. */
    private Duration requestTimeout;
    /** The mode JDBC transactions begin in: DEFERRED (default), IMMEDIATE or EXCLUSIVE. */
    private TransactionMode transactionMode = TransactionMode.DEFERRED;
    /** Whether the DataSource (HikariCP) on the same database is created. */
    private boolean dataSource = true;
    /** Whether the health check of a replica also syncs it, so it goes DOWN when the primary is unreachable. */
    private boolean healthSync = true;

    /**
     * The core configuration these settings describe (without an event listener).
     *
     * @throws IllegalArgumentException if {@code libsql.url} is missing or a setting does not fit it
     */
    public Config.Builder toConfigBuilder() {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("libsql.url is not set; give libsql://host, http://host:port, file:path"
                    + " or :memory:");
        }
        Config.Builder b = Config.builder(url);
        if (authToken != null && !authToken.isBlank()) {
            b.authToken(authToken);
        }
        if (syncUrl != null && !syncUrl.isBlank()) {
            b.syncUrl(syncUrl);
        }
        if (syncInterval != null && !syncInterval.isZero()) {
            b.syncInterval(syncInterval);
        }
        if (encryptionKey != null && !encryptionKey.isEmpty()) {
            b.encryptionKey(encryptionKey.getBytes(StandardCharsets.UTF_8));
        }
        if (connectTimeout != null) {
            b.connectTimeout(connectTimeout);
        }
        if (requestTimeout != null) {
            b.requestTimeout(requestTimeout);
        }
        return b;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getAuthToken() {
        return authToken;
    }

    public void setAuthToken(String authToken) {
        this.authToken = authToken;
    }

    public String getSyncUrl() {
        return syncUrl;
    }

    public void setSyncUrl(String syncUrl) {
        this.syncUrl = syncUrl;
    }

    public Duration getSyncInterval() {
        return syncInterval;
    }

    public void setSyncInterval(Duration syncInterval) {
        this.syncInterval = syncInterval;
    }

    public String getEncryptionKey() {
        return encryptionKey;
    }

    public void setEncryptionKey(String encryptionKey) {
        this.encryptionKey = encryptionKey;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public TransactionMode getTransactionMode() {
        return transactionMode;
    }

    public void setTransactionMode(TransactionMode transactionMode) {
        this.transactionMode = transactionMode;
    }

    public boolean isDataSource() {
        return dataSource;
    }

    public void setDataSource(boolean dataSource) {
        this.dataSource = dataSource;
    }

    public boolean isHealthSync() {
        return healthSync;
    }

    public void setHealthSync(boolean healthSync) {
        this.healthSync = healthSync;
    }

    /** Shows the URLs without their parameters, and whether a token and key are set, never their values. */
    @Override
    public String toString() {
        return "LibSqlProperties[url=" + (url == null ? "none" : DatabaseUrl.redact(url))
                + ", authToken=" + (authToken == null ? "none" : "***")
                + (syncUrl == null ? "" : ", syncUrl=" + DatabaseUrl.redact(syncUrl))
                + (syncInterval == null ? "" : ", syncInterval=" + syncInterval)
                + ", encryptionKey=" + (encryptionKey == null ? "none" : "***")
                + (connectTimeout == null ? "" : ", connectTimeout=" + connectTimeout)
                + (requestTimeout == null ? "" : ", requestTimeout=" + requestTimeout)
                + ", transactionMode=" + transactionMode + ", dataSource=" + dataSource + "]";
    }
}
