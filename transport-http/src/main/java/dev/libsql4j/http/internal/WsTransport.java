package dev.libsql4j.http.internal;

import dev.libsql4j.Config;
import dev.libsql4j.ConnectionException;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.spi.DatabaseUrl;
import dev.libsql4j.spi.Session;
import dev.libsql4j.spi.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hrana over WebSocket for one database: one socket, opened on first use and re-opened on the
 * next call after it drops, shared by all sessions (each session is one Hrana stream on it).
 * Thread-safe.
 */
public final class WsTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(WsTransport.class);
    private static final int MAX_CONNECT_ATTEMPTS = 3;

    private final Config config;
    private final String url;
    private final String displayUrl;
    private final String token;
    /** The encoding asked for: null for auto, else JSON or PROTOBUF. */
    private final HranaCodec forced;
    private final OkHttpClient client;
    private final boolean ownsClient;
    private final Semaphore permits;
    private final AtomicInteger openStreams = new AtomicInteger();
    private final ReadOnlyCache readOnlyCache = new ReadOnlyCache();
    private final ReentrantLock socketLock = new ReentrantLock();
    private volatile WsSocket current;
    private volatile boolean closed;

    /** Opens the transport for a WebSocket URL; no network I/O happens here. */
    public WsTransport(Config config) {
        this.config = config;
        DatabaseUrl u = config.parsedUrl();
        String scheme = switch (u.scheme()) {
            case "ws", "wss" -> u.scheme();
            case "http" -> "ws";
            case "https" -> "wss";
            default -> "0".equals(u.param("tls")) ? "ws" : "wss";
        };
        String host = u.host().contains(":") && !u.host().startsWith("[") ? "[" + u.host() + "]" : u.host();
        String path = HttpSession.trimSlash(u.path());
        this.displayUrl = scheme + "://" + host + (u.port() > 0 ? ":" + u.port() : "") + path;
        // OkHttp takes http(s) URLs for WebSockets and upgrades them.
        this.url = (scheme.equals("wss") ? "https" : "http") + displayUrl.substring(scheme.length()) + (path.isEmpty() ? "/" : "");
        this.token = config.authToken();
        this.forced = HttpTransport.encoding(u.param("encoding"), config.transportOption(HttpTransport.ENCODING_OPTION));

        OkHttpClient custom = HttpTransport.userClient(config);
        ownsClient = custom == null;
        OkHttpClient.Builder b = custom != null ? custom.newBuilder() : new OkHttpClient.Builder();
        Duration request = config.requestTimeout();
        // A ping every half request timeout: a peer that stops answering fails the socket within it.
        long pingMillis = Math.max(500, Math.min(request.toMillis() / 2, 30_000));
        this.client = b.retryOnConnectionFailure(false)
                .connectTimeout(config.connectTimeout())
                .readTimeout(Duration.ZERO)
                .writeTimeout(request)
                .pingInterval(pingMillis, TimeUnit.MILLISECONDS)
                .build();
        this.permits = new Semaphore(config.maxConcurrentRequests(), true);
    }

    @Override
    public Session openSession() {
        if (closed) {
            throw new IllegalStateException("The WebSocket transport for " + displayUrl + " is closed");
        }
        return new WsSession(this);
    }

    Config config() {
        return config;
    }

    String displayUrl() {
        return displayUrl;
    }

    String token() {
        return token;
    }

    boolean wantsProtobuf() {
        return forced == HranaCodec.PROTOBUF;
    }

    /** Hides the token in a message, in case a server ever echoes it. */
    String redact(String message) {
        return token == null || message == null ? message : message.replace(token, "***");
    }

    ReadOnlyCache readOnlyCache() {
        return readOnlyCache;
    }

    RequestSlot acquire(String where) {
        return RequestSlot.acquire(permits, config, where);
    }

    @Override
    public int requestsInFlight() {
        return config.maxConcurrentRequests() - permits.availablePermits();
    }

    /** Streams holding a transaction or a cursor right now. */
    @Override
    public int openStreams() {
        return openStreams.get();
    }

    void noteStream(int delta) {
        openStreams.addAndGet(delta);
    }

    /** The live socket, opening one (with up to three attempts when the connect fails) if there is none. */
    WsSocket socket() {
        WsSocket s = current;
        if (s != null && s.isAlive()) {
            return s;
        }
        socketLock.lock();
        try {
            s = current;
            if (s != null && s.isAlive()) {
                return s;
            }
            if (closed) {
                throw new IllegalStateException("The WebSocket transport for " + displayUrl + " is closed");
            }
            LibSqlException last = null;
            for (int attempt = 1; attempt <= MAX_CONNECT_ATTEMPTS; attempt++) {
                try {
                    s = open();
                    current = s;
                    return s;
                } catch (IOException e) {
                    last = HttpErrors.fromIo(e, displayUrl, false, false, config.connectTimeout().toString());
                    if (!HttpErrors.isConnectFailure(e)) {
                        break;
                    }
                    HttpTransport.backoff(attempt);
                }
            }
            throw last;
        } finally {
            socketLock.unlock();
        }
    }

    private WsSocket open() throws IOException {
        WsSocket s = new WsSocket(this);
        Request.Builder rb = new Request.Builder().url(url).header("Sec-WebSocket-Protocol",
                forced == HranaCodec.PROTOBUF ? "hrana3-protobuf"
                        : forced == HranaCodec.JSON ? "hrana3, hrana2, hrana1" : "hrana3-protobuf, hrana3, hrana2, hrana1");
        s.attach(client.newWebSocket(rb.build(), s));
        long waitMillis = config.connectTimeout().toMillis() + config.requestTimeout().toMillis();
        try {
            return s.opened.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            s.fail(new IOException("timeout"));
            throw new java.net.SocketTimeoutException("connect to " + displayUrl + " timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.fail(new IOException("interrupted"));
            throw new ConnectionException("INTERRUPTED", "Interrupted while opening the WebSocket to " + displayUrl, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof LibSqlException le) {
                throw le;
            }
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(String.valueOf(c), c);
        }
    }

    /** Called by a socket that failed: the next call opens a new one. */
    void socketDied(WsSocket s) {
        if (current == s) {
            current = null;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        WsSocket s = current;
        current = null;
        if (s != null) {
            s.close();
        }
        if (ownsClient) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
        LOG.debug("WebSocket transport for {} closed", displayUrl);
    }

    @Override
    public String toString() {
        return "WsTransport[" + displayUrl + "]";
    }
}
