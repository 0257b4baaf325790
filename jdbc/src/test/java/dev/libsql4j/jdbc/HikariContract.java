package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** HikariCP pools the driver's connections under concurrent transactions. */
abstract class HikariContract extends JdbcContract {
    static final int THREADS = 8;
    static final int TRANSFERS_PER_THREAD = 25;
    static final int ACCOUNTS = 10;
    static final long START_BALANCE = 1_000;

    @Test
    void concurrentTransfersKeepTheBooksBalanced() throws Exception {
        String accounts = table("pool_accounts");
        String ledger = table("pool_ledger");
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url());
        cfg.setPoolName("libsql-it");
        cfg.setMaximumPoolSize(4);
        cfg.setMinimumIdle(2);
        cfg.setAutoCommit(false);
        cfg.setConnectionTimeout(60_000);
        AtomicInteger retries = new AtomicInteger();
        try (HikariDataSource ds = new HikariDataSource(cfg)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + accounts + "(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)");
                s.execute("CREATE TABLE " + ledger + "(id INTEGER PRIMARY KEY, src INTEGER, dst INTEGER, thread INTEGER)");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + accounts + " VALUES (?, ?)")) {
                    for (int i = 1; i <= ACCOUNTS; i++) {
                        ps.setInt(1, i);
                        ps.setLong(2, START_BALANCE);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
            }
            assertThat(DatabaseRegistry.SHARED.openDatabases()).as("the pool's connections share one database")
                    .isEqualTo(1);

            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(thread);
                    int committed = 0;
                    while (committed < TRANSFERS_PER_THREAD) {
                        int src = 1 + random.nextInt(ACCOUNTS);
                        int dst = 1 + random.nextInt(ACCOUNTS);
                        try (Connection c = ds.getConnection()) {
                            try {
                                transfer(c, accounts, ledger, src, dst, thread);
                                c.commit();
                                committed++;
                            } catch (SQLTransientException e) {
                                // busy, or the server gave our write lock to another writer (40001, a transient
                                // exception too): try again
                                retries.incrementAndGet();
                                c.rollback();
                            }
                        }
                    }
                    return committed;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertThat(total).isEqualTo(THREADS * TRANSFERS_PER_THREAD);

            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT sum(balance), count(*) FROM " + accounts)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(ACCOUNTS * START_BALANCE);
                    assertThat(rs.getInt(2)).isEqualTo(ACCOUNTS);
                }
                try (ResultSet rs = s.executeQuery("SELECT thread, count(*) FROM " + ledger + " GROUP BY thread")) {
                    int threads = 0;
                    while (rs.next()) {
                        assertThat(rs.getInt(2)).isEqualTo(TRANSFERS_PER_THREAD);
                        threads++;
                    }
                    assertThat(threads).isEqualTo(THREADS);
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + ledger + " l JOIN " + accounts
                        + " a ON a.id = l.src")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(THREADS * TRANSFERS_PER_THREAD);
                }
                c.commit();
            }
            assertThat(ds.getHikariPoolMXBean().getActiveConnections()).isZero();
        }
        assertThat(retries.get()).as("retries").isGreaterThanOrEqualTo(0);
    }

    private static void transfer(Connection c, String accounts, String ledger, int src, int dst, int thread)
            throws SQLException {
        try (PreparedStatement debit = c.prepareStatement("UPDATE " + accounts + " SET balance = balance - 1 WHERE id = ?");
             PreparedStatement credit = c.prepareStatement("UPDATE " + accounts + " SET balance = balance + 1 WHERE id = ?");
             PreparedStatement log = c.prepareStatement("INSERT INTO " + ledger + "(src, dst, thread) VALUES (?, ?, ?)")) {
            debit.setInt(1, src);
            assertThat(debit.executeUpdate()).isEqualTo(1);
            credit.setInt(1, dst);
            assertThat(credit.executeUpdate()).isEqualTo(1);
            log.setInt(1, src);
            log.setInt(2, dst);
            log.setInt(3, thread);
            log.executeUpdate();
        }
    }

    @Test
    void dataSourceClassName() throws SQLException {
        HikariConfig cfg = new HikariConfig();
        cfg.setDataSourceClassName(LibSqlDataSource.class.getName());
        cfg.addDataSourceProperty("url", url());
        cfg.setMaximumPoolSize(2);
        cfg.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        cfg.setReadOnly(false);
        try (HikariDataSource ds = new HikariDataSource(cfg)) {
            for (int i = 0; i < 5; i++) {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT " + i)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(i);
                    assertThat(c.isValid(5)).isTrue();
                }
            }
        }
    }
}
