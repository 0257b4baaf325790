package dev.libsql4j.http.internal;

import dev.libsql4j.Config;
import dev.libsql4j.EventListener;
import dev.libsql4j.spi.Session;

/**
 * The traffic totals a session reports for the core's {@link EventListener} (see
 * {@link Session#bytesSent()}), shared by the HTTP and WebSocket sessions, which add to them as
 * they send and read. Counting is off, and costs nothing, without a listener.
 */
abstract class MeteredSession implements Session {
    /** Whether to count: only with an event listener. */
    final boolean counting;
    // Running totals, read by the core under the connection lock.
    long bytesSent;
    long bytesReceived;
    /** Requests sent, and the attempts made at them (more than one for a request sent again). */
    long requests;
    long attempts;

    MeteredSession(Config config) {
        this.counting = config.eventListener() != EventListener.NONE;
    }

    @Override
    public final long bytesSent() {
        return bytesSent;
    }

    @Override
    public final long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public final long retries() {
        return attempts - requests;
    }
}
