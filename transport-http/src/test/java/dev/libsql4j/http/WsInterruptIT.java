package dev.libsql4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.Connection;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlTimeoutException;
import dev.libsql4j.Transaction;
import dev.libsql4j.Value;
import dev.libsql4j.testkit.SqldExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hrana has no cancel request, so {@code interrupt()} over WebSocket stops the statement on the
 * server by closing the socket. Other connections on the same socket lose nothing: idle ones move
 * to a new socket, and the old one waits for an open transaction to end before it closes.
 * Checked on sqld's CPU time (Linux {@code /proc}): a statement still running burns a core.
 */
class WsInterruptIT {
  @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

  private static final String FOREVER = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n"
      + " WHERE x < 2000000000) SELECT count(*) FROM n";

  /** sqld's user + system CPU time in clock ticks (1/100 s). */
  private static long cpuTicks() throws Exception {
    String stat = Files.readString(Path.of("/proc/" + SQLD.server().pid() + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static long ticksOverTwoSeconds() throws Exception {
    long a = cpuTicks();
    Thread.sleep(2000);
    return cpuTicks() - a;
  }

  private static Throwable runAndInterrupt(Connection c, ExecutorService pool) throws Exception {
    Future<Throwable> f = pool.submit(() -> {
      try {
        c.execute(FOREVER);
        return null;
      } catch (Throwable e) {
        return e;
      }
    });
    Thread.sleep(800);
    c.interrupt();
    return f.get(10, TimeUnit.SECONDS);
  }

  @Test
  void theInterruptedStatementStopsAndTheOtherConnectionsGoOn() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Database db = LibSql.open(SQLD.server().url().replaceFirst("^http", "ws"));
        Connection c = db.connect();
        Connection idle = db.connect();
        Connection inTx = db.connect()) {
      idle.execute("CREATE TABLE IF NOT EXISTS kept(id INTEGER PRIMARY KEY)");
      idle.execute("DELETE FROM kept");
      Transaction tx = inTx.begin();
      tx.execute("INSERT INTO kept VALUES (1)");

      Throwable e = runAndInterrupt(c, pool);
      assertThat(e).isInstanceOf(LibSqlTimeoutException.class);
      assertThat(((LibSqlTimeoutException) e).code()).isEqualTo("SQLITE_INTERRUPT");
      // The idle connection works at once (on a new socket); the transaction goes on where it was.
      assertThat(idle.execute("SELECT 5").singleValue()).isEqualTo(Value.integer(5));
      tx.execute("INSERT INTO kept VALUES (2)");
      tx.commit();
      // With the transaction over, nothing holds the old socket: it closed, and the statement stopped.
      Thread.sleep(500);
      assertThat(ticksOverTwoSeconds()).as("sqld CPU ticks in 2 s after the interrupt").isLessThan(40);
      assertThat(idle.execute("SELECT group_concat(id) FROM kept").singleValue()).isEqualTo(Value.text("1,2"));
      assertThat(c.execute("SELECT 41 + 1").singleValue()).isEqualTo(Value.integer(42));
      assertThat(db.stats().requests()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }
}
