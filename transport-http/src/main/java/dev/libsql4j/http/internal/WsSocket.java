package dev.libsql4j.http.internal;

import dev.libsql4j.AuthenticationException;
import dev.libsql4j.LibSqlException;
import java.io.IOException;
import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket to the server, shared by all sessions of a database: requests carry ids and
 * answers are matched to them, in any order. Stream, cursor and stored-SQL ids are this socket's.
 * When the socket fails, every request waiting on it fails with the cause, and it stays dead;
 * the transport opens a new one for the next call. Thread-safe.
 */
final class WsSocket extends WebSocketListener {
    private static final Logger LOG = LoggerFactory.getLogger(WsSocket.class);
    /** sqld refuses more stored SQL texts per connection than this (its {@code MAX_SQL_COUNT} is higher). */
    static final int MAX_STORED_SQL = 100;

    private final WsTransport t;
    private final Map<Integer, CompletableFuture<StreamResult>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextRequestId = new AtomicInteger();
    private final AtomicInteger nextStreamId = new AtomicInteger();
    private final AtomicInteger nextCursorId = new AtomicInteger();
    private final AtomicInteger nextSqlId = new AtomicInteger();
    /** SQL texts stored with {@code store_sql}, by text; ids are per socket. */
    final Map<String, Integer> storedSql = new ConcurrentHashMap<>();
    /**
     * What would be lost if the socket closed now: requests in flight, open transactions, open
     * cursors. A socket retired by {@link WsSession#interrupt()} closes when this reaches 0.
     */
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean retiring;
    final CompletableFuture<WsSocket> opened = new CompletableFuture<>();

    private volatile WebSocket ws;
    private volatile WsCodec codec;
    private volatile int version;
    private volatile Throwable failure;
    private volatile long lastReceived = System.nanoTime();

    WsSocket(WsTransport t) {
        this.t = t;
    }

    void attach(WebSocket socket) {
        this.ws = socket;
    }

    WsCodec codec() {
        return codec;
    }

    /** The Hrana version the server chose: 1, 2 or 3. */
    int version() {
        return version;
    }

    boolean isAlive() {
        return failure == null;
    }

    /** Why the socket died, or null. */
    Throwable failure() {
        return failure;
    }

    long lastReceived() {
        return lastReceived;
    }

    /** Something that must not lose the socket started. */
    void hold() {
        busy.incrementAndGet();
    }

    /** Something that {@link #hold() held} the socket ended. */
    void release() {
        busy.decrementAndGet();
        closeIfRetiredAndIdle();
    }

    /**
     * Takes the socket out of service after an interrupt: Hrana has no cancel request, and only
     * closing the socket stops a statement running on the server. New calls go to a new socket;
     * this one closes as soon as nothing holds it (at once, if nothing does).
     */
    void retire() {
        retiring = true;
        t.socketDied(this);
        closeIfRetiredAndIdle();
    }

    boolean isRetiring() {
        return retiring;
    }

    private void closeIfRetiredAndIdle() {
        if (retiring && busy.get() <= 0 && failure == null) {
            fail(new IOException("closed after Connection.interrupt(), to stop the interrupted statement"));
        }
    }

    int newStreamId() {
        return nextStreamId.incrementAndGet();
    }

    int newCursorId() {
        return nextCursorId.incrementAndGet();
    }

    int newSqlId() {
        return nextSqlId.incrementAndGet();
    }

    /** A writer of requests for stream {@code streamId}, in the encoding the server chose. */
    WsCodec.Writer writer(int streamId) {
        return codec.writer(streamId, nextRequestId::incrementAndGet);
    }

    /**
     * Sends the writer's requests in order and returns one future per request, completed with its
     * result (whose {@code error} is set for a {@code response_error}) or failed with the socket's
     * failure.
     */
    List<CompletableFuture<StreamResult>> send(WsCodec.Writer w) {
        List<CompletableFuture<StreamResult>> out = new ArrayList<>(w.ids.size());
        for (int id : w.ids) {
            CompletableFuture<StreamResult> f = new CompletableFuture<>();
            pending.put(id, f);
            out.add(f);
        }
        Throwable dead = failure;
        if (dead != null) {
            failAll(dead);
            return out;
        }
        for (byte[] frame : w.frames) {
            if (!sendFrame(frame)) {
                fail(new IOException("The WebSocket to " + t.displayUrl() + " is closing; the request was not sent"));
                break;
            }
        }
        return out;
    }

    private boolean sendFrame(byte[] frame) {
        WebSocket s = ws;
        return s != null && (codec.binary() ? s.send(ByteString.of(frame)) : s.send(WsCodec.text(frame)));
    }

    /** Fails the socket: every waiting request gets {@code cause}, and the socket is closed. */
    void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
            LOG.debug("The WebSocket to {} is gone: {}", t.displayUrl(), cause.toString());
        }
        failAll(failure);
        opened.completeExceptionally(failure);
        WebSocket s = ws;
        if (s != null) {
            s.cancel();
        }
        t.socketDied(this);
    }

    /** Closes the socket normally (the database is closing). */
    void close() {
        if (failure == null) {
            failure = new IOException("The database was closed");
        }
        failAll(failure);
        WebSocket s = ws;
        if (s != null && !s.close(1000, null)) {
            s.cancel();
        }
    }

    private void failAll(Throwable cause) {
        for (Integer id : new ArrayList<>(pending.keySet())) {
            CompletableFuture<StreamResult> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(cause);
            }
        }
    }

    // ------------------------------------------------------------------ listener

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        // May run before newWebSocket() has returned, so before attach().
        this.ws = webSocket;
        String protocol = response.header("Sec-WebSocket-Protocol");
        String p = protocol == null ? "hrana1" : protocol.trim();
        switch (p) {
            case "hrana3-protobuf":
                codec = WsCodec.PROTOBUF;
                version = 3;
                break;
            case "hrana3":
                codec = WsCodec.JSON;
                version = 3;
                break;
            case "hrana2":
                codec = WsCodec.JSON;
                version = 2;
                break;
            case "hrana1":
                codec = WsCodec.JSON;
                version = 1;
                break;
            default:
                fail(new ProtocolException("The server at " + t.displayUrl() + " chose the unknown subprotocol '" + p + "'"));
                return;
        }
        if (t.wantsProtobuf() && codec != WsCodec.PROTOBUF) {
            fail(new LibSqlException("UNSUPPORTED_ENCODING", t.displayUrl() + " does not speak hrana3-protobuf over"
                    + " WebSocket (it chose " + p + "); drop encoding=protobuf to use JSON", null));
            return;
        }
        // Requests could follow the hello at once, but a refused token would then race the
        // server's close with our writes: the socket counts as open once hello_ok is in.
        if (!sendFrame(codec.hello(t.token()))) {
            fail(new IOException("The WebSocket to " + t.displayUrl() + " closed before the hello was sent"));
            return;
        }
        LOG.debug("WebSocket to {} open ({})", t.displayUrl(), p);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        received(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
        received(bytes.toByteArray());
    }

    private void received(byte[] frame) {
        lastReceived = System.nanoTime();
        WsCodec.Reply reply;
        try {
            reply = codec.decode(frame);
        } catch (IOException | RuntimeException e) {
            fail(new HranaJson.MalformedResponseException("a malformed message from the server: " + e.getMessage()));
            return;
        }
        switch (reply.kind()) {
            case HELLO_OK:
                opened.complete(this);
                return;
            case HELLO_ERROR:
                HranaError e = reply.result().error;
                fail(new AuthenticationException("HELLO_ERROR", "The server at " + t.displayUrl()
                        + " refused the credentials: " + t.redact(e.message()) + ". Check the auth token", null));
                return;
            default:
                CompletableFuture<StreamResult> f = pending.remove(reply.requestId());
                if (f != null) {
                    StreamResult r = reply.result();
                    if (r != null) {
                        r.wireBytes = frame.length;
                    }
                    f.complete(r);
                }
        }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        fail(new IOException("The server closed the WebSocket (code " + code
                + (reason == null || reason.isEmpty() ? "" : ", " + t.redact(reason)) + ")"));
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        onClosing(webSocket, code, reason);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable cause, Response response) {
        if (response != null && !opened.isDone()) {
            // The upgrade was refused: an HTTP status instead of 101.
            int status = response.code();
            String body = "";
            try {
                body = response.body() == null ? "" : response.peekBody(64 * 1024).string();
            } catch (IOException | RuntimeException ignored) {
                // The status says enough.
            }
            fail(HttpErrors.fromStatus(status, response.header("Content-Type"), t.redact(body), t.displayUrl(), false));
            return;
        }
        fail(cause instanceof IOException || cause instanceof LibSqlException ? cause
                : new IOException(cause.toString(), cause));
    }
}
