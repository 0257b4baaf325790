package dev.libsql4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.ConnectionException;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.Result;
import dev.libsql4j.LibSqlTimeoutException;
import dev.libsql4j.testkit.FaultProxy;
import dev.libsql4j.testkit.FaultProxyExtension;
import dev.libsql4j.testkit.SqldExtension;
import dev.libsql4j.testkit.SqldServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Request slots ({@code Config.maxConcurrentRequests}) come back after calls that fail before a
 * response exists. Before the fix a failed cursor open kept its slot, so after
 * {@code maxConcurrentRequests} failures every call waited {@code requestTimeout} and failed with
 * "No request slot came free", even once the server was back.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RequestSlotIT {

  @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

  @RegisterExtension static final FaultProxyExtension PROXY = new FaultProxyExtension(SQLD, 12L);

  private static final int SLOTS = 4;

  private static Database open(SqldServer sqld) {
    return LibSql.open(Config.builder(sqld.url())
        .maxConcurrentRequests(SLOTS)
        .connectTimeout(Duration.ofSeconds(1))
        .requestTimeout(Duration.ofSeconds(3))
        .build());
  }

  @Test
  void cursorOpensRefusedByADeadServerGiveTheirSlotsBack(SqldServer sqld) {
    try (Database db = open(sqld)) {
      assertThat(db.execute("SELECT 1").rows().get(0).getLong(0)).isEqualTo(1); // learns the protocol version
      sqld.kill();
      try {
        for (int i = 0; i < 4 * SLOTS; i++) {
          try (Connection c = db.connect()) {
            assertThatThrownBy(() -> c.query("SELECT 1"))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("Cannot connect");
          }
        }
        assertThat(db.stats().requests()).as("requests in flight after the failures").isZero();
      } finally {
        sqld.restart();
      }
      long start = System.nanoTime();
      Result r = db.execute("SELECT 42");
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(r.rows().get(0).getLong(0)).isEqualTo(42);
      assertThat(ms).as("the first call after the server came back must not wait for a slot").isLessThan(1500);
      try (Connection c = db.connect(); dev.libsql4j.Cursor cur = c.query("SELECT 7")) {
        assertThat(cur.iterator().next().getLong(0)).isEqualTo(7);
        assertThat(db.stats().requests()).as("an open cursor holds its slot").isEqualTo(1);
        assertThat(db.stats().streams()).as("a read is one pipeline request, [execute, close]: no stream stays open")
            .isZero();
      }
      db.execute("CREATE TABLE IF NOT EXISTS slots(x)");
      try (Connection c = db.connect(); dev.libsql4j.Cursor cur = c.query("INSERT INTO slots VALUES (8) RETURNING x")) {
        assertThat(cur.iterator().next().getLong(0)).isEqualTo(8);
        assertThat(db.stats().requests()).as("an open cursor holds its slot").isEqualTo(1);
        assertThat(db.stats().streams()).as("a cursor over the cursor endpoint holds its stream").isEqualTo(1);
      }
      assertThat(db.stats().isEmpty()).as("%s", db.stats()).isTrue();
    }
  }

  /** The same for calls cut short by {@code interrupt()} while the server does not answer. */
  @Test
  void interruptedCallsGiveTheirSlotsBack(FaultProxy proxy) throws Exception {
    try (Database db = LibSql.open(Config.builder(proxy.url())
        .maxConcurrentRequests(SLOTS)
        .requestTimeout(Duration.ofSeconds(30))
        .build())) {
      assertThat(db.execute("SELECT 1").rows().get(0).getLong(0)).isEqualTo(1);
      for (int i = 0; i < 2 * SLOTS; i++) {
        boolean cursor = i % 2 == 0;
        try (Connection c = db.connect()) {
          proxy.arm(FaultProxy.Fault.STALL, "stalled" + i);
          String sql = "SELECT 'stalled" + i + "'";
          Thread interrupter = new Thread(() -> {
            try {
              while (proxy.isArmed()) {
                Thread.sleep(5);
              }
              Thread.sleep(50);
            } catch (InterruptedException e) {
              return;
            }
            c.interrupt();
          });
          interrupter.start();
          long t0 = System.nanoTime();
          assertThatThrownBy(() -> {
            if (cursor) {
              c.query(sql).close();
            } else {
              c.execute(sql);
            }
          }).isInstanceOf(LibSqlTimeoutException.class).hasMessageContaining("interrupted");
          assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(10_000);
          interrupter.join();
        }
        assertThat(db.stats().requests()).as("after interrupt %s: %s", i, db.stats()).isZero();
      }
      long start = System.nanoTime();
      assertThat(db.execute("SELECT 42").rows().get(0).getLong(0)).isEqualTo(42);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
      assertThat(db.stats().isEmpty()).as("%s", db.stats()).isTrue();
    }
  }
}
