package dev.libsql4j.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.Value;
import dev.libsql4j.testkit.LeakCheckExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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

/**
 * Misuse through the public API never crashes the JVM: closed resources, double close, closing
 * while another thread runs a statement, and use after the database closed all end in {@link
 * LibSqlException} or {@link IllegalStateException}. (The raw native ids are checked in {@code
 * internal.NativeHandlesIT}.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrashSafetyIT {

  /** About a second of work on these machines. */
  static final String SECOND_QUERY =
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) FROM c";

  @RegisterExtension final LeakCheckExtension leaks = LeakCheckExtension.tracking();

  @TempDir Path dir;

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private Database open() {
    return leaks.track(LibSql.open("file:" + dir.resolve("crash.db")));
  }

  @Test
  void everythingFromAClosedDatabaseSaysClosed() {
    Database db = open();
    Connection c = db.connect();
    c.execute("CREATE TABLE t(x)");
    c.execute("INSERT INTO t VALUES (1), (2), (3)");
    PreparedStatement ps = c.prepare("SELECT x FROM t");
    Cursor cur = c.query("SELECT x FROM t");
    assertThat(cur.next()).isNotNull();
    Transaction tx = c.begin(TransactionMode.IMMEDIATE);
    db.close();
    db.close();

    assertThat(db.stats().isEmpty()).isTrue();
    assertThatThrownBy(db::connect).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> db.execute("SELECT 1")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(db::sync).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> c.execute("SELECT 1")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> c.query("SELECT 1")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(ps::execute).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(ps::query).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(cur::next).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> tx.execute("SELECT 1")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(c::isAutocommit).isInstanceOf(IllegalStateException.class);
    // Closing again, in any order, is fine.
    tx.close();
    cur.close();
    ps.close();
    c.close();
    c.interrupt();
  }

  @Test
  void doubleCloseOfEverything() {
    Database db = open();
    Connection c = db.connect();
    PreparedStatement ps = c.prepare("SELECT 1");
    Cursor cur = ps.query();
    cur.close();
    cur.close();
    ps.close();
    ps.close();
    Transaction tx = c.begin();
    tx.rollback();
    tx.close();
    tx.close();
    c.close();
    c.close();
    assertThat(db.stats().isEmpty()).isTrue();
  }

  @Test
  void closingAConnectionWhileAnotherThreadRunsAStatementOnIt() throws Exception {
    Database db = open();
    Connection c = db.connect();
    CountDownLatch started = new CountDownLatch(1);
    Future<Value> running = pool.submit(() -> {
      started.countDown();
      return c.execute(SECOND_QUERY).singleValue();
    });
    started.await();
    Thread.sleep(100);
    // close() waits for the statement (calls on a connection are serialized), then closes.
    Future<?> closing = pool.submit(c::close);
    closing.get(60, TimeUnit.SECONDS);
    assertThat(c.isClosed()).isTrue();
    Object outcome = outcome(running);
    assertThat(outcome).satisfiesAnyOf(
        o -> assertThat(o).isEqualTo(Value.integer(3_000_000)),
        o -> assertThat(o).isInstanceOfAny(LibSqlException.class, IllegalStateException.class));
    assertThatThrownBy(() -> c.execute("SELECT 1")).isInstanceOf(IllegalStateException.class);
    assertThat(db.stats().isEmpty()).isTrue();
  }

  @Test
  void closingTheDatabaseWhileStatementsRunOnItsConnections() throws Exception {
    Database db = open();
    List<Connection> conns = List.of(db.connect(), db.connect(), db.connect());
    CountDownLatch started = new CountDownLatch(conns.size());
    List<Future<Object>> running = new java.util.ArrayList<>();
    for (Connection c : conns) {
      running.add(pool.submit(() -> {
        started.countDown();
        try (Cursor cur = c.query("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c"
            + " WHERE x < 2000000) SELECT x FROM c")) {
          long n = 0;
          while (cur.next() != null) {
            n++;
          }
          return n;
        }
      }));
    }
    started.await();
    Thread.sleep(50);
    db.close();
    for (Future<Object> f : running) {
      assertThat(outcome(f)).satisfiesAnyOf(
          o -> assertThat(o).isEqualTo(2_000_000L),
          o -> assertThat(o).isInstanceOfAny(LibSqlException.class, IllegalStateException.class));
    }
    assertThat(db.stats().isEmpty()).isTrue();
    for (Connection c : conns) {
      assertThat(c.isClosed()).isTrue();
    }
  }

  @Test
  void interruptAndCloseRacingAStatement() throws Exception {
    Database db = open();
    for (int round = 0; round < 20; round++) {
      Connection c = db.connect();
      Future<Value> running = pool.submit(() -> c.execute(SECOND_QUERY).singleValue());
      Thread.sleep(round % 5);
      c.interrupt();
      pool.submit(c::close).get(60, TimeUnit.SECONDS);
      c.interrupt();
      assertThat(outcome(running)).satisfiesAnyOf(
          o -> assertThat(o).isEqualTo(Value.integer(3_000_000)),
          o -> assertThat(o).isInstanceOfAny(LibSqlException.class, IllegalStateException.class));
    }
    assertThat(db.stats().isEmpty()).isTrue();
    try (Connection c = db.connect()) {
      assertThat(c.execute("SELECT 1").singleValue()).isEqualTo(Value.integer(1));
    }
  }

  /** The value, or the exception the task threw. */
  static Object outcome(Future<?> f) throws InterruptedException, java.util.concurrent.TimeoutException {
    try {
      return f.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
