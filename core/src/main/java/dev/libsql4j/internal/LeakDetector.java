package dev.libsql4j.internal;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net for resources the user forgot to close: when the public object becomes
 * unreachable while its {@link Resource} is still open, a daemon thread closes the resource and
 * logs one warning, with the place it was opened when the database records traces
 * ({@link dev.libsql4j.Config.Builder#leakTraces}), or else with how to turn them on.
 *
 * <p>Built on {@link PhantomReference} rather than {@code java.lang.ref.Cleaner}, which Android
 * lacks before API 33.
 */
final class LeakDetector {
    private static final Logger LOG = LoggerFactory.getLogger(LeakDetector.class);
    private static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();
    private static final Set<Watch> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Thread t = new Thread(LeakDetector::run, "libsql4j-leak-detector");
        t.setDaemon(true);
        t.start();
    }

    private LeakDetector() {
    }

    /** A watch on one public object; cancelled when its resource closes normally. */
    static final class Watch extends PhantomReference<Object> {
        private final Resource resource;

        Watch(Object owner, Resource resource) {
            super(owner, QUEUE);
            this.resource = resource;
        }

        void cancel() {
            LIVE.remove(this);
            clear();
        }
    }

    /** Watches {@code owner}; when it is collected with {@code resource} still open, closes it. */
    static void watch(Object owner, Resource resource) {
        Watch w = new Watch(owner, resource);
        LIVE.add(w);
        resource.watch(w);
        if (resource.isClosed()) {
            w.cancel();
        }
    }

    private static void run() {
        while (true) {
            try {
                Watch w = (Watch) QUEUE.remove();
                if (LIVE.remove(w)) {
                    release(w.resource);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                LOG.warn("libsql4j leak detector: failed to close a leaked resource", e);
            }
        }
    }

    static void release(Resource r) {
        if (r.isClosed()) {
            return;
        }
        Throwable openedAt = r.openedAt();
        if (openedAt != null) {
            LOG.warn("{} was not closed and is no longer reachable; closing it now. Close it (try-with-resources)"
                    + " where it was opened:", r.description(), openedAt);
        } else {
            LOG.warn("{} was not closed and is no longer reachable; closing it now. Close it (try-with-resources)"
                    + " where it was opened. To log where that was, turn on leak traces: Config.builder(url)"
                    + ".leakTraces(true), or -D{}=true", r.description(), dev.libsql4j.Config.LEAK_TRACES_PROPERTY);
        }
        try {
            r.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing leaked {} failed", r.description(), e);
        }
    }
}
