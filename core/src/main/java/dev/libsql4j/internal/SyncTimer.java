package dev.libsql4j.internal;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background syncs of embedded replicas ({@link dev.libsql4j.Config#syncInterval()}). Each
 * open replica's {@link ClientDatabase#sync()} runs at a fixed delay on a shared pool of daemon
 * threads, so a timed sync reaches the event listener exactly as one the application asks for.
 * A failed sync is logged (a warning for the first of a run of failures) and tried again at the
 * next tick. A database that is closed, or that nothing references any more, drops out at its
 * next tick; the threads end when no replica needs them.
 */
final class SyncTimer {
    private static final Logger LOG = LoggerFactory.getLogger(SyncTimer.class);
    private static final ScheduledThreadPoolExecutor POOL = pool();

    private SyncTimer() {
    }

    private static ScheduledThreadPoolExecutor pool() {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor p = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "libsql4j-sync-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        p.setRemoveOnCancelPolicy(true);
        p.setKeepAliveTime(30, TimeUnit.SECONDS);
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    /** Starts syncing {@code db} every {@code interval}; cancel the returned future to stop. */
    static Future<?> start(ClientDatabase db, Duration interval) {
        long millis = Math.max(1, interval.toMillis());
        Tick tick = new Tick(db);
        Future<?> f = POOL.scheduleWithFixedDelay(tick, millis, millis, TimeUnit.MILLISECONDS);
        tick.self = f;
        return f;
    }

    /** One replica's periodic sync. Holds the database weakly, so a forgotten one can be collected. */
    private static final class Tick implements Runnable {
        private final WeakReference<ClientDatabase> db;
        private final String displayUrl;
        private volatile Future<?> self;
        private boolean failing;

        Tick(ClientDatabase db) {
            this.db = new WeakReference<>(db);
            this.displayUrl = db.toString();
        }

        @Override
        public void run() {
            ClientDatabase d = db.get();
            if (d == null || d.isClosed()) {
                Future<?> f = self;
                if (f != null) {
                    f.cancel(false);
                }
                return;
            }
            try {
                d.sync();
                if (failing) {
                    failing = false;
                    LOG.info("Background sync of {} works again", displayUrl);
                }
            } catch (RuntimeException e) {
                if (d.isClosed()) {
                    return; // closed while syncing: the next tick stops
                }
                if (!failing) {
                    failing = true;
                    LOG.warn("Background sync of {} failed; retrying every interval: {}", displayUrl, e.getMessage());
                } else {
                    LOG.debug("Background sync of {} failed again: {}", displayUrl, e.getMessage());
                }
            }
        }
    }
}
