package dev.libsql4j.http.internal;

import dev.libsql4j.Config;
import dev.libsql4j.ConnectionException;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.LibSqlTimeoutException;
import dev.libsql4j.spi.DatabaseUrl;
import dev.libsql4j.spi.Session;
import dev.libsql4j.spi.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hrana over HTTP for one database: the OkHttp clients, the endpoint, the auth header, the
 * request permits and the protocol version. Thread-safe; sessions share it.
 */
public final class HttpTransport implements Transport {
    /** Transport option key: an {@code okhttp3.OkHttpClient} to derive our clients from. */
    public static final String OKHTTP_CLIENT_OPTION = "okhttp.client";
    /** Transport option key (and URL parameter {@code encoding}): {@code json}, {@code protobuf} or {@code auto}. */
    public static final String ENCODING_OPTION = "http.encoding";

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final int MAX_CONNECT_ATTEMPTS = 3;

    private final Config config;
    private final String baseUrl;
    /** The encoding the user asked for: null for auto (probe), else JSON or PROTOBUF. */
    private final HranaCodec forced;
    private final String displayUrl;
    private final String authHeader;
    private final String token;
    private final OkHttpClient client;
    private final OkHttpClient cursorClient;
    private final boolean ownsClient;
    private final Semaphore permits;
    private final AtomicLong replicationIndex = new AtomicLong(-1);
    private final java.util.concurrent.atomic.AtomicInteger openStreams = new java.util.concurrent.atomic.AtomicInteger();
    private final ReadOnlyCache readOnlyCache = new ReadOnlyCache();
    private final Object probeLock = new Object();
    private volatile Boolean v3;
    /** Set with {@link #v3} by the probe. */
    private volatile HranaCodec codec;
    private volatile HttpUrl pipelineUrl;
    private volatile HttpUrl cursorUrl;
    private volatile boolean closed;

    /** Opens the transport for a remote URL; no network I/O happens here. */
    public HttpTransport(Config config) {
        this.config = config;
        DatabaseUrl url = config.parsedUrl();
        String scheme = url.scheme().equals("libsql") ? ("0".equals(url.param("tls")) ? "http" : "https") : url.scheme();
        String host = url.host().contains(":") && !url.host().startsWith("[") ? "[" + url.host() + "]" : url.host();
        String path = url.path();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        this.baseUrl = scheme + "://" + host + (url.port() > 0 ? ":" + url.port() : "") + path;
        this.forced = encoding(url.param("encoding"), config.transportOption(ENCODING_OPTION));
        this.displayUrl = baseUrl;
        this.token = config.authToken();
        this.authHeader = token == null ? null : "Bearer " + token;

        OkHttpClient custom = userClient(config);
        OkHttpClient.Builder b;
        if (custom != null) {
            b = custom.newBuilder();
            ownsClient = false;
        } else {
            int idle = Math.max(5, Math.min(config.maxConcurrentRequests(), 32));
            b = new OkHttpClient.Builder().connectionPool(new ConnectionPool(idle, 5, TimeUnit.MINUTES));
            ownsClient = true;
        }
        Duration request = config.requestTimeout();
        // We retry ourselves, and only where the request provably did not reach the server.
        b.retryOnConnectionFailure(false)
                .connectTimeout(config.connectTimeout())
                .readTimeout(request)
                .writeTimeout(request);
        this.client = b.callTimeout(request).build();
        this.cursorClient = client.newBuilder().callTimeout(Duration.ZERO).build();
        this.permits = new Semaphore(config.maxConcurrentRequests(), true);
    }

    /**
     * The client given as transport option {@value #OKHTTP_CLIENT_OPTION}, to derive ours from;
     * null when there is none.
     */
    static OkHttpClient userClient(Config config) {
        Object custom = config.transportOption(OKHTTP_CLIENT_OPTION);
        if (custom == null || custom instanceof OkHttpClient) {
            return (OkHttpClient) custom;
        }
        throw new IllegalArgumentException("Transport option '" + OKHTTP_CLIENT_OPTION + "' must be an okhttp3.OkHttpClient, not "
                + custom.getClass().getName());
    }

    @Override
    public Session openSession() {
        if (closed) {
            throw new IllegalStateException("The HTTP transport for " + displayUrl + " is closed");
        }
        return new HttpSession(this);
    }

    /** The endpoint without a trailing slash, e.g. {@code https://db.example.com}. */
    String baseUrl() {
        return baseUrl;
    }

    Config config() {
        return config;
    }

    /** The highest replication index any response reported, or -1. */
    public long replicationIndex() {
        return replicationIndex.get();
    }

    void noteReplicationIndex(Long index) {
        if (index != null) {
            replicationIndex.accumulateAndGet(index, Math::max);
        }
    }

    /** Whether each SQL text is read-only, as {@code describe} said; for READ_ONLY transactions. */
    ReadOnlyCache readOnlyCache() {
        return readOnlyCache;
    }

    /** Hides the token in a message, in case a server ever echoes it. */
    String redact(String message) {
        return token == null || message == null ? message : message.replace(token, "***");
    }

    /**
     * The encoding the user asked for, from the URL parameter {@code encoding} and the transport
     * option {@value #ENCODING_OPTION}; null for {@code auto}. Both given must agree.
     */
    static HranaCodec encoding(String fromUrl, Object fromOption) {
        if (fromOption != null && !(fromOption instanceof String)) {
            throw new IllegalArgumentException("Transport option '" + ENCODING_OPTION + "' must be a String (json, protobuf"
                    + " or auto), not " + fromOption.getClass().getName());
        }
        HranaCodec a = parseEncoding(fromUrl, "URL parameter 'encoding'");
        HranaCodec b = parseEncoding((String) fromOption, "Transport option '" + ENCODING_OPTION + "'");
        if (fromUrl != null && fromOption != null && a != b) {
            throw new IllegalArgumentException("URL parameter 'encoding' (" + fromUrl + ") and transport option '"
                    + ENCODING_OPTION + "' (" + fromOption + ") disagree");
        }
        return a != null ? a : b;
    }

    private static HranaCodec parseEncoding(String v, String what) {
        if (v == null) {
            return null;
        }
        switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "json":
                return HranaCodec.JSON;
            case "protobuf":
                return HranaCodec.PROTOBUF;
            case "auto":
                return null;
            default:
                throw new IllegalArgumentException(what + " must be json, protobuf or auto, not '" + v + "'");
        }
    }

    /**
     * Whether the server speaks Hrana 3; see {@link #probe()}.
     */
    boolean isV3() {
        Boolean known = v3;
        if (known != null) {
            return known;
        }
        probe();
        return v3;
    }

    /** The encoding in use: Hrana 3 protobuf, or JSON (v3 or v2); see {@link #probe()}. */
    HranaCodec codec() {
        HranaCodec c = codec;
        if (c != null) {
            return c;
        }
        probe();
        return codec;
    }

    /** A pipeline request body in the encoding in use. */
    RequestWriter writer(String baton) {
        return codec().pipeline(baton);
    }

    /**
     * Asks the server once which endpoints it has; the probes need no auth. Unless JSON was asked
     * for, {@code GET /v3-protobuf}: a 2xx means Hrana 3 protobuf. Otherwise {@code GET /v3} for
     * Hrana 3 JSON, and {@code /v2} when that is missing. An unknown answer (an auth proxy, say)
     * means Hrana 3 JSON, or protobuf when protobuf was asked for; real requests then report errors.
     */
    private void probe() {
        synchronized (probeLock) {
            if (v3 != null) {
                return;
            }
            HranaCodec c;
            boolean isV3;
            if (forced != HranaCodec.JSON) {
                int status = probe(baseUrl + "/v3-protobuf");
                if (isSuccess(status) || (forced == HranaCodec.PROTOBUF && status != 404)) {
                    setProtocol(HranaCodec.PROTOBUF, true);
                    return;
                }
                if (forced == HranaCodec.PROTOBUF) {
                    throw new dev.libsql4j.ConnectionException("UNSUPPORTED_ENCODING", displayUrl + " does not serve"
                            + " Hrana 3 protobuf (GET /v3-protobuf answered 404); drop encoding=protobuf to use JSON", null);
                }
            }
            int status = probe(baseUrl + "/v3");
            if (isSuccess(status)) {
                isV3 = true;
            } else if (status == 404 && isSuccess(probe(baseUrl + "/v2"))) {
                LOG.debug("{} has no Hrana 3 endpoint; using /v2 (no cursors, no autocommit checks)", displayUrl);
                isV3 = false;
            } else {
                isV3 = true;
            }
            c = HranaCodec.JSON;
            setProtocol(c, isV3);
        }
    }

    private void setProtocol(HranaCodec c, boolean isV3) {
        String prefix = isV3 ? c.v3Prefix() : "/v2";
        pipelineUrl = HttpUrl.get(baseUrl + prefix + "/pipeline");
        cursorUrl = HttpUrl.get(baseUrl + c.v3Prefix() + "/cursor");
        codec = c;
        v3 = isV3;
        LOG.debug("{} speaks Hrana over HTTP at {} ({})", displayUrl, prefix, c.name());
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    private int probe(String url) {
        Request req = new Request.Builder().url(url).get().build();
        LibSqlException last = null;
        for (int attempt = 1; attempt <= MAX_CONNECT_ATTEMPTS; attempt++) {
            try (Response r = client.newCall(req).execute()) {
                return r.code();
            } catch (IOException e) {
                last = HttpErrors.fromIo(e, url, false, false, config.requestTimeout().toString());
                if (!HttpErrors.isConnectFailure(e)) {
                    break;
                }
                backoff(attempt);
            }
        }
        throw last;
    }

    /**
     * Builds a POST of a body in the encoding in use. Pipeline answers are small and sqld's gzip costs both sides
     * more than it saves on loopback or a LAN, so {@code compressed} is false for them; cursor
     * bodies stay compressed, since sqld otherwise sends each row in a chunk of its own.
     */
    Request post(HttpUrl url, byte[] body, boolean compressed) {
        Request.Builder b = new Request.Builder().url(url).post(RequestBody.create(body, codec().mediaType()));
        if (authHeader != null) {
            b.header("Authorization", authHeader);
        }
        if (!compressed) {
            b.header("Accept-Encoding", "identity");
        }
        return b.build();
    }

    /** The pipeline endpoint ({@code /v3/pipeline}, {@code /v3-protobuf/pipeline}, or {@code /v2/pipeline} for old servers). */
    HttpUrl pipelineUrl() {
        isV3();
        return pipelineUrl;
    }

    /** The pipeline endpoint of a stream: under its {@code base_url} when the server gave one. */
    HttpUrl pipelineUrl(String streamBase) {
        return streamBase == null ? pipelineUrl()
                : endpoint(streamBase, (isV3() ? codec().v3Prefix() : "/v2") + "/pipeline");
    }

    /** The cursor endpoint of a stream: under its {@code base_url} when the server gave one. */
    HttpUrl cursorUrl(String streamBase) {
        if (streamBase != null) {
            return endpoint(streamBase, codec().v3Prefix() + "/cursor");
        }
        isV3();
        return cursorUrl;
    }

    /** An endpoint under a stream's {@code base_url}. */
    HttpUrl endpoint(String base, String path) {
        HttpUrl u = HttpUrl.parse(base + path);
        if (u == null) {
            throw new dev.libsql4j.ProtocolException("PROTOCOL_ERROR", "The server sent an invalid base_url: " + base, null);
        }
        return u;
    }

    /**
     * Takes a request slot, waiting at most the request timeout. The caller owns the slot and must
     * close it on every path (try-with-resources, or hand it to the object that ends the request).
     *
     * @throws LibSqlTimeoutException if none came free in time
     */
    RequestSlot acquire(String where) {
        return RequestSlot.acquire(permits, config, where);
    }

    /** Requests (pipeline calls and open cursors) holding a slot right now. */
    @Override
    public int requestsInFlight() {
        return config.maxConcurrentRequests() - permits.availablePermits();
    }

    /** Server streams this database holds a baton for right now (transactions, cursors being read). */
    @Override
    public int openStreams() {
        return openStreams.get();
    }

    /** A session or cursor took ({@code +1}) or let go of ({@code -1}) a server stream. */
    void noteStream(int delta) {
        openStreams.addAndGet(delta);
    }

    /**
     * Executes a call. The caller owns the response. {@code callSink} receives each call before it
     * runs, so it can be cancelled.
     *
     * <p>Retries: a connect failure (the request never left) when {@code retryable}, that is when
     * no server stream depends on the request; and, when {@code idempotent} (only reads, on no
     * stream), once more after any other I/O failure, such as a pooled connection the server had
     * closed: running a read twice changes nothing. Any I/O failure drops the idle pooled
     * connections, which are likely stale too.
     */
    Response execute(Request req, boolean cursor, boolean retryable, boolean idempotent,
                     java.util.function.Consumer<Call> callSink) throws IOException {
        OkHttpClient c = cursor ? cursorClient : client;
        boolean readRetried = false;
        for (int attempt = 1; ; attempt++) {
            Call call = c.newCall(req);
            callSink.accept(call);
            try {
                return call.execute();
            } catch (IOException e) {
                if (!call.isCanceled()) {
                    evictIdleConnections();
                }
                boolean timeout = e instanceof java.io.InterruptedIOException && !HttpErrors.isConnectFailure(e);
                if (idempotent && !readRetried && !call.isCanceled() && !timeout && !HttpErrors.isConnectFailure(e)) {
                    readRetried = true;
                    LOG.debug("A read on {} failed ({}); retrying it once on a new connection", displayUrl, e.toString());
                    continue;
                }
                if (!retryable || call.isCanceled() || !HttpErrors.isConnectFailure(e) || attempt >= MAX_CONNECT_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("Connect to {} failed ({}); retry {} of {}", displayUrl, e.getMessage(), attempt,
                        MAX_CONNECT_ATTEMPTS - 1);
                backoff(attempt);
            }
        }
    }

    /** Waits before connect attempt {@code attempt + 1}: 50 ms, 200 ms, ... */
    static void backoff(int attempt) {
        try {
            Thread.sleep(50L << (2 * (attempt - 1)));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("INTERRUPTED", "Interrupted while waiting to retry a connection", ie);
        }
    }

    /** Drops pooled connections after an error: servers often close them, and a stale one fails the next call. */
    void evictIdleConnections() {
        client.connectionPool().evictAll();
    }

    /** Closes a stream without waiting for the answer. */
    void closeStreamAsync(String baton, String streamBase) {
        if (baton == null || closed) {
            return;
        }
        RequestWriter w = writer(baton);
        w.close();
        HttpUrl url;
        try {
            url = pipelineUrl(streamBase);
        } catch (RuntimeException e) {
            return;
        }
        client.newCall(post(url, w.finish(), false)).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                LOG.debug("Closing a stream at {} failed; the server expires it by itself: {}", displayUrl, e.toString());
            }

            @Override
            public void onResponse(Call call, Response response) {
                response.close();
            }
        });
    }

    String displayUrl() {
        return displayUrl;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ownsClient) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    @Override
    public String toString() {
        return "HttpTransport[" + displayUrl + "]";
    }
}
