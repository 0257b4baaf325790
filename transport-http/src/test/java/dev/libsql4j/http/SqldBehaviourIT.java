package dev.libsql4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.libsql4j.Connection;
import dev.libsql4j.ConnectionException;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.Row;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionExpiredException;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.testkit.LeakCheckExtension;
import dev.libsql4j.testkit.SqldExtension;
import dev.libsql4j.testkit.SqldServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How sqld's own rules surface through the client (DESIGN §8, hrana.md §9): a write lock stolen
 * after 5 s, a stream expired after 10 s idle, and the server dying mid-transaction. Each test
 * reads the table back to prove what was and was not committed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SqldBehaviourIT {

  @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

  @RegisterExtension final LeakCheckExtension leaks = LeakCheckExtension.tracking();

  private Database db;

  @BeforeEach
  void open() {
    db = leaks.track(LibSql.open(url()));
    db.execute("DROP TABLE IF EXISTS t");
    db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, who TEXT)");
  }

  private List<Long> ids() {
    try (Connection c = db.connect()) {
      List<Long> out = new ArrayList<>();
      for (Row r : c.execute("SELECT id FROM t ORDER BY id").rows()) {
        out.add(r.getLong(0));
      }
      return out;
    }
  }

  private static void assertSaysLost(Throwable e) {
    assertThat(e).isInstanceOf(TransactionExpiredException.class);
    assertThat(e.getMessage())
        .as("the message must say the transaction is gone")
        .containsPattern("(?i)lost|rolled back|roll(ed)? ?back");
  }

  /**
   * A holds the write lock and goes idle; B's {@code BEGIN IMMEDIATE} waits ~5 s, then sqld rolls
   * A back and gives B the lock. B commits; A's next statement learns its transaction is gone.
   */
  /** The server's URL with the wire encoding under test. */
  String url() {
    return SQLD.server().url() + "?encoding=" + encoding();
  }

  /** The wire encoding under test; a subclass runs the same tests over protobuf. */
  protected String encoding() {
    return "json";
  }

  @Test
  void writeLockStolenFromIdleHolderSurfacesOnItsNextStatement() {
    try (Connection a = db.connect();
        Connection b = db.connect()) {
      Transaction ta = a.begin(TransactionMode.IMMEDIATE);
      ta.execute("INSERT INTO t VALUES (1, 'a')");

      long start = System.nanoTime();
      try (Transaction tb = b.begin(TransactionMode.IMMEDIATE)) {
        tb.execute("INSERT INTO t VALUES (2, 'b')");
        tb.commit();
      }
      long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(waitedMs).as("B waited for sqld's 5 s lock timeout").isBetween(3_000L, 30_000L);

      Throwable e = catchThrowable(() -> ta.execute("INSERT INTO t VALUES (3, 'a again')"));
      assertSaysLost(e);
      assertThat(ta.isActive()).isFalse();
      assertThat(catchThrowable(ta::commit)).isInstanceOf(TransactionExpiredException.class);
      assertThatCode(ta::close).doesNotThrowAnyException();

      // A's connection works again, with a new transaction.
      try (Transaction again = a.begin(TransactionMode.IMMEDIATE)) {
        again.execute("INSERT INTO t VALUES (4, 'a retried')");
        again.commit();
      }
    }
    assertThat(ids()).containsExactly(2L, 4L);
  }

  /**
   * Same conflict, ended the way a shell user ends it (issue 11): A's next statement fails, then a
   * {@code ROLLBACK} statement clears the dead transaction quietly and A's connection goes on.
   */
  @Test
  void writeLockStolenFromIdleHolderIsClearedByARollbackStatement() {
    try (Connection a = db.connect();
        Connection b = db.connect()) {
      a.begin(TransactionMode.IMMEDIATE);
      a.execute("INSERT INTO t VALUES (1, 'a')");
      try (Transaction tb = b.begin(TransactionMode.IMMEDIATE)) {
        tb.execute("INSERT INTO t VALUES (2, 'b')");
        tb.commit();
      }
      Throwable e = catchThrowable(() -> a.execute("INSERT INTO t VALUES (3, 'a again')"));
      assertSaysLost(e);
      assertThat(((LibSqlException) e).code()).isEqualTo("TRANSACTION_TIMEOUT");
      assertThat(catchThrowable(() -> a.execute("SELECT 1"))).isInstanceOf(TransactionExpiredException.class);

      assertThat(a.execute("ROLLBACK").rowCount()).isZero();
      assertThat(a.isAutocommit()).isTrue();
      assertThat(a.execute("SELECT count(*) FROM t").singleValue().toJava()).isEqualTo(1L);
      a.execute("BEGIN IMMEDIATE");
      a.execute("INSERT INTO t VALUES (4, 'a retried')");
      a.execute("COMMIT");
      assertThat(a.isAutocommit()).isTrue();
      assertThat(db.stats().transactions()).isZero();
    }
    assertThat(ids()).containsExactly(2L, 4L);
  }

  /** Same conflict, but A's next call is {@code commit()}: it must fail, not report success. */
  @Test
  void writeLockStolenFromIdleHolderMakesItsCommitFail() {
    try (Connection a = db.connect();
        Connection b = db.connect()) {
      Transaction ta = a.begin(TransactionMode.IMMEDIATE);
      ta.execute("INSERT INTO t VALUES (1, 'a')");
      try (Transaction tb = b.begin(TransactionMode.IMMEDIATE)) {
        tb.execute("INSERT INTO t VALUES (2, 'b')");
        tb.commit();
      }
      Throwable e = catchThrowable(ta::commit);
      assertSaysLost(e);
      assertThat(ta.isActive()).isFalse();
      assertThatCode(ta::close).doesNotThrowAnyException();
      assertThat(a.isAutocommit()).isTrue();
      assertThat(a.execute("SELECT count(*) FROM t").singleValue().toJava()).isEqualTo(1L);
    }
    assertThat(ids()).containsExactly(2L);
  }

  /**
   * A transaction idle for 12 s outlives sqld's 10 s stream expiry: the next statement fails with
   * a clear error and nothing is committed. Autocommit work on another connection and a prepared
   * statement created before the pause keep working (no baton is kept between autocommit calls).
   */
  @Test
  void transactionIdlePastStreamExpiryFailsClearly() throws InterruptedException {
    try (Connection c = db.connect();
        Connection other = db.connect();
        Connection rolledBack = db.connect();
        Connection committed = db.connect();
        PreparedStatement ps = other.prepare("INSERT INTO t VALUES (?, ?)")) {
      other.execute("INSERT INTO t VALUES (100, 'before pause')");
      Transaction tx = c.begin(TransactionMode.IMMEDIATE);
      tx.execute("INSERT INTO t VALUES (1, 'in tx')");
      // Two more transactions that expire in the same pause, ended by SQL statements (issue 11).
      Transaction txR = rolledBack.begin();
      rolledBack.execute("INSERT INTO t VALUES (3, 'rolled back by statement')");
      Transaction txC = committed.begin();
      committed.execute("INSERT INTO t VALUES (4, 'committed by statement')");

      Thread.sleep(12_000);

      // A ROLLBACK statement clears the expired transaction quietly; the next statement runs.
      assertThat(catchThrowable(() -> rolledBack.execute("SELECT 1")))
          .isInstanceOf(TransactionExpiredException.class);
      assertThat(rolledBack.execute("ROLLBACK").rowCount()).isZero();
      assertThat(txR.isActive()).isFalse();
      assertThat(rolledBack.isAutocommit()).isTrue();
      assertThat(rolledBack.execute("SELECT 3").singleValue().toJava()).isEqualTo(3L);
      assertThatCode(txR::close).doesNotThrowAnyException();
      // A COMMIT statement fails (nothing was committed) and clears it too.
      assertThat(catchThrowable(() -> committed.execute("SELECT 1")))
          .isInstanceOf(TransactionExpiredException.class);
      Throwable commitStmt = catchThrowable(() -> committed.execute("COMMIT"));
      assertThat(commitStmt).isInstanceOf(TransactionExpiredException.class);
      assertThat(commitStmt.getMessage()).contains("nothing was committed");
      assertThat(((LibSqlException) commitStmt).code()).isEqualTo("STREAM_EXPIRED");
      assertThat(txC.isActive()).isFalse();
      assertThat(committed.execute("SELECT 4").singleValue().toJava()).isEqualTo(4L);
      try (Transaction again = committed.begin()) {
        again.execute("INSERT INTO t VALUES (5, 'new transaction')");
        again.commit();
      }

      Throwable e = catchThrowable(() -> tx.execute("INSERT INTO t VALUES (2, 'in tx')"));
      assertThat(e).isInstanceOf(TransactionExpiredException.class);
      assertThat(e.getMessage())
          .as("the message must say the transaction expired")
          .containsPattern("(?i)expired|inactiv|idle");
      assertThat(((LibSqlException) e).code()).isEqualTo("STREAM_EXPIRED");
      assertThat(tx.isActive()).isFalse();
      assertThat(catchThrowable(tx::commit)).isInstanceOf(TransactionExpiredException.class);
      assertThatCode(tx::close).doesNotThrowAnyException();

      // Autocommit calls after the pause, and a statement prepared before it, still work.
      assertThat(other.execute("SELECT count(*) FROM t").singleValue().toJava())
          .as("100, and 5 from the new transaction")
          .isEqualTo(2L);
      assertThat(ps.execute(101, "prepared before pause").rowsAffected()).isEqualTo(1);
      assertThat(c.execute("INSERT INTO t VALUES (102, 'same connection')").rowsAffected())
          .isEqualTo(1);
    }
    assertThat(ids()).containsExactly(5L, 100L, 101L, 102L);
  }

  /**
   * sqld dies (SIGKILL) inside a transaction. Decision: while the server is unreachable the
   * client reports a {@link ConnectionException} (it cannot tell a crash from a network blip, and
   * the statement provably did not run); once the server is back, the transaction's stream is
   * unknown to it, so the next call on the transaction is a {@link TransactionExpiredException}.
   * Committed data survives the restart; the transaction's writes do not.
   */
  @Test
  void serverKilledMidTransaction() {
    SqldServer server = SQLD.server();
    String hostPort = "127.0.0.1:" + server.port();
    try (Connection c = db.connect()) {
      c.execute("INSERT INTO t VALUES (1, 'committed before')");
      Transaction tx = c.begin(TransactionMode.IMMEDIATE);
      tx.execute("INSERT INTO t VALUES (2, 'in tx')");
      try {
        server.kill();

        Throwable down = catchThrowable(() -> tx.execute("INSERT INTO t VALUES (3, 'in tx')"));
        assertThat(down).isInstanceOf(ConnectionException.class);
        assertThat(down.getMessage())
            .as("a connection error names the server it could not reach")
            .contains(hostPort);
      } finally {
        server.restart();
      }

      Throwable after = catchThrowable(tx::commit);
      assertThat(after)
          .as("commit after the restart: the server no longer knows the transaction")
          .isInstanceOf(TransactionExpiredException.class);
      assertThat(after.getMessage()).isNotBlank();
      assertThat(tx.isActive()).isFalse();
      assertThatCode(tx::close).doesNotThrowAnyException();

      // The same connection recovers for autocommit work.
      assertThat(c.execute("SELECT count(*) FROM t").singleValue().toJava()).isEqualTo(1L);
    }
    try (Database fresh = LibSql.open(server.url() + "?encoding=" + encoding());
        Connection c = fresh.connect()) {
      List<Long> got = new ArrayList<>();
      for (Row r : c.execute("SELECT id FROM t ORDER BY id").rows()) {
        got.add(r.getLong(0));
      }
      assertThat(got).as("only the data committed before the crash").containsExactly(1L);
    }
  }

  /**
   * sqld restarted (gracefully) between two statements. The client's pooled keep-alive socket to
   * the old process is dead, but that is not the caller's problem: the statement never reached a
   * live server, so the first statement after the restart must simply work.
   */
  @Test
  void firstStatementAfterServerRestartSucceeds() {
    SqldServer server = SQLD.server();
    try (Connection c = db.connect()) {
      c.execute("INSERT INTO t VALUES (1, 'before restart')");
      server.restart();
      assertThat(c.execute("SELECT count(*) FROM t").singleValue().toJava())
          .as("first statement after the restart, on a connection used just before it")
          .isEqualTo(1L);
      c.execute("INSERT INTO t VALUES (2, 'after restart')");
    }
    assertThat(ids()).containsExactly(1L, 2L);
  }

  /** A statement sent while sqld is down (no transaction): a clear ConnectionException. */
  @Test
  void autocommitStatementWhileServerIsDown() {
    SqldServer server = SQLD.server();
    try (Connection c = db.connect()) {
      c.execute("INSERT INTO t VALUES (1, 'before')");
      Throwable e;
      try {
        server.kill();
        e = catchThrowable(() -> c.execute("INSERT INTO t VALUES (2, 'while down')"));
      } finally {
        server.restart();
      }
      assertThat(e).isInstanceOf(ConnectionException.class);
      assertThat(e.getMessage()).contains("127.0.0.1:" + server.port());
      c.execute("INSERT INTO t VALUES (3, 'after')");
    }
    assertThat(ids()).containsExactly(1L, 3L);
  }
}
