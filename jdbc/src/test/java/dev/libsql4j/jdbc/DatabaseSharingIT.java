package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.Database;
import dev.libsql4j.testkit.SqldExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Measures what sharing one {@link Database} among JDBC connections buys over a database per
 * connection (the {@code shareDatabase} property), against a local sqld. Not a timed test: it
 * prints the figures and checks only that both modes work; the numbers go into the module notes.
 */
class DatabaseSharingIT {
    @RegisterExtension
    static final SqldExtension SQLD = new SqldExtension();

    static final int OPENS = 300;
    static final int THREADS = 8;
    static final int QUERIES_PER_THREAD = 300;

    private static String url(boolean share) {
        return Targets.remote(SQLD) + "?shareDatabase=" + share;
    }

    private static void selectOne(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    /** getConnection, SELECT 1, close: the pattern of code without a pool. */
    private static double opensPerSecond(boolean share) throws SQLException {
        long start = System.nanoTime();
        for (int i = 0; i < OPENS; i++) {
            try (Connection c = DriverManager.getConnection(url(share))) {
                selectOne(c);
            }
        }
        return OPENS / ((System.nanoTime() - start) / 1e9);
    }

    /** Eight threads, each with a connection of its own, as in a pool. */
    private static double queriesPerSecond(boolean share) throws Exception {
        List<Connection> conns = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            conns.add(DriverManager.getConnection(url(share)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (Connection c : conns) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < QUERIES_PER_THREAD; i++) {
                        selectOne(c);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
            double qps = THREADS * QUERIES_PER_THREAD / ((System.nanoTime() - start) / 1e9);
            long databases = conns.stream().map(c -> {
                try {
                    return c.unwrap(Database.class);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }).distinct().count();
            assertThat(databases).isEqualTo(share ? 1 : THREADS);
            return qps;
        } finally {
            pool.shutdown();
            for (Connection c : conns) {
                c.close();
            }
        }
    }

    @Test
    void measure() throws Exception {
        // warm up both paths
        opensPerSecond(true);
        opensPerSecond(false);
        queriesPerSecond(true);
        queriesPerSecond(false);

        double unsharedOpens = opensPerSecond(false);
        double sharedOpensAlone = opensPerSecond(true);
        double sharedOpensWithAnchor;
        try (Connection anchor = DriverManager.getConnection(url(true))) {
            selectOne(anchor);
            sharedOpensWithAnchor = opensPerSecond(true);
        }
        // alternate, so neither mode always runs on a warmer machine
        double sharedQps = 0;
        double unsharedQps = 0;
        for (int round = 0; round < 3; round++) {
            unsharedQps += queriesPerSecond(false) / 3;
            sharedQps += queriesPerSecond(true) / 3;
        }
        System.out.printf(Locale.ROOT, "getConnection+SELECT 1+close: own database %.0f/s, shared (last one closes it)"
                + " %.0f/s, shared with another connection open %.0f/s%n", unsharedOpens, sharedOpensAlone,
                sharedOpensWithAnchor);
        System.out.printf(Locale.ROOT, "%d threads x SELECT 1 on their own connections: shared %.0f/s, own database"
                + " %.0f/s%n", THREADS, sharedQps, unsharedQps);
        assertThat(DatabaseRegistry.SHARED.openDatabases()).isZero();
    }
}
