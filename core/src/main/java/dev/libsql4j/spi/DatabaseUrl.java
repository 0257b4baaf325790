package dev.libsql4j.spi;

import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed and validated database URL. Accepted forms:
 * <ul>
 *   <li>{@code libsql://host[:port][/path]} — HTTPS, or plain HTTP with {@code ?tls=0}</li>
 *   <li>{@code https://host[:port][/path]}, {@code http://host[:port][/path]}</li>
 *   <li>{@code wss://host[:port][/path]}, {@code ws://host[:port][/path]} — Hrana over WebSocket</li>
 *   <li>{@code file:relative/path.db}, {@code file:/abs/path.db}, {@code file:///abs/path.db}</li>
 *   <li>{@code :memory:} (also {@code file::memory:})</li>
 * </ul>
 * Remote URLs accept the query parameters {@code authToken}, {@code encoding} ({@code json},
 * {@code protobuf} or {@code auto}: the Hrana wire encoding) and, for {@code libsql:}, {@code tls}
 * and {@code transport} ({@code http}, the default, or {@code ws} for WebSocket); any other
 * parameter is rejected by name. Immutable; {@link #toString()} hides the token (see
 * {@link #redact}).
 */
public final class DatabaseUrl {
    /** The kind of database a URL names. */
    public enum Kind {
        /** A server reached over HTTP(S) or WebSocket. */
        REMOTE,
        /** A local file. */
        FILE,
        /** An in-memory database. */
        MEMORY
    }

    private static final Set<String> REMOTE_PARAMS = Set.of("authToken", "tls", "encoding", "transport");

    private final String raw;
    private final Kind kind;
    private final String scheme;
    private final String host;
    private final int port;
    private final String path;
    private final Map<String, String> params;

    private DatabaseUrl(String raw, Kind kind, String scheme, String host, int port, String path,
                        Map<String, String> params) {
        this.raw = raw;
        this.kind = kind;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.path = path;
        this.params = Collections.unmodifiableMap(params);
    }

    /**
     * Parses and validates a URL.
     *
     * @throws IllegalArgumentException naming the bad part: the scheme, host, port, a parameter
     */
    public static DatabaseUrl parse(String url) {
        if (url == null || url.trim().isEmpty()) {
            throw new IllegalArgumentException("Database URL is empty; expected libsql://, https://, http://, "
                    + "file: or :memory:");
        }
        String u = url.trim();
        if (u.equals(":memory:") || u.equals("file::memory:")) {
            return new DatabaseUrl(u, Kind.MEMORY, "file", null, -1, ":memory:", new LinkedHashMap<>());
        }
        int colon = u.indexOf(':');
        String scheme = colon > 0 ? u.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        switch (scheme) {
            case "file":
                return parseFile(u);
            case "libsql":
            case "http":
            case "https":
            case "ws":
            case "wss":
                return parseRemote(u, scheme);
            default:
                String hint = missingSchemeHint(u);
                if (hint != null) {
                    throw new IllegalArgumentException(hint);
                }
                throw new IllegalArgumentException("Unsupported URL scheme '" + (colon > 0 ? scheme : "")
                        + "' in " + redact(u) + "; expected libsql://, https://, http://, wss://, ws://, file: or :memory:");
        }
    }

    /** {@code host:port[/path]} or {@code [v6]:port[/path]}, optionally with a query. */
    private static final Pattern HOST_PORT =
            Pattern.compile("^(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9][A-Za-z0-9.-]*):[0-9]{1,5}([/?].*)?$");

    /**
     * The message for a URL that forgot its scheme, or null if it does not look like one: a bare
     * path ({@code app.db}) is meant as a local file, {@code host:port} as a server.
     */
    private static String missingSchemeHint(String u) {
        String shown = redact(u);
        if (HOST_PORT.matcher(u).matches()) {
            return "Database URL '" + shown + "' has no scheme; for a server use http://" + shown
                    + " (plain HTTP, how sqld listens by default) or libsql://" + shown + " (TLS)";
        }
        if (u.indexOf(':') < 0) {
            return "Database URL '" + shown + "' has no scheme; for a local file use file:" + shown
                    + " (or :memory:), for a server libsql://, https:// or http://";
        }
        return null;
    }

    private static DatabaseUrl parseFile(String u) {
        String rest = u.substring("file:".length());
        int q = rest.indexOf('?');
        Map<String, String> params = q >= 0 ? parseQuery(rest.substring(q + 1), u) : new LinkedHashMap<>();
        String path = q >= 0 ? rest.substring(0, q) : rest;
        if (path.startsWith("//")) {
            int slash = path.indexOf('/', 2);
            String authority = slash < 0 ? path.substring(2) : path.substring(2, slash);
            if (!authority.isEmpty() && !authority.equals("localhost")) {
                throw new IllegalArgumentException("File URL " + redact(u) + " names host '" + authority
                        + "'; only local files are supported (file:/path or file:///path)");
            }
            path = slash < 0 ? "" : path.substring(slash);
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("File URL " + redact(u) + " has no path");
        }
        if (path.equals(":memory:")) {
            return new DatabaseUrl(u, Kind.MEMORY, "file", null, -1, ":memory:", params);
        }
        return new DatabaseUrl(u, Kind.FILE, "file", null, -1, path, params);
    }

    private static DatabaseUrl parseRemote(String u, String scheme) {
        // Check the authority by hand first: java.net.URI turns a bad port or user info into a
        // "registry" authority without a host, which would give a vague message.
        String authority = rawAuthority(u, scheme);
        if (authority != null) {
            if (authority.indexOf('@') >= 0) {
                throw new IllegalArgumentException("URL " + redact(u) + " has user info before the host; credentials"
                        + " in the URL are not supported, pass the token as authToken");
            }
            int colon = authority.lastIndexOf(':');
            String hostPart = colon > authority.lastIndexOf(']') ? authority.substring(0, colon) : authority;
            if (hostPart.isEmpty()) {
                throw new IllegalArgumentException("URL " + redact(u) + " has no host; expected " + scheme
                        + "://host[:port]");
            }
            if (hostPart.length() < authority.length()) {
                String p = authority.substring(colon + 1);
                if (!p.isEmpty() && !validPort(p)) {
                    throw new IllegalArgumentException("URL " + redact(u) + " has port '" + p
                            + "'; expected a number from 1 to 65535");
                }
            }
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Malformed URL " + redact(u) + ": " + e.getReason()
                    + " at index " + e.getIndex(), null);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("URL " + redact(u) + " has user info before the host; credentials"
                    + " in the URL are not supported, pass the token as authToken");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("URL " + redact(u) + " has no valid host");
        }
        int port = uri.getPort();
        if (port == 0 || port > 65535) {
            throw new IllegalArgumentException("URL " + redact(u) + " has port " + port + ", outside 1-65535");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("URL " + redact(u) + " has a fragment (#...), which is not allowed");
        }
        Map<String, String> params = uri.getRawQuery() == null ? new LinkedHashMap<>()
                : parseQuery(uri.getRawQuery(), u);
        for (String k : params.keySet()) {
            if (!REMOTE_PARAMS.contains(k)) {
                throw new IllegalArgumentException("Unknown URL parameter '" + k + "' in " + redact(u)
                        + "; supported parameters are authToken, encoding, tls and transport");
            }
        }
        String tls = params.get("tls");
        if (tls != null) {
            if (!scheme.equals("libsql")) {
                throw new IllegalArgumentException("URL parameter 'tls' only applies to libsql:// URLs; "
                        + redact(u) + " already says " + scheme + "://");
            }
            if (!tls.equals("0") && !tls.equals("1")) {
                throw new IllegalArgumentException("URL parameter 'tls' must be 0 or 1, not '" + tls + "'");
            }
        }
        String transport = params.get("transport");
        if (transport != null) {
            if (!scheme.equals("libsql")) {
                throw new IllegalArgumentException("URL parameter 'transport' only applies to libsql:// URLs; "
                        + redact(u) + " already says " + scheme + "://");
            }
            if (!transport.equals("http") && !transport.equals("ws")) {
                throw new IllegalArgumentException("URL parameter 'transport' must be http or ws, not '" + transport
                        + "'");
            }
        }
        String encoding = params.get("encoding");
        if (encoding != null && !encoding.equals("json") && !encoding.equals("protobuf") && !encoding.equals("auto")) {
            throw new IllegalArgumentException("URL parameter 'encoding' must be json, protobuf or auto, not '"
                    + encoding + "'");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return new DatabaseUrl(u, Kind.REMOTE, scheme, host, port, path, params);
    }

    /** The raw text between {@code scheme://} and the next {@code /}, {@code ?} or {@code #}; null without {@code //}. */
    private static String rawAuthority(String u, String scheme) {
        int start = scheme.length() + 1;
        if (!u.startsWith("//", start)) {
            return null;
        }
        start += 2;
        int end = start;
        while (end < u.length() && "/?#".indexOf(u.charAt(end)) < 0) {
            end++;
        }
        return u.substring(start, end);
    }

    private static boolean validPort(String p) {
        if (p.length() > 5) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            if (p.charAt(i) < '0' || p.charAt(i) > '9') {
                return false;
            }
        }
        int port = Integer.parseInt(p);
        return port >= 1 && port <= 65535;
    }

    private static Map<String, String> parseQuery(String query, String u) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq), u);
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1), u);
            if (params.put(k, v) != null) {
                throw new IllegalArgumentException("URL parameter '" + k + "' appears twice in " + redact(u));
            }
        }
        return params;
    }

    private static String decode(String s, String u) {
        try {
            return URLDecoder.decode(s, "UTF-8");
        } catch (IllegalArgumentException | UnsupportedEncodingException e) {
            throw new IllegalArgumentException("Malformed percent-encoding in URL " + redact(u), null);
        }
    }

    /**
     * Hides what may be secret in a URL, for messages and logs: user info before the host, and
     * the value of every query parameter but {@code tls} and {@code transport}. Not only {@code authToken}: a token
     * under a mistyped or percent-encoded name ({@code token=}, {@code auth%54oken=}) must not
     * leak either.
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String s = url;
        int sep = s.indexOf("://");
        if (sep > 0) {
            int start = sep + 3;
            int end = start;
            while (end < s.length() && "/?#".indexOf(s.charAt(end)) < 0) {
                end++;
            }
            int at = s.lastIndexOf('@', end - 1);
            if (at >= start) {
                s = s.substring(0, start) + "***" + s.substring(at);
            }
        }
        int q = s.indexOf('?');
        if (q < 0) {
            return s;
        }
        int hash = s.indexOf('#', q);
        int queryEnd = hash < 0 ? s.length() : hash;
        StringBuilder sb = new StringBuilder(s.length()).append(s, 0, q + 1);
        int i = q + 1;
        while (i <= queryEnd) {
            int amp = s.indexOf('&', i);
            if (amp < 0 || amp > queryEnd) {
                amp = queryEnd;
            }
            int eq = s.indexOf('=', i);
            if (eq >= 0 && eq < amp && !s.substring(i, eq).equals("tls") && !s.substring(i, eq).equals("transport")) {
                sb.append(s, i, eq + 1).append("***");
            } else {
                sb.append(s, i, amp);
            }
            if (amp < queryEnd) {
                sb.append('&');
            }
            i = amp + 1;
        }
        return sb.append(s, queryEnd, s.length()).toString();
    }

    /** The URL as given. Contains the token if the user put one in; never log it, use {@link #toString}. */
    public String raw() {
        return raw;
    }

    /** Remote, file or memory. */
    public Kind kind() {
        return kind;
    }

    /**
     * True for a server reached over Hrana-over-WebSocket: {@code ws://}, {@code wss://}, or
     * {@code libsql://} with {@code ?transport=ws}.
     *
     * @return whether the URL asks for the WebSocket transport
     */
    public boolean isWebSocket() {
        return kind == Kind.REMOTE && (scheme.equals("ws") || scheme.equals("wss") || "ws".equals(params.get("transport")));
    }

    /** {@code libsql}, {@code https}, {@code http}, {@code wss}, {@code ws} or {@code file}. */
    public String scheme() {
        return scheme;
    }

    /** The host of a remote URL; null otherwise. */
    public String host() {
        return host;
    }

    /** The explicit port, or -1. */
    public int port() {
        return port;
    }

    /** The raw path of a remote URL (may be empty), or the file path, or {@code :memory:}. */
    public String path() {
        return path;
    }

    /** The decoded query parameters. */
    public Map<String, String> params() {
        return params;
    }

    /** A query parameter, or null. */
    public String param(String name) {
        return params.get(name);
    }

    /** The URL with its token and any other parameter values but {@code tls} hidden. */
    @Override
    public String toString() {
        return redact(raw);
    }
}
