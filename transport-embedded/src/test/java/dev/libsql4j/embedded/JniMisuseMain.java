package dev.libsql4j.embedded;

import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.ResourceStats;
import dev.libsql4j.Statement;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Run by {@link JniMisuseIT} in a child JVM (so that a crash of the JVM is seen as such, and so
 * that its resident memory is this workload's alone): many threads pick random operations on
 * shared {@link Database}s ({@code :memory:} and a file), {@link Connection}s,
 * {@link PreparedStatement}s, {@link Cursor}s and {@link Transaction}s held in shared slots, and
 * replace (close) those objects under each other's feet, databases included; some threads run a
 * slow query while others {@link Connection#interrupt()} it. Every operation must succeed or
 * throw {@link LibSqlException} or {@link IllegalStateException}.
 *
 * <p>Arguments: run seconds, warm-up seconds, threads, seed, directory for the file database.
 * Prints {@code KEY value} lines that the test reads (see {@link JniMisuseIT}) and exits with 0
 * when every check passed, 1 when one failed, 3 when the workers hung.
 */
public final class JniMisuseMain {
  static final int CONNS = 8;
  static final int PREPS = 8;
  static final int CURSORS = 8;
  static final int TXS = 4;
  static final int KEYS = 1000;
  /** Short: transactions left open in the slots hold locks, and waiting is not what this test is about. */
  static final int BUSY_MILLIS = Integer.getInteger("libsql4j.misuse.busyMillis", 5);
  static final String SLOW_SQL = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50000)"
      + " SELECT count(*) FROM c";
  static final String[] PREP_SQL = {
      "SELECT k, v, n FROM kv WHERE k >= ? ORDER BY k",
      "INSERT OR REPLACE INTO kv(k, v, n) VALUES (?, ?, ?)",
      "UPDATE kv SET n = n + 1 WHERE k = ?",
      "SELECT count(*), sum(n) FROM kv",
      "SELECT k FROM kv WHERE v LIKE ? ORDER BY n",
  };
  static final int[] PREP_PARAMS = {1, 3, 1, 0, 1};

  private final Path file;
  private final AtomicReferenceArray<Database> dbs = new AtomicReferenceArray<>(2);
  private final AtomicReferenceArray<Connection> conns = new AtomicReferenceArray<>(CONNS);
  private final AtomicReferenceArray<Prep> preps = new AtomicReferenceArray<>(PREPS);
  private final AtomicReferenceArray<Cursor> cursors = new AtomicReferenceArray<>(CURSORS);
  private final AtomicReferenceArray<Transaction> txs = new AtomicReferenceArray<>(TXS);
  private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
  private final Map<String, String> unexpected = new ConcurrentHashMap<>();
  private final AtomicLong unexpectedCount = new AtomicLong();
  private final AtomicLong ops = new AtomicLong();
  private final AtomicLong replacedDbs = new AtomicLong();
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

  /** A shared prepared statement and how many arguments it takes. */
  record Prep(PreparedStatement ps, int kind) {}

  private JniMisuseMain(Path file) {
    this.file = file;
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Duration run = Duration.ofSeconds(Long.parseLong(args[0]));
    Duration warmup = Duration.ofSeconds(Long.parseLong(args[1]));
    int threads = Integer.parseInt(args[2]);
    long seed = Long.parseLong(args[3]);
    Path dir = Paths.get(args[4]);
    int exit;
    try {
      exit = new JniMisuseMain(dir.resolve("misuse.db")).run(out, run, warmup, threads, seed);
    } catch (Throwable t) {
      out.println("ERROR " + t);
      t.printStackTrace(out);
      exit = 1;
    }
    out.flush();
    System.exit(exit);
  }

  private int run(PrintStream out, Duration run, Duration warmup, int threads, long seed) throws Exception {
    dbs.set(0, openDb(0));
    dbs.set(1, openDb(1));
    Random setup = new Random(seed);
    for (int i = 0; i < CONNS; i++) {
      conns.set(i, dbs.get(i % 2).connect());
    }
    for (int i = 0; i < PREPS; i++) {
      int kind = setup.nextInt(PREP_SQL.length);
      preps.set(i, new Prep(conns.get(i).prepare(PREP_SQL[kind]), kind));
    }
    out.println("THREADS " + threads);
    long start = System.nanoTime();
    long warmEnd = start + warmup.toNanos();
    long end = start + run.toNanos();
    RssSampler rss = new RssSampler(warmEnd, out, ops);
    rss.start();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long s = seed * 1_000_003L + t;
      Thread w = new Thread(() -> work(new Random(s), end), "misuse-" + t);
      w.start();
      workers.add(w);
    }
    for (Thread w : workers) {
      w.join(Math.max(1, (end - System.nanoTime()) / 1_000_000) + 60_000);
      if (w.isAlive()) {
        out.println("HANG " + w.getName() + " still running 60 s after the end of the run");
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
          out.println("THREAD " + e.getKey().getName());
          for (StackTraceElement f : e.getValue()) {
            out.println("    at " + f);
          }
        }
        return 3;
      }
    }
    rss.stopAndJoin();
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf("OPS %d in %.1f s (%.0f/s), unexpected %d, databases replaced %d%n", ops.get(), seconds,
        ops.get() / seconds, unexpectedCount.get(), replacedDbs.get());
    new TreeMap<>(outcomes).forEach((k, v) -> out.println("OUTCOME " + k + " " + v.get()));
    unexpected.forEach((k, v) -> out.println("UNEXPECTED " + k + " :: " + v));
    out.println("RSS_KIB warmupEnd=" + rss.atWarmupEnd + " peakAfterWarmup=" + rss.peakAfter + " end=" + rss.last
        + " peakDuringWarmup=" + rss.peakWarmup + " samples=" + rss.samples);

    closeAllAndCheck(out);
    failures.forEach(f -> out.println("FAILURE " + f));
    boolean ok = failures.isEmpty() && unexpectedCount.get() == 0;
    out.println(ok ? "RESULT OK" : "RESULT FAILED");
    return ok ? 0 : 1;
  }

  private Database openDb(int slot) {
    String url = slot == 0 ? ":memory:" : "file:" + file;
    Database db = LibSql.open(Config.builder(url).busyTimeout(Duration.ofMillis(BUSY_MILLIS)).build());
    db.execute("CREATE TABLE IF NOT EXISTS kv(k INTEGER PRIMARY KEY, v TEXT, n INTEGER)");
    return db;
  }

  /** After the run: closes every shared object, then checks stats, data and a fresh write. */
  private void closeAllAndCheck(PrintStream out) {
    for (int i = 0; i < CURSORS; i++) {
      closeQuietly(cursors.getAndSet(i, null));
    }
    for (int i = 0; i < TXS; i++) {
      closeQuietly(txs.getAndSet(i, null));
    }
    for (int i = 0; i < PREPS; i++) {
      Prep p = preps.getAndSet(i, null);
      closeQuietly(p == null ? null : p.ps());
    }
    for (int i = 0; i < CONNS; i++) {
      closeQuietly(conns.getAndSet(i, null));
    }
    for (int i = 0; i < 2; i++) {
      Database db = dbs.get(i);
      ResourceStats s = db.stats();
      out.println("STATS_AFTER_CLOSING_CHILDREN db" + i + " " + s);
      if (!s.isEmpty()) {
        failures.add("db" + i + ": stats " + s + " after every shared object was closed");
      }
      try (Connection c = db.connect()) {
        if (!c.isAutocommit()) {
          failures.add("db" + i + ": a fresh connection is not in autocommit");
        }
        c.execute("INSERT OR REPLACE INTO kv(k, v, n) VALUES (?, 'final', 0)", KEYS + i);
        String v = c.execute("SELECT v FROM kv WHERE k = ?", KEYS + i).rows().get(0).getString(0);
        long rows = c.execute("SELECT count(*) FROM kv").rows().get(0).getLong(0);
        String check = c.execute("PRAGMA integrity_check").rows().get(0).getString(0);
        out.println("DATA db" + i + " rows=" + rows + " final=" + v + " integrity=" + check);
        if (!"final".equals(v) || !"ok".equals(check) || rows < 1 || rows > KEYS + 2) {
          failures.add("db" + i + ": after the run rows=" + rows + " final=" + v + " integrity_check=" + check);
        }
      }
      db.close();
      if (!db.stats().isEmpty()) {
        failures.add("db" + i + ": stats " + db.stats() + " after close");
      }
    }
    out.println("STATS_AFTER_CLOSE " + (failures.isEmpty() ? "empty" : "see FAILURE lines"));
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // closing objects other threads may have closed already; the checks above are what count
    }
  }

  private void work(Random rnd, long end) {
    while (System.nanoTime() < end) {
      Op op = Op.pick(rnd);
      ops.incrementAndGet();
      try {
        op.run(this, rnd);
        count(op + " ok");
      } catch (LibSqlException | IllegalStateException e) {
        count(op + " " + e.getClass().getSimpleName()
            + (e instanceof LibSqlException l ? "/" + l.code() : ""));
      } catch (Throwable t) {
        unexpectedCount.incrementAndGet();
        StackTraceElement[] st = t.getStackTrace();
        String where = st.length > 0 ? st[0].toString() : "?";
        unexpected.putIfAbsent(op + " " + t.getClass().getName(), t + " at " + where);
      }
    }
  }

  private void count(String key) {
    outcomes.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  private Database db(Random rnd) {
    return dbs.get(rnd.nextInt(2));
  }

  private Connection conn(Random rnd) {
    Connection c = conns.get(rnd.nextInt(CONNS));
    if (c == null) {
      throw new IllegalStateException("slot empty");
    }
    return c;
  }

  private static Object[] args(int kind, Random rnd) {
    int k = rnd.nextInt(KEYS);
    return switch (PREP_PARAMS[kind]) {
      case 0 -> new Object[0];
      case 1 -> new Object[] {(long) k};
      default -> new Object[] {(long) k, "v" + "x".repeat(rnd.nextInt(100)), (long) rnd.nextInt(100)};
    };
  }

  /** The operations and their weights. */
  enum Op {
    DB_EXECUTE(4) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        w.db(rnd).execute("INSERT OR REPLACE INTO kv(k, v, n) VALUES (?, 'db', ?)", rnd.nextInt(KEYS), rnd.nextInt(9));
      }
    },
    DB_BATCH(2) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        w.db(rnd).batch(List.of(
            Statement.of("UPDATE kv SET n = n + 1 WHERE k = ?", rnd.nextInt(KEYS)),
            Statement.of(rnd.nextInt(4) == 0 ? "SELEC broken" : "SELECT count(*) FROM kv")));
      }
    },
    CONNECT(3) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        Connection c = w.db(rnd).connect();
        closeQuietly(w.conns.getAndSet(rnd.nextInt(CONNS), c));
      }
    },
    CONN_CLOSE(1) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        w.conn(rnd).close();
      }
    },
    CONN_EXECUTE(10) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        Connection c = w.conn(rnd);
        if (rnd.nextBoolean()) {
          c.execute("INSERT OR REPLACE INTO kv(k, v, n) VALUES (?, ?, ?)", rnd.nextInt(KEYS), "c" + rnd.nextInt(), 1);
        } else {
          c.execute("SELECT k, v FROM kv WHERE k BETWEEN ? AND ?", rnd.nextInt(KEYS), rnd.nextInt(KEYS));
        }
      }
    },
    CONN_INVALID(2) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        w.conn(rnd).execute(rnd.nextBoolean() ? "SELEC nonsense" : "INSERT INTO missing VALUES (1)");
      }
    },
    CONN_BATCH(3) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        Connection c = w.conn(rnd);
        List<Statement> steps = List.of(
            Statement.of("INSERT OR REPLACE INTO kv(k, v, n) VALUES (?, 'b', 0)", rnd.nextInt(KEYS)),
            Statement.of(rnd.nextInt(4) == 0 ? "INSERT INTO nope VALUES (1)" : "SELECT 1"));
        if (rnd.nextBoolean()) {
          c.batch(steps);
        } else {
          c.batchIndependent(steps);
        }
      }
    },
    CONN_SCRIPT(1) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        w.conn(rnd).executeScript("UPDATE kv SET v = 's' WHERE k = " + rnd.nextInt(KEYS) + "; SELECT 1;"
            + (rnd.nextInt(3) == 0 ? " BROKEN;" : ""));
      }
    },
    CONN_STATE(3) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        Connection c = w.conn(rnd);
        c.isAutocommit();
        c.lastInsertRowid();
        c.changes();
        c.totalChanges();
        c.database().stats();
      }
    },
    SLOW(2) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        w.conn(rnd).execute(SLOW_SQL);
      }
    },
    INTERRUPT(4) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        w.conn(rnd).interrupt();
      }
    },
    PREPARE(4) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        int kind = rnd.nextInt(PREP_SQL.length);
        Prep p = new Prep(w.conn(rnd).prepare(PREP_SQL[kind]), kind);
        Prep old = w.preps.getAndSet(rnd.nextInt(PREPS), p);
        closeQuietly(old == null ? null : old.ps());
      }
    },
    PS_EXECUTE(8) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        Prep p = w.preps.get(rnd.nextInt(PREPS));
        if (p != null) {
          p.ps().execute(args(p.kind(), rnd));
        }
      }
    },
    PS_QUERY(5) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        Prep p = w.preps.get(rnd.nextInt(PREPS));
        if (p != null) {
          Cursor cur = p.ps().query(args(p.kind(), rnd));
          closeQuietly(w.cursors.getAndSet(rnd.nextInt(CURSORS), cur));
        }
      }
    },
    PS_CLOSE(1) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        Prep p = w.preps.get(rnd.nextInt(PREPS));
        if (p != null) {
          p.ps().close();
        }
      }
    },
    QUERY(5) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        Cursor cur = w.conn(rnd).query(rnd.nextInt(5) == 0 ? SLOW_SQL : "SELECT k, v, n FROM kv ORDER BY k");
        closeQuietly(w.cursors.getAndSet(rnd.nextInt(CURSORS), cur));
      }
    },
    CURSOR_STEP(12) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        Cursor cur = w.cursors.get(rnd.nextInt(CURSORS));
        if (cur != null) {
          int n = 1 + rnd.nextInt(50);
          for (int i = 0; i < n && cur.next() != null; i++) {
            cur.columns();
          }
        }
      }
    },
    CURSOR_CLOSE(2) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        Cursor cur = w.cursors.get(rnd.nextInt(CURSORS));
        if (cur != null) {
          cur.close();
        }
      }
    },
    BEGIN(3) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        TransactionMode mode = TransactionMode.values()[rnd.nextInt(TransactionMode.values().length)];
        Transaction tx = w.conn(rnd).begin(mode);
        closeQuietly(w.txs.getAndSet(rnd.nextInt(TXS), tx));
      }
    },
    TX_EXECUTE(4) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        Transaction tx = w.txs.get(rnd.nextInt(TXS));
        if (tx != null) {
          tx.execute("INSERT OR REPLACE INTO kv(k, v, n) VALUES (?, 'tx', 2)", rnd.nextInt(KEYS));
          if (rnd.nextInt(4) == 0) {
            tx.savepoint("sp");
            tx.execute("DELETE FROM kv WHERE k = ?", rnd.nextInt(KEYS));
            tx.rollbackToSavepoint("sp");
          }
        }
      }
    },
    TX_END(4) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        Transaction tx = w.txs.get(rnd.nextInt(TXS));
        if (tx != null) {
          switch (rnd.nextInt(3)) {
            case 0 -> tx.commit();
            case 1 -> tx.rollback();
            default -> tx.close();
          }
        }
      }
    },
    REPLACE_DB(0) {
      @Override
      void run(JniMisuseMain w, Random rnd) {
        int slot = rnd.nextInt(2);
        Database fresh = w.openDb(slot);
        Database old = w.dbs.getAndSet(slot, fresh);
        old.close();
        w.replacedDbs.incrementAndGet();
        if (!old.stats().isEmpty()) {
          w.failures.add("a replaced database has stats " + old.stats() + " after close()");
        }
      }
    };

    final int weight;

    Op(int weight) {
      this.weight = weight;
    }

    abstract void run(JniMisuseMain w, Random rnd);

    private static final Op[] TABLE;

    static {
      List<Op> t = new ArrayList<>();
      for (Op op : values()) {
        for (int i = 0; i < op.weight; i++) {
          t.add(op);
        }
      }
      TABLE = t.toArray(new Op[0]);
    }

    static Op pick(Random rnd) {
      // About one database replacement per 2000 operations.
      if (rnd.nextInt(2000) == 0) {
        return REPLACE_DB;
      }
      return TABLE[rnd.nextInt(TABLE.length)];
    }
  }

  /** Samples VmRSS from /proc/self/status every 100 ms. */
  static final class RssSampler extends Thread {
    private final long warmEnd;
    private final PrintStream out;
    private final AtomicLong ops;
    volatile boolean stop;
    long atWarmupEnd = -1;
    long peakWarmup;
    long peakAfter;
    long last;
    int samples;

    RssSampler(long warmEnd, PrintStream out, AtomicLong ops) {
      super("rss-sampler");
      setDaemon(true);
      this.warmEnd = warmEnd;
      this.out = out;
      this.ops = ops;
    }

    @Override
    public void run() {
      long start = System.nanoTime();
      while (!stop) {
        long kib = rssKib();
        samples++;
        if (samples % 100 == 0) {
          // Every ~10 s: the curve, to tell a leak (steady growth) from warm-up.
          out.printf("RSS_AT %d s %d MiB after %d operations%n", (System.nanoTime() - start) / 1_000_000_000L,
              kib / 1024, ops.get());
        }
        last = kib;
        if (System.nanoTime() < warmEnd) {
          peakWarmup = Math.max(peakWarmup, kib);
        } else {
          if (atWarmupEnd < 0) {
            atWarmupEnd = kib;
          }
          peakAfter = Math.max(peakAfter, kib);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stopAndJoin() throws InterruptedException {
      stop = true;
      join();
    }

    static long rssKib() {
      try {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
          if (line.startsWith("VmRSS:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", ""));
          }
        }
      } catch (IOException | NumberFormatException e) {
        return -1;
      }
      return -1;
    }
  }
}
