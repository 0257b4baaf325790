package dev.libsql4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.Config;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.testkit.FaultProxy;
import dev.libsql4j.testkit.SqldExtension;
import dev.libsql4j.testkit.SqldServer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bank-transfer workload ({@link BankWorkload}: 4 threads, IMMEDIATE transactions) over one
 * WebSocket, with the socket reset under it and with sqld killed and restarted. The invariants
 * hold (nothing applied twice or in part, every "committed" is in the ledger, every "not run"
 * is not) and the same {@link Database} works afterwards.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WsChaosIT {
  @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

  private static String ws(String httpUrl) {
    return httpUrl.replaceFirst("^http", "ws");
  }

  private static void awaitWritable(Database db) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        db.execute("CREATE TABLE IF NOT EXISTS writable(x)");
        return;
      } catch (LibSqlException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  @Test
  void transfersKeepTheirInvariantsWhenTheSocketIsResetAgainAndAgain() throws Exception {
    try (FaultProxy proxy = FaultProxy.start(SQLD.server().port(), 11);
        Database direct = LibSql.open(SQLD.server().url());
        Database db = LibSql.open(Config.builder(ws(proxy.url()))
            .connectTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(6)).build())) {
      awaitWritable(direct);
      BankWorkload.createTables(direct);
      BankWorkload w = new BankWorkload(5);
      AtomicInteger resets = new AtomicInteger();
      ScheduledExecutorService cycle = Executors.newSingleThreadScheduledExecutor();
      cycle.scheduleAtFixedRate(() -> {
        proxy.resetAllConnections();
        resets.incrementAndGet();
      }, 700, 1300, TimeUnit.MILLISECONDS);
      try {
        w.run(db, BankChaosIT.THREADS, Duration.ofSeconds(10));
      } finally {
        cycle.shutdownNow();
        cycle.awaitTermination(5, TimeUnit.SECONDS);
      }
      assertThat(w.unexpected).as("unexpected errors").isEmpty();
      assertThat(db.stats().isEmpty()).as("nothing left open or in flight: %s", db.stats()).isTrue();
      awaitWritable(direct);
      Set<String> ledger = w.verify(direct, "socket resets x" + resets.get());
      System.out.println("WsChaosIT resets x" + resets.get() + ": " + w.outcomes.size() + " transfers; "
          + w.summary(ledger));
      assertThat(resets.get()).isGreaterThanOrEqualTo(5);
      assertThat(w.count(BankWorkload.Outcome.COMMITTED)).isGreaterThan(20);
      long t0 = System.nanoTime();
      assertThat(db.execute("SELECT count(*) FROM ledger").rows().get(0).getLong(0)).isEqualTo(ledger.size());
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2000);
    }
  }

  @Test
  void transfersKeepTheirInvariantsAcrossKillNineRestarts() throws Exception {
    SqldServer sqld = SQLD.server();
    try (Database db = LibSql.open(Config.builder(ws(sqld.url()))
        .connectTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(5)).build())) {
      awaitWritable(db);
      BankWorkload.createTables(db);
      BankWorkload w = new BankWorkload(77);
      long[] lastRestart = new long[1];
      Thread killer = new Thread(() -> {
        try {
          for (int i = 0; i < 2; i++) {
            Thread.sleep(3500);
            sqld.kill();
            Thread.sleep(400);
            sqld.restart();
            lastRestart[0] = System.nanoTime();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "sqld-killer");
      killer.start();
      w.run(db, BankChaosIT.THREADS, Duration.ofSeconds(12));
      killer.join(60_000);
      if (!sqld.isAlive()) {
        sqld.restart();
      }
      assertThat(w.unexpected).as("unexpected errors").isEmpty();
      assertThat(db.stats().isEmpty()).as("nothing left open or in flight: %s", db.stats()).isTrue();
      awaitWritable(db);
      Set<String> ledger = w.verify(db, "kill -9 x2");
      System.out.println("WsChaosIT kill -9 x2: " + w.outcomes.size() + " transfers; " + w.summary(ledger));
      assertThat(w.lastSuccessNanos.get()).as("transfers succeeded after the last restart, on the same Database")
          .isGreaterThan(lastRestart[0]);
    }
  }
}
