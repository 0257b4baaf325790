package dev.libsql4j.internal;

import dev.libsql4j.BatchResult;
import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.Database;
import dev.libsql4j.EventListener;
import dev.libsql4j.ResourceStats;
import dev.libsql4j.Result;
import dev.libsql4j.Statement;
import dev.libsql4j.SyncEvent;
import dev.libsql4j.SyncResult;
import dev.libsql4j.spi.Session;
import dev.libsql4j.spi.Transport;
import dev.libsql4j.spi.TransportProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;

/** The {@link Database} over any transport. Thread-safe. */
public final class ClientDatabase implements Database {
    private final Config config;
    private final Transport transport;
    private final Resource root;
    /** The background syncs of a replica with a sync interval, or null. */
    private volatile Future<?> syncTimer;

    private ClientDatabase(Config config, Transport transport) {
        this.config = config;
        this.transport = transport;
        this.root = Resource.root(config.parsedUrl().toString(), config.leakTraces(), () -> {
            Future<?> timer = syncTimer;
            if (timer != null) {
                timer.cancel(false);
            }
            transport.close();
        });
    }

    /**
     * Finds the transport for the URL and opens the database. A replica with a sync interval
     * starts syncing in the background ({@link SyncTimer}).
     */
    public static Database open(Config config) {
        TransportProvider provider = Providers.find(config.parsedUrl());
        ClientDatabase db = new ClientDatabase(config, provider.open(config));
        if (config.syncInterval() != null && !config.syncInterval().isZero() && config.syncUrl() != null) {
            db.syncTimer = SyncTimer.start(db, config.syncInterval());
        }
        return db;
    }

    @Override
    public Connection connect() {
        root.checkOpen();
        Session session = transport.openSession();
        ClientConnection conn;
        try {
            conn = new ClientConnection(this, session, root);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return conn;
    }

    @Override
    public Result execute(String sql, Object... args) {
        return execute(Statement.of(sql, args));
    }

    @Override
    public Result execute(Statement stmt) {
        try (Connection c = connect()) {
            return c.execute(stmt);
        }
    }

    @Override
    public BatchResult batch(List<Statement> stmts) {
        try (Connection c = connect()) {
            return c.batch(stmts);
        }
    }

    @Override
    public SyncResult sync() {
        root.checkOpen();
        EventListener l = config.eventListener();
        if (l == EventListener.NONE) {
            return transport.sync();
        }
        long t0 = System.nanoTime();
        SyncResult r;
        try {
            r = transport.sync();
        } catch (RuntimeException e) {
            Events.syncFailed(l, Duration.ofNanos(System.nanoTime() - t0), e);
            throw e;
        }
        Events.syncEnd(l, new SyncEvent(Duration.ofNanos(System.nanoTime() - t0), r));
        return r;
    }

    @Override
    public ResourceStats stats() {
        Resource.Counts c = root.counts();
        return new ResourceStats(c.get(Resource.Kind.CONNECTION), c.get(Resource.Kind.STATEMENT),
                c.get(Resource.Kind.CURSOR), c.get(Resource.Kind.TRANSACTION), transport.requestsInFlight(),
                transport.openStreams());
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public boolean isClosed() {
        return root.isClosed();
    }

    @Override
    public void close() {
        root.close();
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
