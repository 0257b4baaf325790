package dev.libsql4j.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.libsql4j.BusyException;
import dev.libsql4j.Column;
import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.Result;
import dev.libsql4j.Row;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.Value;
import dev.libsql4j.testkit.LeakCheckExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the embedded transport adds to the shared contract: local specifics and options. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedFeaturesIT {

  @RegisterExtension final LeakCheckExtension leaks = LeakCheckExtension.tracking();

  @TempDir Path dir;

  private Database file(String name) {
    return leaks.track(LibSql.open("file:" + dir.resolve(name)));
  }

  @Test
  void memoryDatabaseIsSharedByItsConnectionsOnly() {
    Database a = leaks.track(LibSql.open(":memory:"));
    Database b = leaks.track(LibSql.open("file::memory:"));
    try (Connection c1 = a.connect();
        Connection c2 = a.connect()) {
      c1.execute("CREATE TABLE t(x)");
      c1.execute("INSERT INTO t VALUES (1)");
      assertThat(c2.execute("SELECT x FROM t").singleValue()).isEqualTo(Value.integer(1));
      // A second in-memory database is a different one.
      try (Connection other = b.connect()) {
        assertThat(catchThrowable(() -> other.execute("SELECT x FROM t")))
            .isInstanceOf(LibSqlException.class)
            .hasMessageContaining("no such table");
      }
      // Transactions work across connections of one in-memory database too. (Without WAL in
      // memory, a write transaction keeps the other connections' reads out until it ends.)
      try (Transaction tx = c1.begin(TransactionMode.IMMEDIATE)) {
        tx.execute("INSERT INTO t VALUES (2)");
        tx.rollback();
      }
      assertThat(c2.execute("SELECT count(*) FROM t").singleValue()).isEqualTo(Value.integer(1));
      try (Transaction tx = c1.begin(TransactionMode.IMMEDIATE)) {
        tx.execute("INSERT INTO t VALUES (2)");
        tx.commit();
      }
      assertThat(c2.execute("SELECT count(*) FROM t").singleValue()).isEqualTo(Value.integer(2));
    }
  }

  @Test
  void countersAndAutocommit() {
    Database db = file("c.db");
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v)");
      assertThat(c.isAutocommit()).isTrue();
      Result ins = c.execute("INSERT INTO t(v) VALUES (1), (2), (3)");
      assertThat(ins.rowsAffected()).isEqualTo(3);
      assertThat(ins.lastInsertRowid()).hasValue(3);
      assertThat(c.lastInsertRowid()).isEqualTo(3);
      assertThat(c.changes()).isEqualTo(3);
      Result upd = c.execute("UPDATE t SET v = v + 1 WHERE id >= 2");
      assertThat(upd.rowsAffected()).isEqualTo(2);
      assertThat(upd.lastInsertRowid()).isEmpty();
      assertThat(c.changes()).isEqualTo(2);
      assertThat(c.totalChanges()).isEqualTo(5);
      // A SELECT changes nothing and reports no rowid.
      Result sel = c.execute("SELECT * FROM t");
      assertThat(sel.rowsAffected()).isZero();
      assertThat(sel.lastInsertRowid()).isEmpty();
      assertThat(c.changes()).isEqualTo(2);
      // Autocommit comes from the engine: a BEGIN run as plain SQL counts too.
      c.execute("BEGIN");
      assertThat(c.isAutocommit()).isFalse();
      c.execute("ROLLBACK");
      assertThat(c.isAutocommit()).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"DEFERRED", "IMMEDIATE", "EXCLUSIVE", "READ_ONLY"})
  void everyTransactionModeBeginsAndEnds(String name) {
    TransactionMode mode = TransactionMode.valueOf(name);
    Database db = file("m.db");
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(x)");
      c.execute("INSERT INTO t VALUES (1)");
      try (Transaction tx = c.begin(mode)) {
        assertThat(c.isAutocommit()).isFalse();
        assertThat(tx.execute("SELECT count(*) FROM t").singleValue()).isEqualTo(Value.integer(1));
        if (mode != TransactionMode.READ_ONLY) {
          tx.execute("INSERT INTO t VALUES (2)");
        }
        tx.commit();
      }
      assertThat(c.isAutocommit()).isTrue();
      assertThat(c.execute("SELECT count(*) FROM t").singleValue())
          .isEqualTo(Value.integer(mode == TransactionMode.READ_ONLY ? 1 : 2));
    }
  }

  @Test
  void readOnlyTransactionRefusesWritesOfEveryKindAndTheConnectionWritesAfterwards() {
    Database db = file("ro.db");
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(x)");
      try (Transaction tx = c.begin(TransactionMode.READ_ONLY)) {
        for (String write : List.of("INSERT INTO t VALUES (1)", "UPDATE t SET x = 2", "DELETE FROM t",
            "CREATE TABLE u(y)")) {
          Throwable e = catchThrowable(() -> tx.execute(write));
          assertThat(e).as(write).isInstanceOf(LibSqlException.class);
          assertThat(((LibSqlException) e).code()).as(write).startsWith("SQLITE_READONLY");
        }
        assertThat(catchThrowable(() -> c.executeScript("INSERT INTO t VALUES (5)")))
            .isInstanceOf(LibSqlException.class);
        assertThat(catchThrowable(() -> tx.batch(List.of(dev.libsql4j.Statement.of("INSERT INTO t VALUES (6)")))))
            .isInstanceOf(LibSqlException.class);
        assertThat(tx.isActive()).isTrue();
      }
      // Rolled back and switched back: writes work again.
      c.execute("INSERT INTO t VALUES (3)");
      try (Transaction tx = c.begin(TransactionMode.READ_ONLY)) {
        tx.commit();
      }
      c.execute("INSERT INTO t VALUES (4)");
      assertThat(c.execute("SELECT count(*) FROM t").singleValue()).isEqualTo(Value.integer(2));
    }
  }

  @Test
  void busyTimeoutBoundsTheWaitForALock() {
    Path path = dir.resolve("busy.db");
    Database db = leaks.track(LibSql.open(Config.builder("file:" + path).busyTimeout(Duration.ofMillis(300)).build()));
    try (Connection holder = db.connect();
        Connection waiter = db.connect()) {
      holder.execute("CREATE TABLE t(x)");
      try (Transaction tx = holder.begin(TransactionMode.IMMEDIATE)) {
        tx.execute("INSERT INTO t VALUES (1)");
        long start = System.nanoTime();
        Throwable e = catchThrowable(() -> waiter.execute("INSERT INTO t VALUES (2)"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(e).isInstanceOf(BusyException.class);
        assertThat(((LibSqlException) e).code()).startsWith("SQLITE_BUSY");
        assertThat(ms).isBetween(250L, 5_000L);
        // Reads are not blocked by the writer (WAL).
        assertThat(waiter.execute("SELECT count(*) FROM t").singleValue()).isEqualTo(Value.integer(0));
        tx.commit();
      }
      waiter.execute("INSERT INTO t VALUES (2)");
    }
  }

  @Test
  void theDefaultBusyTimeoutWaitsForAShortLock() throws Exception {
    Database db = file("wait.db");
    try (Connection holder = db.connect();
        Connection waiter = db.connect()) {
      holder.execute("CREATE TABLE t(x)");
      Transaction tx = holder.begin(TransactionMode.IMMEDIATE);
      tx.execute("INSERT INTO t VALUES (1)");
      Thread releaser = new Thread(() -> {
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        tx.commit();
      });
      releaser.start();
      // Waits (default busy timeout 5 s) until the holder commits, then succeeds.
      waiter.execute("INSERT INTO t VALUES (2)");
      releaser.join();
      assertThat(waiter.execute("SELECT count(*) FROM t").singleValue()).isEqualTo(Value.integer(2));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7, 256, 5000})
  void cursorsReadEveryRowWhateverThePageSize(int pageSize) {
    Database db = leaks.track(LibSql.open(Config.builder(":memory:")
        .transportOption(EmbeddedTransportProvider.PAGE_SIZE, pageSize).build()));
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, b BLOB)");
      c.execute("WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 3000)"
          + " INSERT INTO t SELECT x, zeroblob(x % 50) FROM s");
      for (String sql : List.of("SELECT id, b FROM t ORDER BY id", "SELECT id, b FROM t WHERE id <= 1",
          "SELECT id, b FROM t WHERE id < 0")) {
        long n = 0;
        long previous = 0;
        try (Cursor cur = c.query(sql)) {
          for (Row r : cur) {
            assertThat(r.getLong(0)).isEqualTo(previous + 1);
            assertThat(r.getBytes(1)).hasSize((int) (r.getLong(0) % 50));
            previous = r.getLong(0);
            n++;
          }
        }
        assertThat(n).isEqualTo(sql.contains("<= 1") ? 1 : sql.contains("< 0") ? 0 : 3000);
      }
      try (PreparedStatement ps = c.prepare("SELECT id FROM t WHERE id > ? ORDER BY id");
          Cursor cur = ps.query(2990)) {
        List<Long> got = new ArrayList<>();
        cur.forEach(r -> got.add(r.getLong(0)));
        assertThat(got).hasSize(10).startsWith(2991L).endsWith(3000L);
      }
    }
  }

  @Test
  void wideRowsStreamInBoundedPages() {
    Database db = file("wide.db");
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, b BLOB)");
      c.execute("WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 300)"
          + " INSERT INTO t SELECT x, zeroblob(1000000) FROM s");
      long bytes = 0;
      try (Cursor cur = c.query("SELECT b FROM t")) {
        for (Row r : cur) {
          bytes += r.getBytes(0).length;
        }
      }
      assertThat(bytes).isEqualTo(300L * 1_000_000);
    }
  }

  @Test
  void badTransportOptionsAndConfigsAreRefusedByName() {
    assertThatThrownBy(() -> LibSql.open(Config.builder(":memory:")
            .transportOption(EmbeddedTransportProvider.PAGE_SIZE, 0).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embedded.pageSize");
    assertThatThrownBy(() -> LibSql.open(Config.builder(":memory:")
            .transportOption(EmbeddedTransportProvider.PAGE_SIZE, "lots").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embedded.pageSize");
    assertThatThrownBy(() -> LibSql.open(Config.builder(":memory:").transportOption("embedded.pagesize", 5).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embedded.pagesize");
    assertThatThrownBy(() -> LibSql.open("file:" + dir.resolve("x.db") + "?mode=ro"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mode'");
    assertThatThrownBy(() -> LibSql.open(Config.builder(":memory:").encryptionKey(new byte[] {1}).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encryptionKey");
    assertThatThrownBy(() -> LibSql.open(Config.builder("file:" + dir.resolve("y.db"))
            .syncInterval(Duration.ofSeconds(1)).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("syncInterval needs syncUrl");
    // A page size given as text works.
    Database db = leaks.track(LibSql.open(Config.builder(":memory:")
        .transportOption(EmbeddedTransportProvider.PAGE_SIZE, "64").build()));
    assertThat(db.execute("SELECT 1").singleValue()).isEqualTo(Value.integer(1));
  }

  @Test
  void rerunningAPreparedStatementEndsItsOpenCursor() {
    Database db = file("p.db");
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepare(
            "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < ?) SELECT x FROM s")) {
      Cursor first = ps.query(100_000);
      assertThat(first.next().getLong(0)).isEqualTo(1);
      // Runs again while the first cursor still has rows on the native side.
      assertThat(ps.execute(3).rows()).hasSize(3);
      Throwable e = catchThrowable(() -> {
        while (first.next() != null) {
          // drain what was already fetched; then the cursor must say why it ended
        }
      });
      assertThat(e).isInstanceOf(IllegalStateException.class).hasMessageContaining("ran again");
      first.close();
      // A cursor that had already read everything is not affected.
      try (Cursor small = ps.query(5)) {
        assertThat(small.next().getLong(0)).isEqualTo(1);
        assertThat(ps.execute(2).rows()).hasSize(2);
        List<Long> rest = new ArrayList<>();
        small.forEach(r -> rest.add(r.getLong(0)));
        assertThat(rest).containsExactly(2L, 3L, 4L, 5L);
      }
    }
    assertThat(db.stats().isEmpty()).isTrue();
  }

  @Test
  void preparedStatementsFollowSchemaChanges() {
    Database db = file("s.db");
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(a)");
      c.execute("INSERT INTO t VALUES (1)");
      try (PreparedStatement ps = c.prepare("SELECT * FROM t")) {
        assertThat(ps.columns()).extracting(Column::name).containsExactly("a");
        c.execute("ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'x'");
        Result r = ps.execute();
        assertThat(r.columns()).extracting(Column::name).containsExactly("a", "b");
        assertThat(r.rows().get(0).getString("b")).isEqualTo("x");
      }
    }
  }

  @Test
  void sqlTextMustHoldExactlyOneStatement() {
    Database db = file("one.db");
    try (Connection c = db.connect()) {
      for (String sql : List.of("SELECT 1; SELECT 2", "", "   -- only a comment")) {
        Throwable e = catchThrowable(() -> c.execute(sql));
        assertThat(e).as("'%s'", sql).isInstanceOf(LibSqlException.class);
      }
      // Trailing semicolons and comments are fine.
      assertThat(c.execute("SELECT 3; -- done").singleValue()).isEqualTo(Value.integer(3));
      // Argument errors name what is wrong.
      assertThat(catchThrowable(() -> c.execute("SELECT ?", 1, 2))).isInstanceOf(LibSqlException.class)
          .hasMessageContaining("too many arguments");
      assertThat(catchThrowable(() -> c.execute(dev.libsql4j.Statement.of("SELECT :a").bind("b", 1))))
          .isInstanceOf(LibSqlException.class)
          .hasMessageContaining(":a");
    }
  }

  @Test
  void twoDatabasesOnOneFileSeeEachOther() {
    Database one = file("shared.db");
    Database two = file("shared.db");
    one.execute("CREATE TABLE t(x)");
    one.execute("INSERT INTO t VALUES (1)");
    assertThat(two.execute("SELECT x FROM t").singleValue()).isEqualTo(Value.integer(1));
    two.execute("INSERT INTO t VALUES (2)");
    assertThat(one.execute("SELECT count(*) FROM t").singleValue()).isEqualTo(Value.integer(2));
  }

  @Test
  void failingCommitKeepsTheConnectionUsable() {
    Database db = file("fk.db");
    try (Connection c = db.connect()) {
      c.execute("PRAGMA foreign_keys = ON");
      c.execute("CREATE TABLE p(id INTEGER PRIMARY KEY)");
      c.execute("CREATE TABLE ch(id INTEGER PRIMARY KEY, p INTEGER REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED)");
      Transaction tx = c.begin();
      tx.execute("INSERT INTO ch VALUES (1, 99)");
      Throwable e = catchThrowable(tx::commit);
      assertThat(e).isInstanceOf(dev.libsql4j.ConstraintViolationException.class);
      // SQLite keeps the transaction after a refused COMMIT, and so do we (issue 11): close() rolls back.
      assertThat(tx.isActive()).isTrue();
      assertThat(c.isAutocommit()).isFalse();
      assertThat(c.execute("SELECT count(*) FROM ch").singleValue()).isEqualTo(Value.integer(1));
      tx.close();
      assertThat(c.isAutocommit()).isTrue();
      assertThat(c.execute("SELECT count(*) FROM ch").singleValue()).isEqualTo(Value.integer(0));
    }
  }
}
