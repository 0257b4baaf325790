package dev.libsql4j.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.libsql4j.Config;
import dev.libsql4j.ConnectionException;
import dev.libsql4j.Connection;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.SyncResult;
import dev.libsql4j.testkit.LeakCheckExtension;
import dev.libsql4j.testkit.SqldExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedded replicas of a real sqld primary: the first sync on open, manual and background sync,
 * read-your-writes, writes forwarded to the primary, and an encrypted replica file. The primary is
 * checked through the HTTP transport. Each test uses its own table and replica file.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplicaIT {

  @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

  private static final AtomicInteger TABLES = new AtomicInteger();

  @RegisterExtension final LeakCheckExtension leaks = LeakCheckExtension.tracking();

  @TempDir Path dir;

  private static String newTable() {
    return "t" + TABLES.incrementAndGet();
  }

  private Database primary() {
    return leaks.track(LibSql.open(SQLD.server().url()));
  }

  private Database replica(Path file) {
    return leaks.track(LibSql.open(Config.builder("file:" + file).syncUrl(SQLD.server().url()).build()));
  }

  private static long count(Database db, String table) {
    try (Connection c = db.connect()) {
      return c.execute("SELECT count(*) FROM " + table).rows().get(0).getLong(0);
    }
  }

  @Test
  void opensWithOneSyncSoPrimaryDataIsVisibleAtOnce() {
    String t = newTable();
    Database primary = primary();
    primary.execute("CREATE TABLE " + t + "(id INTEGER PRIMARY KEY, v TEXT)");
    primary.execute("INSERT INTO " + t + "(v) VALUES ('a'), ('b'), ('c')");

    Database replica = replica(dir.resolve("r.db"));
    try (Connection c = replica.connect()) {
      assertThat(c.execute("SELECT v FROM " + t + " ORDER BY id").rows())
          .extracting(r -> r.getString(0))
          .containsExactly("a", "b", "c");
    }
  }

  @Test
  void syncPullsNewFramesAndReportsThem() {
    String t = newTable();
    Database primary = primary();
    primary.execute("CREATE TABLE " + t + "(id INTEGER PRIMARY KEY, v TEXT)");
    Database replica = replica(dir.resolve("r.db"));
    assertThat(count(replica, t)).isZero();

    SyncResult idle = replica.sync();
    assertThat(idle.frameNo()).isGreaterThanOrEqualTo(0);

    primary.execute("INSERT INTO " + t + "(v) SELECT 'row ' || value FROM generate_series(1, 500)");
    // Not visible before a sync: reads are local.
    assertThat(count(replica, t)).isZero();
    SyncResult s = replica.sync();
    assertThat(s.framesSynced()).isPositive();
    assertThat(s.frameNo()).isGreaterThan(idle.frameNo());
    assertThat(count(replica, t)).isEqualTo(500);

    SyncResult again = replica.sync();
    assertThat(again.framesSynced()).isZero();
    assertThat(again.frameNo()).isEqualTo(s.frameNo());
  }

  @Test
  void syncIntervalPullsInTheBackground() throws InterruptedException {
    String t = newTable();
    Database primary = primary();
    primary.execute("CREATE TABLE " + t + "(id INTEGER PRIMARY KEY)");
    Database replica = leaks.track(LibSql.open(Config.builder("file:" + dir.resolve("r.db"))
        .syncUrl(SQLD.server().url())
        .syncInterval(Duration.ofMillis(200))
        .build()));
    assertThat(count(replica, t)).isZero();

    primary.execute("INSERT INTO " + t + " VALUES (1), (2)");
    long waited = awaitCount(() -> count(replica, t), 2, Duration.ofSeconds(10));
    assertThat(waited).as("milliseconds until the background sync brought the rows").isLessThan(10_000);
  }

  /** Polls until {@code supplier} returns {@code expected}; returns the milliseconds waited. */
  private static long awaitCount(LongSupplier supplier, long expected, Duration max) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + max.toNanos();
    long last;
    while ((last = supplier.getAsLong()) != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still " + last + " rows instead of " + expected + " after " + max);
      }
      Thread.sleep(50);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void writesThroughTheReplicaReachThePrimaryAndAreReadBackAtOnce() {
    String t = newTable();
    Database primary = primary();
    primary.execute("CREATE TABLE " + t + "(id INTEGER PRIMARY KEY, v TEXT)");
    Database replica = replica(dir.resolve("r.db"));
    try (Connection c = replica.connect()) {
      assertThat(c.execute("INSERT INTO " + t + "(v) VALUES (?)", "from replica").rowsAffected()).isEqualTo(1);
      // Read-your-writes: visible locally without a manual sync.
      assertThat(c.execute("SELECT v FROM " + t).rows()).extracting(r -> r.getString(0))
          .containsExactly("from replica");
      c.execute("UPDATE " + t + " SET v = ? WHERE id = 1", "updated");
      assertThat(c.execute("SELECT v FROM " + t + " WHERE id = 1").singleValue().toJava()).isEqualTo("updated");
    }
    // And on the primary, through the HTTP transport.
    try (Connection p = primary.connect()) {
      assertThat(p.execute("SELECT v FROM " + t).rows()).extracting(r -> r.getString(0)).containsExactly("updated");
    }
  }

  @Test
  void transactionsAndBatchesThroughTheReplica() {
    String t = newTable();
    Database primary = primary();
    primary.execute("CREATE TABLE " + t + "(id INTEGER PRIMARY KEY)");
    Database replica = replica(dir.resolve("r.db"));
    try (Connection c = replica.connect()) {
      c.batch(java.util.List.of(
          dev.libsql4j.Statement.of("INSERT INTO " + t + " VALUES (1)"),
          dev.libsql4j.Statement.of("INSERT INTO " + t + " VALUES (2)")));
      c.inTransaction(tx -> tx.execute("INSERT INTO " + t + " VALUES (3)"));
      assertThat(count(replica, t)).isEqualTo(3);
    }
    assertThat(count(primary, t)).isEqualTo(3);
  }

  @Test
  void readOnlyTransactionOnAReplicaReadsAndRefusesWrites() {
    String t = newTable();
    Database primary = primary();
    primary.execute("CREATE TABLE " + t + "(id INTEGER PRIMARY KEY)");
    primary.execute("INSERT INTO " + t + " VALUES (1)");
    Database replica = replica(dir.resolve("r.db"));
    try (Connection c = replica.connect()) {
      try (dev.libsql4j.Transaction tx = c.begin(dev.libsql4j.TransactionMode.READ_ONLY)) {
        assertThat(tx.execute("SELECT count(*) FROM " + t).rows().get(0).getLong(0)).isEqualTo(1);
        Throwable e = catchThrowable(() -> tx.execute("INSERT INTO " + t + " VALUES (2)"));
        assertThat(e).isInstanceOf(LibSqlException.class);
      }
      // Writes work again after it.
      c.execute("INSERT INTO " + t + " VALUES (3)");
    }
    assertThat(count(primary, t)).isEqualTo(2);
  }

  @Test
  void encryptedReplicaIsEncryptedOnDisk() throws Exception {
    String t = newTable();
    Database primary = primary();
    primary.execute("CREATE TABLE " + t + "(id INTEGER PRIMARY KEY, v TEXT)");
    primary.execute("INSERT INTO " + t + "(v) VALUES ('replicated secret')");
    byte[] key = "replica key 1234".getBytes(StandardCharsets.UTF_8);
    Path file = dir.resolve("enc.db");
    Config config = Config.builder("file:" + file).syncUrl(SQLD.server().url()).encryptionKey(key).build();

    Database replica = leaks.track(LibSql.open(config));
    try (Connection c = replica.connect()) {
      assertThat(c.execute("SELECT v FROM " + t).singleValue().toJava()).isEqualTo("replicated secret");
    }
    replica.sync();
    replica.close();

    assertThat(StockSqlite.header(file)).isNotEqualTo(StockSqlite.MAGIC);
    String raw = new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    assertThat(raw).doesNotContain("replicated secret");
    Throwable stock = catchThrowable(() -> StockSqlite.countSchemaObjects(file));
    assertThat(stock).isInstanceOf(SQLException.class);

    // Reopened with the key, it resumes; with another key, it fails clearly.
    primary.execute("INSERT INTO " + t + "(v) VALUES ('second')");
    Database reopened = leaks.track(LibSql.open(config));
    assertThat(count(reopened, t)).isEqualTo(2);
    reopened.close();
    Throwable wrong = catchThrowable(() -> LibSql.open(config.toBuilder()
        .encryptionKey("another key 5678".getBytes(StandardCharsets.UTF_8)).build()));
    assertThat(wrong).isInstanceOf(LibSqlException.class);
    assertThat(wrong.getMessage()).contains("wrong encryption key").doesNotContain("another key")
        .doesNotContain("replica key");
    Throwable missing = catchThrowable(() -> LibSql.open(config.toBuilder().encryptionKey(null).build()));
    assertThat(missing).isInstanceOf(LibSqlException.class);
    assertThat(missing.getMessage()).contains("the file is encrypted (configure its encryptionKey)");
  }

  @Test
  void preparedStatementsOnAReplicaRebindOnEveryRun() {
    String t = newTable();
    Database primary = primary();
    primary.execute("CREATE TABLE " + t + "(id INTEGER PRIMARY KEY, v TEXT)");
    primary.execute("INSERT INTO " + t + " SELECT value, 'v' || value FROM generate_series(1, 10)");
    Database replica = replica(dir.resolve("r.db"));
    try (Connection c = replica.connect();
        dev.libsql4j.PreparedStatement ps = c.prepare("SELECT v FROM " + t + " WHERE id = ?")) {
      for (int i = 1; i <= 10; i++) {
        assertThat(ps.execute(i).singleValue().toJava()).as("run %d", i).isEqualTo("v" + i);
      }
      try (dev.libsql4j.Cursor cur = ps.query(7)) {
        assertThat(cur.next().getString(0)).isEqualTo("v7");
      }
    }
  }

  @Test
  void namedParametersOfEveryPrefixOnAReplica() {
    String t = newTable();
    Database primary = primary();
    primary.execute("CREATE TABLE " + t + "(a, b, c)");
    Database replica = replica(dir.resolve("r.db"));
    try (Connection c = replica.connect()) {
      c.execute(dev.libsql4j.Statement.of("INSERT INTO " + t + " VALUES (:a, @b, $c)")
          .bind("a", 1).bind("b", 2).bind("c", 3));
      assertThat(c.execute(dev.libsql4j.Statement.of("SELECT a + b + c FROM " + t + " WHERE c = $c").bind("c", 3))
          .singleValue().toJava()).isEqualTo(6L);
    }
  }

  @Test
  void executeScriptOnAReplicaStopsAtTheFirstError() {
    String t = newTable();
    Database primary = primary();
    primary.execute("CREATE TABLE " + t + "(id INTEGER PRIMARY KEY)");
    Database replica = replica(dir.resolve("r.db"));
    try (Connection c = replica.connect()) {
      Throwable e = catchThrowable(() -> c.executeScript("INSERT INTO " + t + " VALUES (1); INSERT INTO " + t
          + " VALUES (1); INSERT INTO " + t + " VALUES (3);"));
      assertThat(e).isInstanceOf(LibSqlException.class);
    }
    assertThat(count(primary, t)).as("rows on the primary after the failed script").isEqualTo(1);
  }

  @Test
  void unreachablePrimaryFailsAtOpenWithAConnectionError() {
    Throwable e = catchThrowable(() -> LibSql.open(Config.builder("file:" + dir.resolve("r.db"))
        .syncUrl("http://127.0.0.1:1").build()));
    assertThat(e).isInstanceOf(ConnectionException.class);
    assertThat(((LibSqlException) e).code()).isEqualTo("SYNC_FAILED");
    assertThat(e.getMessage()).contains("127.0.0.1:1");
  }

  @Test
  void syncOnAPlainFileSaysItNeedsAReplica() {
    Database local = leaks.track(LibSql.open("file:" + dir.resolve("plain.db")));
    Throwable e = catchThrowable(local::sync);
    assertThat(e).isInstanceOf(IllegalStateException.class).hasMessageContaining("syncUrl");
  }
}
