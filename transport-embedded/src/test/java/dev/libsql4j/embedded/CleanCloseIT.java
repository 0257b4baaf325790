package dev.libsql4j.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlTimeoutException;
import dev.libsql4j.PreparedStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Closing the last connection of a file database checkpoints the WAL into the main file and
 * removes {@code -wal} and {@code -shm}, as SQLite does, whatever happened on the connection
 * before: an interrupted statement, cursor or prepared statement, a cursor left open or closed
 * mid-read. A stock SQLite given the main file alone then sees all the data.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CleanCloseIT {

  static final int ROWS = 500;

  @TempDir Path dir;

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  /** What happens on the connection after the data is written and before everything is closed. */
  enum Before {
    NOTHING {
      @Override
      void run(Connection c, ExecutorService pool) {}
    },
    INTERRUPTED_EXECUTE {
      @Override
      void run(Connection c, ExecutorService pool) throws Exception {
        Throwable t = InterruptIT.interruptUntilDone(pool, c, () -> c.execute(InterruptIT.LONG_QUERY));
        assertThat(t).isInstanceOf(LibSqlTimeoutException.class);
      }
    },
    INTERRUPTED_CURSOR {
      @Override
      void run(Connection c, ExecutorService pool) throws Exception {
        Throwable t = InterruptIT.interruptUntilDone(pool, c, () -> {
          try (Cursor cur = c.query("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n"
              + " WHERE x < 100000000) SELECT x FROM n")) {
            while (cur.next() != null) {
              // read on
            }
          }
          return null;
        });
        assertThat(t).isInstanceOf(LibSqlTimeoutException.class);
      }
    },
    INTERRUPTED_PREPARED_STATEMENT {
      @Override
      void run(Connection c, ExecutorService pool) throws Exception {
        try (PreparedStatement ps = c.prepare(InterruptIT.LONG_QUERY)) {
          Throwable t = InterruptIT.interruptUntilDone(pool, c, ps::execute);
          assertThat(t).isInstanceOf(LibSqlTimeoutException.class);
        }
      }
    },
    INTERRUPT_WITH_NOTHING_RUNNING {
      @Override
      void run(Connection c, ExecutorService pool) {
        c.interrupt();
      }
    },
    CURSOR_CLOSED_MID_READ {
      @Override
      void run(Connection c, ExecutorService pool) {
        try (Cursor cur = c.query("SELECT a FROM x")) {
          assertThat(cur.next()).isNotNull();
        }
      }
    },
    CURSOR_LEFT_OPEN {
      @Override
      void run(Connection c, ExecutorService pool) {
        Cursor cur = c.query("SELECT a FROM x");
        assertThat(cur.next()).isNotNull(); // closed only by the connection's close
      }
    };

    abstract void run(Connection c, ExecutorService pool) throws Exception;
  }

  @ParameterizedTest
  @EnumSource(Before.class)
  void closingTheLastConnectionCheckpointsAndRemovesTheWal(Before before) throws Exception {
    Path file = dir.resolve("app.db");
    Database db = LibSql.open("file:" + file);
    try {
      try (Connection c = db.connect()) {
        c.execute("CREATE TABLE x(a)");
        c.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + ROWS + ")"
            + " INSERT INTO x SELECT 'row ' || i FROM n");
        assertThat(Files.exists(dir.resolve("app.db-wal"))).as("the WAL while open").isTrue();
        before.run(c, pool);
      }
    } finally {
      db.close();
    }
    assertThat(Files.exists(dir.resolve("app.db-wal"))).as("app.db-wal after close").isFalse();
    assertThat(Files.exists(dir.resolve("app.db-shm"))).as("app.db-shm after close").isFalse();

    // The main file alone holds everything: a stock SQLite reads it in another directory.
    Path alone = Files.createDirectory(dir.resolve("alone")).resolve("copy.db");
    Files.copy(file, alone);
    try (java.sql.Connection stock = DriverManager.getConnection("jdbc:sqlite:" + alone);
        ResultSet rs = stock.createStatement().executeQuery("SELECT count(*), max(a) FROM x")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(ROWS);
      assertThat(rs.getString(2)).isEqualTo("row 99");
    }
  }
}
