package dev.libsql4j.jdbc;

import dev.libsql4j.Config;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.spi.DatabaseUrl;
import java.io.UnsupportedEncodingException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * A parsed {@code jdbc:libsql:} URL with its properties: the core {@link Config} to open, plus the
 * driver's own settings. Immutable.
 *
 * <p>Accepted URLs (the part after {@code jdbc:libsql:} is a libsql4j URL):
 * <ul>
 *   <li>{@code jdbc:libsql://host[:port][/path]} → {@code libsql://host...} (TLS unless {@code ?tls=0})</li>
 *   <li>{@code jdbc:libsql:libsql://...}, {@code jdbc:libsql:https://...}, {@code jdbc:libsql:http://127.0.0.1:8080}</li>
 *   <li>Hrana over WebSocket: {@code jdbc:libsql:wss://...}, {@code jdbc:libsql:ws://127.0.0.1:8080},
 *       {@code jdbc:libsql://host?transport=ws}</li>
 *   <li>{@code jdbc:libsql:file:app.db}, {@code jdbc:libsql:file:/abs/app.db}</li>
 *   <li>{@code jdbc:libsql::memory:}</li>
 * </ul>
 * Query parameters named after a {@link JdbcProperty} are taken out of the URL; any other
 * parameter (such as {@code tls}) is left for {@link Config} to check.
 */
final class JdbcConfig {
    static final String PREFIX = "jdbc:libsql:";

    private final String jdbcUrl;
    private final Config config;
    private final TransactionMode transactionMode;
    private final boolean shareDatabase;
    private final Key key;

    private JdbcConfig(String jdbcUrl, Config config, TransactionMode transactionMode, boolean shareDatabase) {
        this.jdbcUrl = jdbcUrl;
        this.config = config;
        this.transactionMode = transactionMode;
        this.shareDatabase = shareDatabase;
        this.key = new Key(config);
    }

    /** True for URLs this driver handles (it may still reject them as malformed). */
    static boolean accepts(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /**
     * Parses a URL and its properties.
     *
     * @throws SQLException (SQLState 08001) naming what is wrong; never showing the token or key
     */
    static JdbcConfig parse(String url, Properties info) throws SQLException {
        if (!accepts(url)) {
            throw new SQLException("Not a libSQL JDBC URL: " + DatabaseUrl.redact(url) + "; expected " + PREFIX
                    + "//host, " + PREFIX + "http://host:port, " + PREFIX + "file:path or " + PREFIX + ":memory:", "08001");
        }
        String rest = url.substring(PREFIX.length()).trim();
        String base;
        if (rest.startsWith("//")) {
            base = "libsql:" + rest;
        } else if (startsWithIgnoreCase(rest, "libsql://") || startsWithIgnoreCase(rest, "http://")
                || startsWithIgnoreCase(rest, "https://") || startsWithIgnoreCase(rest, "file:")
                || startsWithIgnoreCase(rest, "ws://") || startsWithIgnoreCase(rest, "wss://")
                || rest.startsWith(":memory:")) {
            base = rest;
        } else {
            throw new SQLException("Cannot tell what " + DatabaseUrl.redact(url) + " names; expected " + PREFIX
                    + "//host (Turso/sqld over HTTPS), " + PREFIX + "http://host:port, " + PREFIX + "file:path or "
                    + PREFIX + ":memory:", "08001");
        }

        Map<JdbcProperty, String> values = new EnumMap<>(JdbcProperty.class);
        if (info != null) {
            for (JdbcProperty p : JdbcProperty.values()) {
                String v = info.getProperty(p.key());
                if (v != null) {
                    values.put(p, v);
                }
            }
        }
        String coreUrl = base;
        int q = base.indexOf('?');
        if (q >= 0) {
            StringBuilder kept = new StringBuilder();
            for (String pair : base.substring(q + 1).split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq), url);
                JdbcProperty p = JdbcProperty.byKey(k);
                if (p == null) {
                    kept.append(kept.length() == 0 ? "" : "&").append(pair);
                } else {
                    values.put(p, eq < 0 ? "" : decode(pair.substring(eq + 1), url));
                }
            }
            coreUrl = base.substring(0, q) + (kept.length() == 0 ? "" : "?" + kept);
        }
        if (!values.containsKey(JdbcProperty.AUTH_TOKEN) && info != null) {
            String password = info.getProperty("password");
            if (password != null && !password.isEmpty()) {
                values.put(JdbcProperty.AUTH_TOKEN, password);
            }
        }

        Config.Builder b;
        try {
            b = Config.builder(coreUrl);
            String token = values.get(JdbcProperty.AUTH_TOKEN);
            if (token != null) {
                if (token.trim().isEmpty()) {
                    throw new IllegalArgumentException("authToken is empty");
                }
                b.authToken(token);
            }
            String key = values.get(JdbcProperty.ENCRYPTION_KEY);
            if (key != null) {
                if (key.isEmpty()) {
                    throw new IllegalArgumentException("encryptionKey is empty");
                }
                b.encryptionKey(key.getBytes(StandardCharsets.UTF_8));
            }
            String syncUrl = values.get(JdbcProperty.SYNC_URL);
            if (syncUrl != null && !syncUrl.isEmpty()) {
                b.syncUrl(syncUrl);
            }
            Duration syncInterval = duration(JdbcProperty.SYNC_INTERVAL, values.get(JdbcProperty.SYNC_INTERVAL));
            if (syncInterval != null && !syncInterval.isZero()) {
                b.syncInterval(syncInterval);
            }
            Duration d = duration(JdbcProperty.CONNECT_TIMEOUT, values.get(JdbcProperty.CONNECT_TIMEOUT));
            if (d != null) {
                b.connectTimeout(d);
            }
            d = duration(JdbcProperty.REQUEST_TIMEOUT, values.get(JdbcProperty.REQUEST_TIMEOUT));
            if (d != null) {
                b.requestTimeout(d);
            }
            d = duration(JdbcProperty.BUSY_TIMEOUT, values.get(JdbcProperty.BUSY_TIMEOUT));
            if (d != null) {
                b.busyTimeout(d);
            }
            String max = values.get(JdbcProperty.MAX_CONCURRENT_REQUESTS);
            if (max != null) {
                try {
                    b.maxConcurrentRequests(Integer.parseInt(max.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("maxConcurrentRequests must be a whole number, not '" + max + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            throw invalid(url, e);
        }
        TransactionMode mode = TransactionMode.DEFERRED;
        String modeText = values.get(JdbcProperty.TRANSACTION_MODE);
        if (modeText != null) {
            try {
                mode = TransactionMode.valueOf(modeText.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                mode = null;
            }
            if (mode == null || mode == TransactionMode.READ_ONLY) {
                throw new SQLException("transactionMode must be DEFERRED, IMMEDIATE or EXCLUSIVE, not '" + modeText
                        + "' (read-only transactions come from Connection.setReadOnly(true))", "08001");
            }
        }
        boolean share = true;
        String shareText = values.get(JdbcProperty.SHARE_DATABASE);
        if (shareText != null) {
            String s = shareText.trim().toLowerCase(Locale.ROOT);
            if (!s.equals("true") && !s.equals("false")) {
                throw new SQLException("shareDatabase must be true or false, not '" + shareText + "'", "08001");
            }
            share = s.equals("true");
        }
        Config config;
        try {
            config = b.build();
        } catch (IllegalArgumentException e) {
            throw invalid(url, e);
        }
        return new JdbcConfig(url, config, mode, share);
    }

    /**
     * The settings for connections on a database the caller opened ({@link DatabaseDataSource}):
     * its configuration, and the transaction mode for JDBC transactions.
     */
    static JdbcConfig forDatabase(Config config, TransactionMode mode) {
        return new JdbcConfig(PREFIX + config.url(), config, mode, false);
    }

    private static SQLException invalid(String url, IllegalArgumentException e) {
        String m = e.getMessage();
        if (m != null && m.startsWith("Unknown URL parameter")) {
            StringBuilder names = new StringBuilder();
            for (JdbcProperty p : JdbcProperty.values()) {
                names.append(names.length() == 0 ? "" : ", ").append(p.key());
            }
            m += "; the JDBC driver also takes " + names;
        }
        return new SQLException("Invalid libSQL JDBC URL " + DatabaseUrl.redact(url) + ": " + m, "08001", e);
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static String decode(String s, String url) throws SQLException {
        try {
            return URLDecoder.decode(s, "UTF-8");
        } catch (IllegalArgumentException | UnsupportedEncodingException e) {
            throw new SQLException("Malformed percent-encoding in " + DatabaseUrl.redact(url), "08001");
        }
    }

    /**
     * A duration given as seconds ({@code 5}, {@code 2.5}) or ISO-8601 ({@code PT5S}); null if absent.
     *
     * @throws IllegalArgumentException naming the property if the text is neither
     */
    static Duration duration(JdbcProperty p, String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(p.key() + " is empty; give seconds (5, 0.5) or an ISO-8601 duration (PT5S)");
        }
        try {
            if (t.startsWith("P") || t.startsWith("p") || t.startsWith("-P")) {
                Duration d = Duration.parse(t);
                if (d.isNegative()) {
                    throw new IllegalArgumentException(p.key() + " must not be negative, got " + t);
                }
                return d;
            }
            BigDecimal seconds = new BigDecimal(t);
            if (seconds.signum() < 0) {
                throw new IllegalArgumentException(p.key() + " must not be negative, got " + t);
            }
            return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(p.key() + " must be seconds (5, 0.5) or an ISO-8601 duration (PT5S), not '"
                    + t + "'");
        }
    }

    /** The URL as the user gave it (it may hold a token). */
    String jdbcUrl() {
        return jdbcUrl;
    }

    /** The URL with every parameter value hidden: safe to show. */
    String redactedUrl() {
        return DatabaseUrl.redact(jdbcUrl);
    }

    Config config() {
        return config;
    }

    TransactionMode transactionMode() {
        return transactionMode;
    }

    boolean shareDatabase() {
        return shareDatabase;
    }

    /** Equal for configurations that may share one {@link dev.libsql4j.Database}. */
    Key key() {
        return key;
    }

    /** Everything that makes two databases differ. Holds the secrets: never print it. */
    static final class Key {
        private final String url;
        private final String authToken;
        private final byte[] encryptionKey;
        private final String syncUrl;
        private final Duration syncInterval;
        private final Duration connectTimeout;
        private final Duration requestTimeout;
        private final Duration busyTimeout;
        private final int maxConcurrentRequests;

        Key(Config c) {
            this.url = c.url();
            this.authToken = c.authToken();
            this.encryptionKey = c.encryptionKey();
            this.syncUrl = c.syncUrl();
            this.syncInterval = c.syncInterval();
            this.connectTimeout = c.connectTimeout();
            this.requestTimeout = c.requestTimeout();
            this.busyTimeout = c.busyTimeout();
            this.maxConcurrentRequests = c.maxConcurrentRequests();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return url.equals(k.url) && Objects.equals(authToken, k.authToken)
                    && Arrays.equals(encryptionKey, k.encryptionKey) && Objects.equals(syncUrl, k.syncUrl)
                    && Objects.equals(syncInterval, k.syncInterval) && connectTimeout.equals(k.connectTimeout)
                    && requestTimeout.equals(k.requestTimeout) && busyTimeout.equals(k.busyTimeout)
                    && maxConcurrentRequests == k.maxConcurrentRequests;
        }

        @Override
        public int hashCode() {
            return Objects.hash(url, authToken, Arrays.hashCode(encryptionKey), syncUrl, syncInterval, connectTimeout,
                    requestTimeout, busyTimeout, maxConcurrentRequests);
        }

        @Override
        public String toString() {
            return "Key[" + DatabaseUrl.redact(url) + "]";
        }
    }
}
