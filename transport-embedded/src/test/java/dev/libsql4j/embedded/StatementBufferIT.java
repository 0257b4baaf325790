package dev.libsql4j.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.Result;
import dev.libsql4j.Row;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionExpiredException;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.Value;
import dev.libsql4j.testkit.LeakCheckExtension;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statements run through a per-connection buffer (16 KiB) that carries the arguments in and the
 * result out; what does not fit goes through arrays. Both ways must give the same data, and the
 * buffers a closed connection hands on must not leak one connection's data into another.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StatementBufferIT {

  @RegisterExtension final LeakCheckExtension leaks = LeakCheckExtension.tracking();

  @TempDir Path dir;

  private Database file(String name) {
    return leaks.track(LibSql.open("file:" + dir.resolve(name)));
  }

  private static byte[] pattern(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  @Test
  void argumentsAndResultsOfAnySizeRoundTrip() {
    try (Connection c = file("sizes.db").connect();
        PreparedStatement echo = c.prepare("SELECT ?, length(?2), ?3")) {
      for (int size : new int[] {0, 1, 100, 16 * 1024 - 64, 16 * 1024, 16 * 1024 + 1, 300_000}) {
        byte[] blob = pattern(size, size);
        String text = "é".repeat(size / 2);
        Row r = echo.execute(blob, blob, text).rows().get(0);
        assertThat(r.getBytes(0)).as("blob of %d bytes", size).isEqualTo(blob);
        assertThat(r.getLong(1)).isEqualTo(size);
        assertThat(r.getString(2)).isEqualTo(text);
      }
      // Many rows in one execute result: larger than the buffer.
      Result many = c.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
          + " SELECT i, printf('row-%05d', i) FROM n");
      assertThat(many.rowCount()).isEqualTo(5000);
      assertThat(many.rows().get(4999).getString(1)).isEqualTo("row-05000");
      // The small path still works after the large ones.
      assertThat(echo.execute(new byte[] {7}, new byte[] {7}, "x").rows().get(0).getString(2)).isEqualTo("x");
    }
  }

  @Test
  void readsReportNoChangesAfterAWrite() {
    try (Connection c = file("changes.db").connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
      try (PreparedStatement ins = c.prepare("INSERT INTO t(v) VALUES (?)");
          PreparedStatement sel = c.prepare("SELECT v FROM t WHERE id = ?")) {
        Result w = ins.execute("a");
        assertThat(w.rowsAffected()).isEqualTo(1);
        assertThat(w.lastInsertRowid()).hasValue(1);
        Result r = sel.execute(1L);
        assertThat(r.rows().get(0).getString(0)).isEqualTo("a");
        assertThat(r.rowsAffected()).isZero();
        assertThat(r.lastInsertRowid()).isEmpty();
        assertThat(c.execute("UPDATE t SET v = 'b' WHERE id = 1").rowsAffected()).isEqualTo(1);
        assertThat(sel.execute(1L).rowsAffected()).isZero();
      }
    }
  }

  /**
   * The connection learns whether a transaction is still open from what each run reports (no
   * extra native call); a ROLLBACK run as a prepared statement must still be seen.
   */
  @Test
  void theTransactionStateFollowsEveryRun() {
    try (Connection c = file("tx.db").connect()) {
      c.execute("CREATE TABLE t(x INTEGER)");
      try (PreparedStatement ins = c.prepare("INSERT INTO t VALUES (?)");
          PreparedStatement rollback = c.prepare("ROLLBACK")) {
        try (Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
          ins.execute(1L);
          ins.execute(2L);
          assertThat(c.isAutocommit()).isFalse();
          tx.commit();
        }
        assertThat(c.isAutocommit()).isTrue();
        Transaction tx = c.begin(TransactionMode.IMMEDIATE);
        ins.execute(3L);
        rollback.execute();
        // The connection saw the transaction end: nothing more runs in it.
        assertThatThrownBy(() -> ins.execute(4L)).isInstanceOf(TransactionExpiredException.class);
        tx.close();
        assertThat(c.isAutocommit()).isTrue();
        assertThat(c.execute("SELECT sum(x) FROM t").singleValue()).isEqualTo(Value.integer(3));
        // A cursor step between a run and the next one must not leave a stale answer either way.
        try (Transaction tx2 = c.begin(TransactionMode.IMMEDIATE)) {
          ins.execute(10L);
          try (Cursor k = c.query("SELECT x FROM t ORDER BY x")) {
            assertThat(k.iterator().next().getLong(0)).isEqualTo(1);
          }
          ins.execute(11L);
          tx2.commit();
        }
        assertThat(c.isAutocommit()).isTrue();
        assertThat(c.execute("SELECT sum(x) FROM t").singleValue()).isEqualTo(Value.integer(24));
      }
    }
  }

  @Test
  void aFailedRunLeavesTheNextOneClean() {
    try (Connection c = file("errors.db").connect();
        PreparedStatement ps = c.prepare("SELECT ?1 + 0, ?2")) {
      assertThatThrownBy(() -> ps.execute(1L, 2L, 3L)).isInstanceOf(LibSqlException.class)
          .hasMessageContaining("too many arguments: the statement has 2 parameters but 3 values were given");
      // The missing second value is NULL, not the 2 of the failed run.
      Row r = ps.execute(5L).rows().get(0);
      assertThat(r.getLong(0)).isEqualTo(5);
      assertThat(r.get(1)).isEqualTo(Value.NULL);
    }
  }

  @Test
  void buffersHandedOnByClosedConnectionsCarryNoOldData() {
    Database db = file("reuse.db");
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB)");
    }
    for (int i = 0; i < 40; i++) {
      byte[] v = pattern(100 + i * 37, i);
      try (Connection c = db.connect()) {
        assertThat(c.execute("INSERT INTO t VALUES (?, ?)", (long) i, v).rowsAffected()).isEqualTo(1);
      }
      try (Connection c = db.connect();
          PreparedStatement ps = c.prepare("SELECT v, ? FROM t WHERE k = ?")) {
        Row r = ps.execute(null, (long) i).rows().get(0);
        assertThat(r.getBytes(0)).isEqualTo(v);
        assertThat(r.get(1)).isEqualTo(Value.NULL);
      }
    }
    long expected = 0;
    for (int i = 0; i < 40; i++) {
      expected += 100 + i * 37;
    }
    try (Connection c = db.connect()) {
      Row totals = c.execute("SELECT count(*), sum(length(v)) FROM t").rows().get(0);
      assertThat(totals.getLong(0)).isEqualTo(40);
      assertThat(totals.getLong(1)).isEqualTo(expected);
    }
  }
}
