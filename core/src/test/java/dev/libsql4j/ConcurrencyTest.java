package dev.libsql4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.fake.FakeSession;
import dev.libsql4j.fake.FakeTransport;
import dev.libsql4j.fake.FakeTransportProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A connection used from several threads queues the calls; the session never sees two at once. */
class ConcurrencyTest {

    @Test
    @Timeout(60)
    void threadsHammeringOneConnectionAreSerialized() throws Exception {
        FakeTransport fake = new FakeTransport();
        fake.recordStatements = false;
        fake.spinNanos = 2_000;
        int threads = 4;
        int rounds = 400;
        try (Database db = FakeTransportProvider.open(fake)) {
            Connection conn = db.connect();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long id = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    int checked = 0;
                    for (int i = 0; i < rounds; i++) {
                        long tag = id * 1_000_000 + i;
                        assertThat(conn.execute("SELECT ?", tag).singleValue()).isEqualTo(Value.integer(tag));
                        try (Cursor k = conn.query("K", 3L)) {
                            long n = 0;
                            for (Row r : k) {
                                assertThat(r.getLong(0)).isEqualTo(n++);
                            }
                            assertThat(n).isEqualTo(3);
                        }
                        if (i % 10 == 0) {
                            try (PreparedStatement ps = conn.prepare("SELECT ?")) {
                                assertThat(ps.execute(tag).singleValue()).isEqualTo(Value.integer(tag));
                            }
                        }
                        conn.batchIndependent(List.of(Statement.of("SELECT ?", tag)));
                        conn.isAutocommit();
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : futures) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(rounds);
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(db.stats()).isEqualTo(new ResourceStats(1, 0, 0, 0, 0, 0));
            conn.close();
            assertThat(fake.lastSession().calls()).isGreaterThan(threads * rounds * 5);
        }
        assertThat(fake.violations()).isEmpty();
    }

    @Test
    @Timeout(60)
    void transactionsFromSeveralThreadsQueue() throws Exception {
        FakeTransport fake = new FakeTransport();
        fake.spinNanos = 1_000;
        int threads = 4;
        try (Database db = FakeTransportProvider.open(fake); Connection conn = db.connect()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    int committed = 0;
                    for (int i = 0; i < 100; i++) {
                        try {
                            conn.inTransaction(tx -> tx.execute("INSERT 1"));
                            committed++;
                        } catch (IllegalStateException busy) {
                            assertThat(busy).hasMessageContaining("already open");
                        }
                    }
                    return committed;
                }));
            }
            int total = 0;
            for (Future<Integer> f : futures) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(total).isPositive();
            assertThat(fake.events("commit")).hasSize(total);
            assertThat(db.stats()).isEqualTo(new ResourceStats(1, 0, 0, 0, 0, 0));
        }
        assertThat(fake.violations()).isEmpty();
    }

    @Test
    @Timeout(60)
    void closingTheDatabaseWhileThreadsUseItNeverHangs() throws Exception {
        for (int round = 0; round < 20; round++) {
            FakeTransport fake = new FakeTransport();
            fake.recordStatements = false;
            Database db = FakeTransportProvider.open(fake);
            int threads = 4;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CyclicBarrier start = new CyclicBarrier(threads + 1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    while (true) {
                        try (Connection c = db.connect()) {
                            c.execute("SELECT ?", 1);
                            try (Cursor k = c.query("K", 50L)) {
                                for (Row r : k) {
                                    r.getLong(0);
                                }
                            }
                            c.inTransaction(tx -> tx.execute("INSERT 1"));
                        } catch (IllegalStateException closed) {
                            assertThat(closed).hasMessageContaining("is closed");
                            if (db.isClosed()) {
                                return null;
                            }
                        }
                    }
                }));
            }
            start.await();
            Thread.sleep(5);
            db.close();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(db.stats().isEmpty()).isTrue();
            assertThat(fake.sessions()).allMatch(FakeSession::isClosed);
            // A connect() racing with close() may still ask the transport for a session after it
            // closed (the session is closed again at once); anything else is a core bug.
            assertThat(fake.violations()).allMatch(v -> v.equals("openSession after transport close"));
        }
    }

    @Test
    @Timeout(60)
    void theFakeDetectsUnserializedCalls() throws Exception {
        // Proves the check above can fail: calling the session directly from two threads overlaps.
        FakeTransport fake = new FakeTransport();
        fake.recordStatements = false;
        fake.spinNanos = 50_000;
        FakeSession session = (FakeSession) fake.openSession();
        Runnable hammer = () -> {
            for (int i = 0; i < 2_000 && fake.violations().isEmpty(); i++) {
                session.execute(Statement.of("SELECT 1"));
            }
        };
        Thread a = new Thread(hammer);
        Thread b = new Thread(hammer);
        a.start();
        b.start();
        a.join();
        b.join();
        assertThat(fake.violations()).isNotEmpty().allMatch(v -> v.startsWith("concurrent call"));
    }
}
