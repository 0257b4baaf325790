package dev.libsql4j.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.LibSqlTimeoutException;
import dev.libsql4j.Value;
import dev.libsql4j.testkit.LeakCheckExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link Connection#interrupt()} from another thread stops a running statement promptly. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InterruptIT {

  /** Counts to 10^8: tens of seconds of work, far beyond the bound below. */
  static final String LONG_QUERY =
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000)"
          + " SELECT count(*) FROM c";
  static final Duration BOUND = Duration.ofSeconds(10);

  @RegisterExtension final LeakCheckExtension leaks = LeakCheckExtension.tracking();

  @TempDir Path dir;

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  /**
   * Runs {@code work} on another thread and interrupts {@code conn} every 50 ms until it ends (a
   * single interrupt could land before the statement starts); returns what it threw.
   */
  static Throwable interruptUntilDone(ExecutorService pool, Connection conn, Callable<?> work) throws Exception {
    Future<?> f = pool.submit(work);
    long deadline = System.nanoTime() + BOUND.toNanos();
    Thread.sleep(100);
    while (!f.isDone()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the statement still runs " + BOUND + " after the first interrupt()");
      }
      conn.interrupt();
      Thread.sleep(50);
    }
    try {
      f.get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @Test
  void interruptStopsALongExecute() throws Exception {
    Database db = leaks.track(LibSql.open("file:" + dir.resolve("i.db")));
    try (Connection conn = db.connect()) {
      long start = System.nanoTime();
      Throwable t = interruptUntilDone(pool, conn, () -> conn.execute(LONG_QUERY));
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(t).isInstanceOf(LibSqlTimeoutException.class);
      assertThat(((LibSqlException) t).code()).isEqualTo("SQLITE_INTERRUPT");
      assertThat(t.getMessage()).containsIgnoringCase("interrupt");
      assertThat(ms).isLessThan(BOUND.toMillis());
      // The connection is fine afterwards.
      assertThat(conn.execute("SELECT 41 + 1").singleValue()).isEqualTo(Value.integer(42));
    }
  }

  @Test
  void interruptStopsACursorMidStream() throws Exception {
    Database db = leaks.track(LibSql.open(":memory:"));
    try (Connection conn = db.connect()) {
      Throwable t = interruptUntilDone(pool, conn, () -> {
        try (Cursor cur = conn.query(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) SELECT x FROM c")) {
          long n = 0;
          while (cur.next() != null) {
            n++;
          }
          return n;
        }
      });
      assertThat(t).isInstanceOf(LibSqlTimeoutException.class);
      assertThat(db.stats().cursors()).isZero();
      assertThat(conn.execute("SELECT 1").singleValue()).isEqualTo(Value.integer(1));
    }
  }

  @Test
  void interruptStopsAPreparedStatementAndATransactionSurvivesIt() throws Exception {
    Database db = leaks.track(LibSql.open("file:" + dir.resolve("i.db")));
    try (Connection conn = db.connect()) {
      conn.execute("CREATE TABLE t(x)");
      try (dev.libsql4j.Transaction tx = conn.begin()) {
        tx.execute("INSERT INTO t VALUES (1)");
        try (dev.libsql4j.PreparedStatement ps = conn.prepare(LONG_QUERY)) {
          Throwable t = interruptUntilDone(pool, conn, ps::execute);
          assertThat(t).isInstanceOf(LibSqlTimeoutException.class);
        }
        // An interrupted read does not end the transaction.
        tx.execute("INSERT INTO t VALUES (2)");
        tx.commit();
      }
      assertThat(conn.execute("SELECT count(*) FROM t").singleValue()).isEqualTo(Value.integer(2));
    }
  }

  /**
   * While a cursor keeps a statement active, an interrupt stays in force and fails every statement
   * on the connection, the ROLLBACK of a transaction included. That transaction must not swallow
   * later statements or keep its locks: it is rolled back once the cursor is gone, before anything
   * else runs.
   */
  @Test
  void anInterruptedRollbackIsFinishedBeforeAnythingElseRuns() {
    Database db = leaks.track(LibSql.open("file:" + dir.resolve("r.db")));
    try (Connection c = db.connect();
        Connection other = db.connect()) {
      c.execute("CREATE TABLE t(x)");
      c.execute("INSERT INTO t VALUES (1), (2), (3)");
      Cursor cur = c.query("WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 100000)"
          + " SELECT x FROM s");
      assertThat(cur.next()).isNotNull();
      dev.libsql4j.Transaction tx = c.begin(dev.libsql4j.TransactionMode.IMMEDIATE);
      tx.execute("INSERT INTO t VALUES (4)");
      c.interrupt();
      tx.close(); // its ROLLBACK is interrupted too; the transaction is over for the caller anyway
      assertThat(tx.isActive()).isFalse();

      // With the cursor still open, statements refuse to run rather than run inside the old transaction.
      Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> c.execute("INSERT INTO t VALUES (5)"));
      assertThat(e).isInstanceOf(LibSqlException.class);
      assertThat(e.getMessage()).contains("did not run");

      cur.close(); // the interrupt ends with the last active statement; the ROLLBACK runs now
      assertThat(c.isAutocommit()).isTrue();
      // Nothing of the transaction stayed, and its write lock is gone: the other connection writes at once.
      other.execute("INSERT INTO t VALUES (6)");
      assertThat(c.execute("SELECT group_concat(x) FROM t").singleValue()).isEqualTo(Value.text("1,2,3,6"));
    }
  }

  @Test
  void interruptWithNothingRunningIsHarmless() {
    Database db = leaks.track(LibSql.open(":memory:"));
    try (Connection conn = db.connect()) {
      conn.interrupt();
      conn.interrupt();
      assertThat(conn.execute("SELECT 7").singleValue()).isEqualTo(Value.integer(7));
    }
    Connection closed = db.connect();
    closed.close();
    closed.interrupt(); // after close: a no-op, not an error
  }
}
