package dev.libsql4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.Config;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.testkit.FaultProxy;
import dev.libsql4j.testkit.FaultProxyExtension;
import dev.libsql4j.testkit.Soak;
import dev.libsql4j.testkit.SqldExtension;
import dev.libsql4j.testkit.SqldServer;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bank-transfer workload (4 threads, {@code IMMEDIATE} transactions moving money between
 * accounts plus a ledger row per transfer) under random network faults, and across {@code kill -9}
 * restarts of sqld. The invariants are checked on sqld directly afterwards (see {@link BankWorkload}).
 *
 * <p>Each test runs for about 20 s. {@code -Dlibsql4j.soak=600s} runs each for that long instead
 * (and kills sqld every ~15 s in the restart test); the figures are printed at the end.
 */
@Timeout(value = 3, unit = TimeUnit.HOURS)
class BankChaosIT {

  @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

  @RegisterExtension static final FaultProxyExtension PROXY = new FaultProxyExtension(SQLD, 4242L);

  static final int THREADS = 4;

  /** The soak duration from {@code -Dlibsql4j.soak} (e.g. {@code 600s}, {@code 10m}), or null. */
  static Duration soak() {
    return Soak.duration().orElse(null);
  }

  private static Duration runFor() {
    Duration soak = soak();
    return soak != null ? soak : Duration.ofSeconds(20);
  }

  /**
   * Waits until sqld takes a write again through {@code db} (a lost transaction may hold its lock
   * up to ~10 s). Seen once in three full runs: after a {@code kill -9} restart, sqld 0.24.32 answered
   * {@code /health} but no write for minutes, from any client. If a fresh client cannot write
   * either after 30 s, that is the server, not {@code db}: its log tail is printed and it is killed
   * and restarted once more, and {@code db} must still recover.
   */
  private static void awaitWritable(Database db) {
    long start = System.nanoTime();
    boolean restarted = false;
    while (true) {
      try {
        db.execute("CREATE TABLE IF NOT EXISTS writable(x)");
        return;
      } catch (LibSqlException e) {
        long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        if (!restarted && waited > 30 && !freshClientCanWrite()) {
          SqldServer sqld = SQLD.server();
          System.out.println("BankChaosIT: sqld takes no write from any client after " + waited
              + " s; restarting it. Log tail:\n" + sqld.logTail());
          sqld.kill();
          sqld.restart();
          restarted = true;
        } else if (waited > 90) {
          throw e;
        }
        sleep(100);
      }
    }
  }

  private static boolean freshClientCanWrite() {
    try (Database fresh = LibSql.open(Config.builder(SQLD.server().url())
        .requestTimeout(Duration.ofSeconds(10)).build())) {
      fresh.execute("CREATE TABLE IF NOT EXISTS writable(x)");
      return true;
    } catch (LibSqlException e) {
      return false;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", ie);
    }
  }

  /** Each test starts on a server that takes writes (the restart test may leave one that does not). */
  @BeforeEach
  void serverTakesWrites() {
    try (Database direct = LibSql.open(Config.builder(SQLD.server().url())
        .requestTimeout(Duration.ofSeconds(10)).build())) {
      awaitWritable(direct);
    }
  }

  @Test
  void transfersKeepTheirInvariantsUnderRandomNetworkFaults(FaultProxy proxy) throws Exception {
    try (Database direct = LibSql.open(SQLD.server().url());
        Database db = LibSql.open(Config.builder(proxy.url())
            .connectTimeout(Duration.ofSeconds(1))
            // Longer than sqld's 5 s lock wait, so a writer queued behind a lost transaction is
            // not mistaken for a stall (giving up on it would leave one more orphan transaction).
            .requestTimeout(Duration.ofSeconds(6))
            .build())) {
      BankWorkload.createTables(direct);
      BankWorkload w = new BankWorkload(proxy.seed());
      proxy.delay(Duration.ofMillis(150));
      proxy.maxStall(Duration.ofSeconds(10));
      proxy.random(0.04);
      proxy.randomAccept(0.25);
      Duration d = runFor();
      // Random faults are rare in absolute numbers here (a lost response inside a transaction
      // stalls every writer for sqld's 5 s lock timeout), so each kind is also armed in turn.
      java.util.concurrent.ScheduledExecutorService cycle = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
      AtomicInteger next = new AtomicInteger();
      cycle.scheduleAtFixedRate(() -> proxy.arm(FaultProxy.Fault.values()[next.getAndIncrement()
          % FaultProxy.Fault.values().length], null), 1000, 1500, TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      try {
        w.run(db, THREADS, d);
      } finally {
        cycle.shutdownNow();
        cycle.awaitTermination(5, TimeUnit.SECONDS);
      }
      proxy.calm();
      long secs = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));

      assertThat(db.stats().isEmpty()).as("nothing left open or in flight: %s", db.stats()).isTrue();
      awaitWritable(direct);
      Set<String> ledger = w.verify(direct, proxy);
      String figures = "BankChaosIT faults " + d + ": " + w.outcomes.size() + " transfers in " + secs + " s ("
          + w.outcomes.size() / secs + "/s), proxy requests " + proxy.requests() + ", injected "
          + proxy.injectedCounts() + "; " + w.summary(ledger);
      System.out.println(figures);
      assertThat(w.count(BankWorkload.Outcome.COMMITTED)).as("the workload made progress: %s", figures).isGreaterThan(5);
      for (FaultProxy.Fault f : FaultProxy.Fault.values()) {
        assertThat(proxy.injected(f)).as("each kind of fault was injected: %s", figures).isPositive();
      }
      // The client recovered: a call through the proxy works at once.
      long t0 = System.nanoTime();
      assertThat(db.execute("SELECT count(*) FROM ledger").rows().get(0).getLong(0)).isEqualTo(ledger.size());
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2000);
    }
  }

  @Test
  void transfersKeepTheirInvariantsAcrossKillNineRestarts() throws Exception {
    SqldServer sqld = SQLD.server();
    Duration soak = soak();
    Duration d = soak != null ? soak : Duration.ofSeconds(20);
    int kills = soak != null ? (int) Math.max(3, d.toSeconds() / 15) : 3;
    try (Database db = LibSql.open(Config.builder(sqld.url())
            .connectTimeout(Duration.ofSeconds(1))
            .requestTimeout(Duration.ofSeconds(5))
            .build())) {
      BankWorkload.createTables(db);
      BankWorkload w = new BankWorkload(99);
      AtomicInteger done = new AtomicInteger();
      long[] lastRestartNanos = new long[1];
      Thread killer = new Thread(() -> {
        Random r = new Random(7);
        long gap = d.toMillis() / (kills + 1);
        try {
          for (int i = 0; i < kills; i++) {
            Thread.sleep(gap - 500 + r.nextInt(500));
            sqld.kill();
            Thread.sleep(200 + r.nextInt(600));
            sqld.restart();
            lastRestartNanos[0] = System.nanoTime();
            done.incrementAndGet();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "sqld-killer");
      killer.start();
      long start = System.nanoTime();
      w.run(db, THREADS, d);
      killer.join(TimeUnit.SECONDS.toMillis(60));
      long secs = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
      assertThat(done.get()).as("sqld was killed and restarted").isEqualTo(kills);
      if (!sqld.isAlive()) {
        sqld.restart();
      }

      assertThat(db.stats().isEmpty()).as("nothing left open or in flight: %s", db.stats()).isTrue();
      awaitWritable(db);
      Set<String> ledger = w.verify(db, "kill -9 x" + kills);
      String figures = "BankChaosIT kill -9 x" + kills + " over " + d + ": " + w.outcomes.size() + " transfers in "
          + secs + " s; " + w.summary(ledger);
      System.out.println(figures);
      assertThat(w.lastSuccessNanos.get()).as("transfers succeeded after the last restart, on the same Database: %s",
          figures).isGreaterThan(lastRestartNanos[0]);
    }
  }
}
