package dev.libsql4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionExpiredException;
import dev.libsql4j.Value;
import dev.libsql4j.testkit.FaultProxy;
import dev.libsql4j.testkit.SqldExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the WebSocket transport adds over HTTP, against a real sqld: one socket shared by a
 * database's connections, transactions that outlive the HTTP stream expiry, a dropped socket and
 * a restarted server, and the token carried in {@code hello}.
 */
class WsBehaviourIT {
  @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

  private static String wsUrl(String httpUrl) {
    return httpUrl.replaceFirst("^http", "ws");
  }

  @Test
  void connectionsShareOneSocketWithRequestsInFlightTogether() throws Exception {
    try (FaultProxy proxy = FaultProxy.start(SQLD.server().port(), 1);
        Database db = LibSql.open(wsUrl(proxy.url()))) {
      try (Connection c = db.connect()) {
        c.execute("CREATE TABLE IF NOT EXISTS shared(k INTEGER PRIMARY KEY, v)");
        c.execute("DELETE FROM shared");
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          int k = i;
          fs.add(pool.submit(() -> {
            try (Connection c = db.connect()) {
              for (int j = 0; j < 25; j++) {
                c.execute("INSERT INTO shared VALUES (?, ?)", k * 100 + j, "v" + j);
              }
            }
            return null;
          }));
        }
        for (Future<?> f : fs) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(proxy.openConnections()).as("TCP connections through the proxy").isEqualTo(1);
      try (Connection c = db.connect()) {
        assertThat(c.execute("SELECT count(*), count(DISTINCT k) FROM shared").rows().get(0).getLong(1))
            .isEqualTo(200);
      }
    }
  }

  /** sqld expires an idle HTTP stream after 10 s; a WebSocket stream lives as long as its socket. */
  @Test
  void anIdleTransactionOutlivesTheHttpStreamExpiry() throws Exception {
    try (Database db = LibSql.open(wsUrl(SQLD.server().url()));
        Connection c = db.connect()) {
      c.execute("CREATE TABLE IF NOT EXISTS idle(id INTEGER PRIMARY KEY)");
      c.execute("DELETE FROM idle");
      try (Transaction tx = c.begin()) {
        tx.execute("INSERT INTO idle VALUES (1)");
        Thread.sleep(11_000);
        tx.execute("INSERT INTO idle VALUES (2)");
        tx.commit();
      }
      try (Connection other = db.connect()) {
        assertThat(other.execute("SELECT group_concat(id) FROM idle").singleValue())
            .isEqualTo(Value.text("1,2"));
      }
    }
  }

  @Test
  void aDroppedSocketLosesTheTransactionAndTheNextCallsWork() {
    try (FaultProxy proxy = FaultProxy.start(SQLD.server().port(), 2);
        Database db = LibSql.open(wsUrl(proxy.url()));
        Connection c = db.connect()) {
      c.execute("CREATE TABLE IF NOT EXISTS dropped(id INTEGER PRIMARY KEY)");
      c.execute("DELETE FROM dropped");
      Transaction tx = c.begin();
      tx.execute("INSERT INTO dropped VALUES (1)");
      proxy.resetAllConnections();
      Throwable e = catchThrowable(() -> tx.execute("INSERT INTO dropped VALUES (2)"));
      assertThat(e).isInstanceOf(TransactionExpiredException.class);
      assertThat(e.getMessage()).contains("WebSocket").contains("Nothing in it was committed");
      assertThat(tx.isActive()).isFalse();
      tx.close();
      // The next call opens a new socket.
      c.execute("INSERT INTO dropped VALUES (3)");
      assertThat(c.execute("SELECT group_concat(id) FROM dropped").singleValue()).isEqualTo(Value.text("3"));
      assertThat(db.stats().transactions()).isZero();
    }
  }

  @Test
  void aRestartedServerServesTheNextCalls() {
    try (Database db = LibSql.open(wsUrl(SQLD.server().url()));
        Connection c = db.connect();
        Connection idle = db.connect()) {
      c.execute("CREATE TABLE IF NOT EXISTS restarted(id INTEGER PRIMARY KEY)");
      c.execute("DELETE FROM restarted");
      c.execute("INSERT INTO restarted VALUES (1)");
      Transaction tx = idle.begin();
      tx.execute("INSERT INTO restarted VALUES (2)");
      SQLD.server().restart();
      assertThat(catchThrowable(() -> tx.execute("SELECT 1"))).isInstanceOf(TransactionExpiredException.class);
      tx.close();
      c.execute("INSERT INTO restarted VALUES (3)");
      assertThat(c.execute("SELECT group_concat(id) FROM restarted").singleValue()).isEqualTo(Value.text("1,3"));
      assertThat(idle.execute("SELECT count(*) FROM restarted").singleValue()).isEqualTo(Value.integer(2));
    }
  }

  /** A server that stops answering (frames vanish) is detected within the request timeout; then a new socket works. */
  @Test
  void aServerThatStopsAnsweringIsDetectedWithinTheRequestTimeout() {
    try (FaultProxy proxy = FaultProxy.start(SQLD.server().port(), 3);
        Database db = LibSql.open(Config.builder(wsUrl(proxy.url()))
            .requestTimeout(java.time.Duration.ofSeconds(2)).build());
        Connection c = db.connect()) {
      assertThat(c.execute("SELECT 1").singleValue()).isEqualTo(Value.integer(1));
      proxy.blackholeUpgraded(true);
      long t0 = System.nanoTime();
      Throwable e = catchThrowable(() -> c.execute("SELECT 2"));
      long tookMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(e).isInstanceOf(dev.libsql4j.LibSqlTimeoutException.class);
      assertThat(tookMs).isBetween(1_500L, 4_000L);
      proxy.blackholeUpgraded(false);
      assertThat(c.execute("SELECT 3").singleValue()).isEqualTo(Value.integer(3));
    }
  }

  /** Open cursors hold a request slot, as over HTTP: with all slots taken a call waits, then times out; slots come back. */
  @Test
  void theDatabaseConcurrencyLimitHoldsOverOneSocket() {
    try (Database db = LibSql.open(Config.builder(wsUrl(SQLD.server().url()))
            .maxConcurrentRequests(2).requestTimeout(java.time.Duration.ofSeconds(1)).build());
        Connection a = db.connect();
        Connection b = db.connect();
        Connection c = db.connect()) {
      String many = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5000) SELECT x FROM n";
      try (dev.libsql4j.Cursor ca = a.query(many);
          dev.libsql4j.Cursor cb = b.query(many)) {
        assertThat(ca.next().getLong(0)).isEqualTo(1);
        assertThat(cb.next().getLong(0)).isEqualTo(1);
        assertThat(db.stats().requests()).isEqualTo(2);
        Throwable e = catchThrowable(() -> c.execute("SELECT 1"));
        assertThat(e).isInstanceOf(dev.libsql4j.LibSqlTimeoutException.class).hasMessageContaining("request slot");
      }
      assertThat(db.stats().requests()).isZero();
      assertThat(c.execute("SELECT 7").singleValue()).isEqualTo(Value.integer(7));
    }
  }

  /** Pings keep an idle socket open: after idling for several ping intervals the next call reuses it. */
  @Test
  void anIdleSocketStaysOpenAndIsReused() throws Exception {
    try (FaultProxy proxy = FaultProxy.start(SQLD.server().port(), 4);
        Database db = LibSql.open(Config.builder(wsUrl(proxy.url()))
            .requestTimeout(java.time.Duration.ofSeconds(1)).build());
        Connection c = db.connect()) {
      assertThat(c.execute("SELECT 1").singleValue()).isEqualTo(Value.integer(1));
      Thread.sleep(3_000); // six ping intervals (half the request timeout each)
      assertThat(c.execute("SELECT 2").singleValue()).isEqualTo(Value.integer(2));
      assertThat(proxy.requests()).as("HTTP requests (WebSocket upgrades) through the proxy").isEqualTo(1);
      assertThat(proxy.openConnections()).isEqualTo(1);
    }
  }
}
