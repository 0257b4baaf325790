package dev.libsql4j.jdbc;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One daemon timer thread for every query timeout of the process. A timeout fires
 * {@link dev.libsql4j.Connection#interrupt()}, which cancels the call in flight; the timer thread
 * never blocks on a connection.
 */
final class Timeouts {
    private static final ScheduledThreadPoolExecutor TIMER;

    static {
        AtomicInteger n = new AtomicInteger();
        TIMER = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "libsql4j-jdbc-timeout-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        TIMER.setRemoveOnCancelPolicy(true);
        TIMER.setKeepAliveTime(30, TimeUnit.SECONDS);
        TIMER.allowCoreThreadTimeOut(true);
    }

    private Timeouts() {
    }

    static ScheduledFuture<?> schedule(Runnable task, long millis) {
        return TIMER.schedule(task, millis, TimeUnit.MILLISECONDS);
    }
}
