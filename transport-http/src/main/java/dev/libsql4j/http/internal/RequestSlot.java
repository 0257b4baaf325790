package dev.libsql4j.http.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One of a database's {@code maxConcurrentRequests} request slots, held by whoever has the request
 * in flight: a pipeline call for its duration, a cursor until its body is read or dropped. Every
 * path that ends the request closes it; {@link #close()} gives the slot back exactly once, however
 * often it is called and from whichever thread, so a cleanup path that runs twice cannot free
 * someone else's slot.
 */
final class RequestSlot implements AutoCloseable {
    private final HttpTransport transport;
    private final AtomicBoolean released = new AtomicBoolean();

    RequestSlot(HttpTransport transport) {
        this.transport = transport;
    }

    /** Gives the slot back; idempotent. */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            transport.releaseSlot();
        }
    }
}
