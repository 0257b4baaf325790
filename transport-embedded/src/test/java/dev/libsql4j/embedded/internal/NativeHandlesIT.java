package dev.libsql4j.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native registries under misuse, called directly (the public API serializes calls and
 * would never send most of these): unknown and closed ids, double close, closing while another
 * thread is inside a call on the same object, and malformed arguments. Every case must end in a
 * Java exception, never in a crash.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NativeHandlesIT {

  static final String LONG_QUERY =
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) FROM c";

  @TempDir Path dir;

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeAll
  static void load() {
    NativeLoader.ensureLoaded();
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private long openDb() {
    return NativeBindings.dbOpen(dir.resolve("h.db").toString(), null, null, null);
  }

  @Test
  void unknownIdsThrowIllegalState() {
    long[] bogus = {0, -1, Long.MAX_VALUE, 987_654_321L};
    for (long id : bogus) {
      assertThatThrownBy(() -> NativeBindings.dbSync(id)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> NativeBindings.connOpen(id, 0)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> NativeBindings.connExecute(id, "SELECT 1", null))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> NativeBindings.connQuery(id, "SELECT 1", null)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> NativeBindings.connIsAutocommit(id)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> NativeBindings.connInterrupt(id)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> NativeBindings.connExecuteScript(id, "SELECT 1"))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> NativeBindings.stmtPrepare(id, "SELECT 1")).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> NativeBindings.stmtExecute(id, null)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> NativeBindings.stmtQuery(id, null)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> NativeBindings.stmtColumns(id)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> NativeBindings.stmtParameterNames(id)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> NativeBindings.stmtIsReadonly(id)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> NativeBindings.rowsNext(id, 10)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> NativeBindings.rowsColumns(id)).isInstanceOf(IllegalStateException.class);
      // Closing an unknown id is a no-op.
      NativeBindings.dbClose(id);
      NativeBindings.connClose(id);
      NativeBindings.stmtClose(id);
      NativeBindings.rowsClose(id);
    }
    Throwable e = catchThrowable(() -> NativeBindings.connExecute(987_654_321L, "SELECT 1", null));
    assertThat(e.getMessage()).contains("987654321").contains("closed or unknown");
  }

  @Test
  void idsOfTheWrongKindAreUnknown() {
    long db = openDb();
    long conn = NativeBindings.connOpen(db, 1000);
    long stmt = NativeBindings.stmtPrepare(conn, "SELECT 1");
    long rows = NativeBindings.connQuery(conn, "SELECT 1", null);
    assertThatThrownBy(() -> NativeBindings.connExecute(db, "SELECT 1", null)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> NativeBindings.stmtExecute(conn, null)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> NativeBindings.rowsNext(stmt, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> NativeBindings.connOpen(rows, 0)).isInstanceOf(IllegalStateException.class);
    NativeBindings.dbClose(db);
  }

  @Test
  void everythingIsGoneAfterItsDatabaseCloses() {
    long db = openDb();
    long conn = NativeBindings.connOpen(db, 1000);
    NativeBindings.connExecute(conn, "CREATE TABLE IF NOT EXISTS t(x)", null);
    long stmt = NativeBindings.stmtPrepare(conn, "SELECT 1");
    long rows = NativeBindings.connQuery(conn, "SELECT 1 UNION ALL SELECT 2", null);
    long stmtRows = NativeBindings.stmtQuery(stmt, null);
    NativeBindings.dbClose(db);
    NativeBindings.dbClose(db);
    assertThatThrownBy(() -> NativeBindings.connExecute(conn, "SELECT 1", null)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> NativeBindings.stmtExecute(stmt, null)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> NativeBindings.rowsNext(rows, 10)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> NativeBindings.rowsNext(stmtRows, 10)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> NativeBindings.connOpen(db, 0)).isInstanceOf(IllegalStateException.class);
    NativeBindings.connClose(conn);
    NativeBindings.stmtClose(stmt);
    NativeBindings.rowsClose(rows);
  }

  @Test
  void closingAConnectionWhileAnotherThreadIsInsideACallOnIt() throws Exception {
    long db = openDb();
    try {
      for (int round = 0; round < 5; round++) {
        long conn = NativeBindings.connOpen(db, 1000);
        CountDownLatch started = new CountDownLatch(1);
        Future<byte[]> running = pool.submit(() -> {
          started.countDown();
          return NativeBindings.connExecute(conn, LONG_QUERY, null);
        });
        started.await();
        Thread.sleep(20L * round);
        NativeBindings.connClose(conn); // must not wait for, or break, the running call
        NativeBindings.connClose(conn);
        Object outcome = outcome(running);
        assertThat(outcome).satisfiesAnyOf(
            o -> assertThat(o).isInstanceOf(byte[].class),
            o -> assertThat(o).isInstanceOfAny(NativeException.class, IllegalStateException.class));
        assertThatThrownBy(() -> NativeBindings.connExecute(conn, "SELECT 1", null))
            .isInstanceOf(IllegalStateException.class);
      }
    } finally {
      NativeBindings.dbClose(db);
    }
  }

  @Test
  void closingTheDatabaseWhileCursorsAndStatementsRun() throws Exception {
    long db = openDb();
    List<Future<Object>> running = new ArrayList<>();
    CountDownLatch started = new CountDownLatch(4);
    for (int i = 0; i < 4; i++) {
      long conn = NativeBindings.connOpen(db, 1000);
      boolean cursor = i % 2 == 0;
      running.add(pool.submit(() -> {
        started.countDown();
        if (!cursor) {
          return NativeBindings.connExecute(conn, LONG_QUERY, null);
        }
        long rows = NativeBindings.connQuery(conn,
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT x FROM c", null);
        while (true) {
          byte[] page = NativeBindings.rowsNext(rows, 256);
          if (page[8] == 1) {
            return page;
          }
        }
      }));
    }
    started.await();
    Thread.sleep(30);
    NativeBindings.dbClose(db);
    for (Future<Object> f : running) {
      assertThat(outcome(f)).satisfiesAnyOf(
          o -> assertThat(o).isInstanceOf(byte[].class),
          o -> assertThat(o).isInstanceOfAny(NativeException.class, IllegalStateException.class));
    }
  }

  @Test
  void closingAStatementOrStreamWhileAnotherThreadReadsIt() throws Exception {
    long db = openDb();
    try {
      long conn = NativeBindings.connOpen(db, 1000);
      for (int round = 0; round < 10; round++) {
        long stmt = NativeBindings.stmtPrepare(conn,
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) SELECT x FROM c");
        long rows = NativeBindings.stmtQuery(stmt, null);
        Future<Object> reading = pool.submit(() -> {
          while (true) {
            byte[] page = NativeBindings.rowsNext(rows, 64);
            if (page[8] == 1) {
              return page;
            }
          }
        });
        Thread.sleep(round);
        if (round % 2 == 0) {
          NativeBindings.stmtClose(stmt);
        } else {
          NativeBindings.rowsClose(rows);
        }
        assertThat(outcome(reading)).satisfiesAnyOf(
            o -> assertThat(o).isInstanceOf(byte[].class),
            o -> assertThat(o).isInstanceOfAny(NativeException.class, IllegalStateException.class));
        NativeBindings.stmtClose(stmt);
        NativeBindings.rowsClose(rows);
      }
      // The connection still works.
      byte[] r = NativeBindings.connExecute(conn, "SELECT 1", null);
      assertThat(r).isNotEmpty();
    } finally {
      NativeBindings.dbClose(db);
    }
  }

  /**
   * Threads using different statements, a row stream and the connection itself at the same time,
   * straight through JNI with no Java lock in between. SQLite takes no mutex on these handles
   * (multi-thread mode); the native side serializes them on the connection's own lock, so every
   * result read back is right and the database stays intact.
   */
  @Test
  void threadsSharingOneConnectionAreSerializedNatively() throws Exception {
    long db = openDb();
    try {
      long conn = NativeBindings.connOpen(db, 1000);
      NativeBindings.connExecuteScript(conn, "CREATE TABLE s(id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
      long insert = NativeBindings.stmtPrepare(conn, "INSERT INTO s(id, v) VALUES (?, ?)");
      long count = NativeBindings.stmtPrepare(conn, "SELECT count(*), coalesce(sum(length(v)), 0) FROM s");
      int n = 1500;
      CountDownLatch go = new CountDownLatch(1);
      java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
      Future<Object> writer = pool.submit(() -> {
        go.await();
        try {
          for (int i = 1; i <= n; i++) {
            byte[] args = NativeCodec.encodeParams(dev.libsql4j.Statement.of("", i, "value-" + i));
            dev.libsql4j.Result r = NativeCodec.executeResult(NativeBindings.stmtExecute(insert, args),
                c -> NativeCodec.columns(NativeBindings.stmtColumns(insert)));
            assertThat(r.rowsAffected()).isEqualTo(1);
            assertThat(r.lastInsertRowid()).hasValue(i);
          }
        } finally {
          writing.set(false);
        }
        return n;
      });
      Future<Object> counter = pool.submit(() -> {
        go.await();
        long last = 0;
        int reads = 0;
        while (writing.get() || reads == 0) {
          dev.libsql4j.Result r = NativeCodec.executeResult(NativeBindings.stmtExecute(count, null),
              c -> NativeCodec.columns(NativeBindings.stmtColumns(count)));
          long seen = r.rows().get(0).getLong(0);
          assertThat(seen).as("row count never goes back").isGreaterThanOrEqualTo(last);
          last = seen;
          reads++;
        }
        return reads;
      });
      Future<Object> scanner = pool.submit(() -> {
        go.await();
        int scans = 0;
        while (writing.get() || scans == 0) {
          long rows = NativeBindings.connQuery(conn, "SELECT id, v FROM s ORDER BY id", null);
          try {
            long expected = 1;
            while (true) {
              NativeCodec.Reader page = new NativeCodec.Reader(NativeBindings.rowsNext(rows, 97));
              NativeCodec.PageHeader h = NativeCodec.pageHeader(page);
              for (int i = 0; i < h.rows(); i++) {
                assertThat(page.value()).isEqualTo(new dev.libsql4j.Value.Integer(expected));
                assertThat(page.value()).isEqualTo(new dev.libsql4j.Value.Text("value-" + expected));
                expected++;
              }
              if (h.done()) {
                break;
              }
            }
          } finally {
            NativeBindings.rowsClose(rows);
          }
          scans++;
        }
        return scans;
      });
      Future<Object> poller = pool.submit(() -> {
        go.await();
        int polls = 0;
        while (writing.get()) {
          assertThat(NativeBindings.connIsAutocommit(conn)).isTrue();
          assertThat(NativeBindings.connTotalChanges(conn)).isBetween(0L, (long) n);
          polls++;
        }
        return polls;
      });
      go.countDown();
      for (Future<Object> f : List.of(writer, counter, scanner, poller)) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isInstanceOf(Integer.class);
      }
      NativeCodec.Reader check = new NativeCodec.Reader(NativeBindings.connExecute(conn,
          "SELECT count(*), (SELECT integrity_check FROM pragma_integrity_check) FROM s", null));
      check.i64();
      check.u8();
      check.i64();
      NativeCodec.pageHeader(check);
      assertThat(check.value()).isEqualTo(new dev.libsql4j.Value.Integer(n));
      assertThat(check.value()).isEqualTo(new dev.libsql4j.Value.Text("ok"));
    } finally {
      NativeBindings.dbClose(db);
    }
  }

  @Test
  void malformedArgumentsAndNullsAreErrors() {
    long db = openDb();
    try {
      long conn = NativeBindings.connOpen(db, 1000);
      byte[][] bad = {
        {9}, {1, 1, 0, 0, 0}, {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F}, {1, 1, 0, 0, 0, 3, 10, 0, 0, 0},
        {2, 1, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, {1, 1, 0, 0, 0, 7}
      };
      for (byte[] b : bad) {
        Throwable e = catchThrowable(() -> NativeBindings.connExecute(conn, "SELECT ?", b));
        assertThat(e).as("arguments %s", java.util.Arrays.toString(b)).isInstanceOf(RuntimeException.class);
      }
      assertThat(catchThrowable(() -> NativeBindings.connExecute(conn, null, null))).isInstanceOf(RuntimeException.class);
      assertThat(catchThrowable(() -> NativeBindings.stmtPrepare(conn, null))).isInstanceOf(RuntimeException.class);
      assertThat(catchThrowable(() -> NativeBindings.connExecuteScript(conn, null))).isInstanceOf(RuntimeException.class);
      assertThat(catchThrowable(() -> NativeBindings.dbOpen(null, null, null, null)))
          .isInstanceOf(RuntimeException.class);
      long rows = NativeBindings.connQuery(conn, "SELECT 1", null);
      for (int max : new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
        Throwable e = catchThrowable(() -> NativeBindings.rowsNext(rows, max));
        assertThat(e).as("rowsNext(%d)", max).isNull();
      }
      // Still usable.
      assertThat(NativeBindings.connExecute(conn, "SELECT 2", null)).isNotEmpty();
    } finally {
      NativeBindings.dbClose(db);
    }
  }

  /**
   * stmtExecuteIo runs through the buffer registered for the statement's connection: without one it
   * is a clear IllegalStateException, a registered buffer carries arguments in and the result out,
   * a newer registration replaces it, and a closed connection refuses one.
   */
  @Test
  void statementsRunThroughTheBufferRegisteredForTheirConnection() {
    long db = openDb();
    try {
      long conn = NativeBindings.connOpen(db, 1000);
      long stmt = NativeBindings.stmtPrepare(conn, "SELECT ? + 1");
      assertThatThrownBy(() -> NativeBindings.stmtExecuteIo(stmt, -1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Statement " + stmt)
          .hasMessageContaining("none registered");
      assertThatThrownBy(() -> NativeBindings.connSetIo(conn, null)).isInstanceOf(NullPointerException.class);
      for (long arg : new long[] {41, 99}) {
        java.nio.ByteBuffer io = java.nio.ByteBuffer.allocateDirect(256).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        NativeBindings.connSetIo(conn, io);
        NativeCodec.Writer w = new NativeCodec.Writer(32);
        NativeCodec.encodeParams(dev.libsql4j.Statement.of("", arg), w);
        io.put(w.array(), 0, w.length());
        assertThat(NativeBindings.stmtExecuteIo(stmt, w.length())).isNull();
        int length = io.getInt(0);
        byte[] result = new byte[length];
        io.position(5);
        io.get(result);
        dev.libsql4j.Result r = NativeCodec.executeResult(result,
            n -> NativeCodec.columns(NativeBindings.stmtColumns(stmt)));
        assertThat(r.rows()).hasSize(1);
        assertThat(r.rows().get(0).getLong(0)).isEqualTo(arg + 1);
        assertThat(io.get(4)).as("autocommit flag").isEqualTo((byte) 1);
      }
      long closed = NativeBindings.connOpen(db, 1000);
      NativeBindings.connClose(closed);
      assertThatThrownBy(() -> NativeBindings.connSetIo(closed, java.nio.ByteBuffer.allocateDirect(64)))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> NativeBindings.connSetIo(conn, java.nio.ByteBuffer.allocate(64)))
          .as("a heap buffer has no native address")
          .isInstanceOf(RuntimeException.class);
    } finally {
      NativeBindings.dbClose(db);
    }
  }

  static Object outcome(Future<?> f) throws InterruptedException, java.util.concurrent.TimeoutException {
    try {
      return f.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
