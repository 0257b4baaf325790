package dev.libsql4j.http.internal;

import dev.libsql4j.Config;
import dev.libsql4j.LibSqlTimeoutException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One of a database's {@code maxConcurrentRequests} request slots, held by whoever has the request
 * in flight: a pipeline call for its duration, a cursor until its body is read or dropped. Every
 * path that ends the request closes it; {@link #close()} gives the slot back exactly once, however
 * often it is called and from whichever thread, so a cleanup path that runs twice cannot free
 * someone else's slot.
 */
final class RequestSlot implements AutoCloseable {
    private final Semaphore permits;
    private final AtomicBoolean released = new AtomicBoolean();

    private RequestSlot(Semaphore permits) {
        this.permits = permits;
    }

    /**
     * Takes one of a database's request slots, waiting at most the request timeout. The caller
     * owns the slot and must close it on every path.
     *
     * @throws LibSqlTimeoutException if none came free in time
     */
    static RequestSlot acquire(Semaphore permits, Config config, String where) {
        try {
            if (!permits.tryAcquire(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new LibSqlTimeoutException("TIMEOUT", "No request slot came free for " + where + " within "
                        + config.requestTimeout() + ": " + config.maxConcurrentRequests()
                        + " requests (or open cursors) are in flight on this database", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LibSqlTimeoutException("INTERRUPTED", "Interrupted while waiting for a request slot for " + where, e);
        }
        return new RequestSlot(permits);
    }

    /** Gives the slot back; idempotent. */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            permits.release();
        }
    }
}
