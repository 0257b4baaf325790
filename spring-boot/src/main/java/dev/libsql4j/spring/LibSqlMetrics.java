package dev.libsql4j.spring;

import dev.libsql4j.Database;
import dev.libsql4j.EventListener;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.StatementEvent;
import dev.libsql4j.SyncEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * Micrometer metrics from the core {@link EventListener}: what the database's statements and syncs
 * did. Register it as the database's listener (the auto-configuration does) and bind it to a
 * registry; events before {@link #bindTo} are not counted. Thread-safe.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@code libsql.statements}</td><td>timer</td><td>{@code kind} (execute, query, batch, script),
 *     {@code outcome} (success, error), {@code code} (the {@link LibSqlException#code()}, or the exception's
 *     class name for misuse; {@code none} on success)</td></tr>
 * <tr><td>{@code libsql.rows.read}, {@code libsql.rows.affected}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code libsql.bytes.sent}, {@code libsql.bytes.received}</td><td>counter (bytes)</td><td></td></tr>
 * <tr><td>{@code libsql.retries}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code libsql.syncs}</td><td>timer</td><td>{@code outcome}</td></tr>
 * <tr><td>{@code libsql.sync.frames}</td><td>counter</td><td></td></tr>
 * <tr><td>{@code libsql.connections}, {@code libsql.requests.active}, {@code libsql.transactions.active}</td>
 *     <td>gauge</td><td>(with {@link #gauges})</td></tr>
 * </table>
 *
 * Every meter also has the tags given to the constructor (the auto-configuration adds none). The
 * SQL text is never a tag (unbounded cardinality); use a listener of your own for slow-query logs.
 */
public class LibSqlMetrics extends EventListener implements MeterBinder {
    private final Iterable<io.micrometer.core.instrument.Tag> tags;
    private volatile Meters meters;

    /** Metrics without extra tags. */
    public LibSqlMetrics() {
        this(java.util.List.of());
    }

    /**
     * Metrics whose every meter carries {@code tags} (for example the database's name when an
     * application has several).
     *
     * @param tags extra tags
     */
    public LibSqlMetrics(Iterable<io.micrometer.core.instrument.Tag> tags) {
        this.tags = tags;
    }

    private final class Meters {
        final MeterRegistry registry;
        final Map<StatementEvent.Kind, Timer> ok = new EnumMap<>(StatementEvent.Kind.class);
        final Counter rowsRead;
        final Counter rowsAffected;
        final Counter bytesSent;
        final Counter bytesReceived;
        final Counter retries;
        final Timer syncOk;
        final Timer syncFailed;
        final Counter syncFrames;

        Meters(MeterRegistry r) {
            registry = r;
            for (StatementEvent.Kind k : StatementEvent.Kind.values()) {
                ok.put(k, statementTimer(k, "success", "none"));
            }
            rowsRead = Counter.builder("libsql.rows.read").description("Rows returned to the caller").tags(tags).register(r);
            rowsAffected = Counter.builder("libsql.rows.affected").description("Rows changed by statements").tags(tags)
                    .register(r);
            bytesSent = Counter.builder("libsql.bytes.sent").baseUnit("bytes").description("Request bytes sent to the server")
                    .tags(tags).register(r);
            bytesReceived = Counter.builder("libsql.bytes.received").baseUnit("bytes")
                    .description("Response bytes received from the server").tags(tags).register(r);
            retries = Counter.builder("libsql.retries").description("Requests sent again after a failed attempt").tags(tags)
                    .register(r);
            syncOk = syncTimer("success");
            syncFailed = syncTimer("error");
            syncFrames = Counter.builder("libsql.sync.frames").description("WAL frames an embedded replica pulled")
                    .tags(tags).register(r);
        }

        Timer statementTimer(StatementEvent.Kind kind, String outcome, String code) {
            return Timer.builder("libsql.statements").description("Statement calls: execute, query (until the cursor ends),"
                    + " batch, script").tags(tags).tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
                    .tag("outcome", outcome).tag("code", code).register(registry);
        }

        Timer syncTimer(String outcome) {
            return Timer.builder("libsql.syncs").description("Embedded replica syncs (Database.sync())").tags(tags)
                    .tag("outcome", outcome).register(registry);
        }

        void counts(StatementEvent e) {
            if (e.rowsRead() > 0) {
                rowsRead.increment(e.rowsRead());
            }
            if (e.rowsAffected() > 0) {
                rowsAffected.increment(e.rowsAffected());
            }
            if (e.bytesSent() > 0) {
                bytesSent.increment(e.bytesSent());
            }
            if (e.bytesReceived() > 0) {
                bytesReceived.increment(e.bytesReceived());
            }
            if (e.retries() > 0) {
                retries.increment(e.retries());
            }
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        meters = new Meters(registry);
    }

    /**
     * A binder for gauges of the database's open resources ({@link Database#stats()}):
     * {@code libsql.connections}, {@code libsql.requests.active}, {@code libsql.transactions.active}.
     *
     * @param database the database to watch; a closed one reads 0
     * @param tags     extra tags
     * @return the binder
     */
    public static MeterBinder gauges(Database database, Iterable<io.micrometer.core.instrument.Tag> tags) {
        return registry -> {
            gauge(registry, "libsql.connections", "Open connections (sessions), pooled ones included", database, tags,
                    s -> s.stats().connections());
            gauge(registry, "libsql.requests.active", "Requests in flight and open cursors", database, tags,
                    s -> s.stats().requests());
            gauge(registry, "libsql.transactions.active", "Open transactions", database, tags, s -> s.stats().transactions());
        };
    }

    private static void gauge(MeterRegistry r, String name, String description, Database db,
                              Iterable<io.micrometer.core.instrument.Tag> tags, ToIntFunction<Database> f) {
        Gauge.builder(name, db, d -> d.isClosed() ? 0 : f.applyAsInt(d)).description(description).tags(tags).register(r);
    }

    @Override
    public void statementEnd(StatementEvent event) {
        Meters m = meters;
        if (m == null) {
            return;
        }
        m.ok.get(event.kind()).record(event.duration().toNanos(), TimeUnit.NANOSECONDS);
        m.counts(event);
    }

    @Override
    public void statementFailed(StatementEvent event, RuntimeException error) {
        Meters m = meters;
        if (m == null) {
            return;
        }
        m.statementTimer(event.kind(), "error", code(error)).record(event.duration().toNanos(), TimeUnit.NANOSECONDS);
        m.counts(event);
    }

    @Override
    public void syncEnd(SyncEvent event) {
        Meters m = meters;
        if (m == null) {
            return;
        }
        m.syncOk.record(event.duration().toNanos(), TimeUnit.NANOSECONDS);
        if (event.result().framesSynced() > 0) {
            m.syncFrames.increment(event.result().framesSynced());
        }
    }

    @Override
    public void syncFailed(Duration duration, RuntimeException error) {
        Meters m = meters;
        if (m != null) {
            m.syncFailed.record(duration.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** The error's code: the libSQL code, else the exception's simple class name. */
    static String code(RuntimeException error) {
        if (error instanceof LibSqlException l && l.code() != null) {
            return l.code();
        }
        return error.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "LibSqlMetrics[" + (meters == null ? "not bound" : "bound") + "]";
    }
}
