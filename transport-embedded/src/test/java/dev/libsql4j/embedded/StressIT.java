package dev.libsql4j.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.BatchResult;
import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.Statement;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several threads do random operations, invalid ones included, on one shared {@link Database} and
 * a few shared connections for about ten seconds; connections are also closed and replaced under
 * the other threads' feet. Passes when the JVM is still here, every operation either succeeded or
 * threw {@link LibSqlException} / {@link IllegalStateException} (anything else is recorded and
 * fails the test), the data is intact, every shared connection is back in autocommit and can
 * write, and {@link Database#stats()} is back to zero.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StressIT {

  static final int THREADS = 6;
  static final int SHARED = 3;
  static final Duration RUN = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void randomOperationsFromManyThreads() throws Exception {
    Database db = LibSql.open(Config.builder("file:" + dir.resolve("stress.db"))
        .busyTimeout(Duration.ofMillis(500))
        .build());
    try {
      db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT, n INTEGER UNIQUE)");
      AtomicReferenceArray<Connection> shared = new AtomicReferenceArray<>(SHARED);
      for (int i = 0; i < SHARED; i++) {
        shared.set(i, db.connect());
      }
      Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
      Map<String, String> examples = new ConcurrentHashMap<>();
      List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
      long deadline = System.nanoTime() + RUN.toNanos();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < THREADS; w++) {
        long seed = 42L * (w + 1);
        workers.add(pool.submit(() -> {
          Random rnd = new Random(seed);
          while (System.nanoTime() < deadline) {
            int op = rnd.nextInt(Op.values().length);
            String name = Op.values()[op].name();
            try {
              Op.values()[op].run(db, shared, rnd);
              outcomes.computeIfAbsent(name + " ok", k -> new AtomicLong()).incrementAndGet();
            } catch (LibSqlException | IllegalStateException e) {
              String what = e instanceof LibSqlException l ? l.getClass().getSimpleName() + "/" + l.code()
                  : e.getClass().getSimpleName();
              outcomes.computeIfAbsent(name + " " + what, k -> new AtomicLong()).incrementAndGet();
              examples.putIfAbsent(name + " " + what, String.valueOf(e.getMessage()));
            } catch (Throwable t) {
              unexpected.add(new AssertionError("operation " + name + " threw " + t, t));
            }
          }
        }));
      }
      for (Future<?> f : workers) {
        f.get(RUN.toSeconds() + 60, TimeUnit.SECONDS);
      }
      pool.shutdownNow();
      // Whatever happened to them, the shared connections are back in autocommit and can write:
      // no transaction or READ_ONLY mode was left behind by an interrupted rollback.
      for (int i = 0; i < SHARED; i++) {
        Connection c = shared.get(i);
        assertThat(c.isAutocommit()).as("shared connection %d in autocommit", i).isTrue();
        assertThat(c.execute("INSERT INTO t(v, n) VALUES ('final', NULL)").rowsAffected()).isEqualTo(1);
        c.close();
      }
      System.out.println("StressIT outcomes: " + new java.util.TreeMap<>(outcomes));
      new java.util.TreeMap<>(examples).forEach((k, v) -> System.out.println("StressIT example " + k + ": " + v));
      assertThat(unexpected).isEmpty();
      assertThat(outcomes.keySet()).anyMatch(k -> k.endsWith(" ok"));
      assertThat(db.stats().isEmpty()).as("stats %s", db.stats()).isTrue();
      try (Connection c = db.connect()) {
        assertThat(c.execute("PRAGMA integrity_check").singleValue().toJava()).isEqualTo("ok");
      }
    } finally {
      db.close();
    }
    assertThat(db.stats().isEmpty()).isTrue();
  }

  private static Connection pick(AtomicReferenceArray<Connection> shared, Random rnd) {
    return shared.get(rnd.nextInt(SHARED));
  }

  /** The random operations. Each may fail with LibSqlException or IllegalStateException. */
  enum Op {
    INSERT {
      @Override
      void run(Database db, AtomicReferenceArray<Connection> shared, Random rnd) {
        pick(shared, rnd).execute("INSERT INTO t(v, n) VALUES (?, ?)", "v" + rnd.nextInt(), rnd.nextInt(5000));
      }
    },
    SELECT {
      @Override
      void run(Database db, AtomicReferenceArray<Connection> shared, Random rnd) {
        pick(shared, rnd).execute("SELECT count(*), sum(n) FROM t WHERE n > ?", rnd.nextInt(5000));
      }
    },
    INVALID_SQL {
      @Override
      void run(Database db, AtomicReferenceArray<Connection> shared, Random rnd) {
        pick(shared, rnd).execute(rnd.nextBoolean() ? "SELEC nonsense" : "INSERT INTO missing VALUES (1)");
      }
    },
    CURSOR {
      @Override
      void run(Database db, AtomicReferenceArray<Connection> shared, Random rnd) {
        try (Cursor cur = pick(shared, rnd).query("SELECT id, v FROM t ORDER BY id")) {
          int stop = rnd.nextInt(500);
          for (int i = 0; i < stop && cur.next() != null; i++) {
            // read part of it
          }
        }
      }
    },
    PREPARED {
      @Override
      void run(Database db, AtomicReferenceArray<Connection> shared, Random rnd) {
        Connection c = pick(shared, rnd);
        try (PreparedStatement ps = c.prepare("SELECT v FROM t WHERE id = ?")) {
          for (int i = 0; i < 20; i++) {
            ps.execute(rnd.nextInt(1000));
          }
          try (Cursor cur = ps.query(1)) {
            cur.next();
            ps.execute(2); // ends the cursor: its next() must be a clean IllegalStateException
            cur.next();
          }
        }
      }
    },
    TRANSACTION {
      @Override
      void run(Database db, AtomicReferenceArray<Connection> shared, Random rnd) {
        Connection c = pick(shared, rnd);
        TransactionMode mode = TransactionMode.values()[rnd.nextInt(TransactionMode.values().length)];
        try (Transaction tx = c.begin(mode)) {
          tx.execute("INSERT INTO t(v, n) VALUES ('tx', ?)", rnd.nextInt(5000));
          if (rnd.nextBoolean()) {
            tx.savepoint("sp");
            tx.execute("UPDATE t SET v = 'sp' WHERE n = ?", rnd.nextInt(5000));
            tx.rollbackToSavepoint("sp");
          }
          if (rnd.nextBoolean()) {
            tx.commit();
          }
        }
      }
    },
    BATCH {
      @Override
      void run(Database db, AtomicReferenceArray<Connection> shared, Random rnd) {
        List<Statement> steps = List.of(
            Statement.of("INSERT INTO t(v, n) VALUES ('b', ?)", rnd.nextInt(5000)),
            Statement.of(rnd.nextInt(4) == 0 ? "INSERT INTO nope VALUES (1)" : "SELECT 1"),
            Statement.of("UPDATE t SET v = 'bb' WHERE n = ?", rnd.nextInt(5000)));
        Connection c = pick(shared, rnd);
        if (rnd.nextBoolean()) {
          c.batch(steps);
        } else {
          BatchResult r = c.batchIndependent(steps);
          r.size();
        }
      }
    },
    SCRIPT {
      @Override
      void run(Database db, AtomicReferenceArray<Connection> shared, Random rnd) {
        pick(shared, rnd).executeScript("UPDATE t SET v = 's' WHERE id = " + rnd.nextInt(1000)
            + "; SELECT 1;" + (rnd.nextInt(3) == 0 ? " BROKEN;" : ""));
      }
    },
    OWN_CONNECTION {
      @Override
      void run(Database db, AtomicReferenceArray<Connection> shared, Random rnd) {
        try (Connection c = db.connect()) {
          c.execute("SELECT count(*) FROM t");
          c.execute("INSERT INTO t(v, n) VALUES ('own', ?)", rnd.nextInt(5000));
        }
      }
    },
    REPLACE_SHARED {
      @Override
      void run(Database db, AtomicReferenceArray<Connection> shared, Random rnd) {
        if (rnd.nextInt(10) != 0) {
          return;
        }
        int i = rnd.nextInt(SHARED);
        Connection fresh = db.connect();
        Connection old = shared.getAndSet(i, fresh);
        old.close();
      }
    },
    INTERRUPT {
      @Override
      void run(Database db, AtomicReferenceArray<Connection> shared, Random rnd) {
        pick(shared, rnd).interrupt();
      }
    },
    USE_CLOSED {
      @Override
      void run(Database db, AtomicReferenceArray<Connection> shared, Random rnd) {
        Connection c = db.connect();
        PreparedStatement ps = c.prepare("SELECT 1");
        c.close();
        ps.execute();
      }
    },
    STATS {
      @Override
      void run(Database db, AtomicReferenceArray<Connection> shared, Random rnd) {
        db.stats();
        pick(shared, rnd).isAutocommit();
        pick(shared, rnd).lastInsertRowid();
      }
    };

    abstract void run(Database db, AtomicReferenceArray<Connection> shared, Random rnd);
  }
}
