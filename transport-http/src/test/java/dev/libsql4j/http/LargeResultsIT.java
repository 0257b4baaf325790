package dev.libsql4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.Row;
import dev.libsql4j.Statement;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.Value;
import dev.libsql4j.testkit.LeakCheckExtension;
import dev.libsql4j.testkit.SqldExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Results and values too big for naive buffering: a million-row cursor read by a JVM with a 64 MB
 * heap, the 10 MB cap sqld puts on pipeline responses, and 1 MB values.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LargeResultsIT {

  private static final long ROWS = 1_000_000;

  @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

  @RegisterExtension final LeakCheckExtension leaks = LeakCheckExtension.tracking();

  /** Creates {@code big}: 1,000,000 rows of (id, 100-character payload), built by sqld itself. */
  @BeforeAll
  static void createBigTable() {
    try (Database db = LibSql.open(SQLD.server().url())) {
      db.execute("CREATE TABLE big(id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
      long inserted =
          db.execute(
                  "INSERT INTO big(id, payload) SELECT value, printf('row-%096d', value)"
                      + " FROM generate_series(1, ?)",
                  ROWS)
              .rowsAffected();
      assertThat(inserted).isEqualTo(ROWS);
    }
  }

  /** The server's URL with the wire encoding under test. */
  String url() {
    return SQLD.server().url() + "?encoding=" + encoding();
  }

  /** The wire encoding under test; a subclass runs the same tests over protobuf. */
  protected String encoding() {
    return "json";
  }

  @Test
  void millionRowCursorStreamsInSixtyFourMegabyteHeap() throws Exception {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Path log = Files.createTempFile("large-cursor-", ".log");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(
                  java.toString(),
                  "-Xmx64m",
                  "-XX:+ExitOnOutOfMemoryError",
                  "-cp",
                  System.getProperty("java.class.path"),
                  LargeCursorMain.class.getName(),
                  url())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      long start = System.nanoTime();
      Process p = pb.start();
      boolean done = p.waitFor(240, TimeUnit.SECONDS);
      if (!done) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(done).as("child JVM finished within 240 s; output:\n" + output).isTrue();
      assertThat(p.exitValue()).as("exit code after " + seconds + " s; output:\n" + output).isZero();
      assertThat(output).contains("maxHeapMiB=");
      assertThat(output)
          .contains("count=" + ROWS + " sum=" + (ROWS * (ROWS + 1) / 2))
          .contains("badPayloads=0");
      // The plain execute in the 64 MB JVM failed cleanly with sqld's size cap, not an OOM.
      assertThat(output).containsPattern("execute-error=RESPONSE_TOO_LARGE .*(?i)too large");
      System.out.println("[LargeResultsIT] child JVM streamed " + ROWS + " rows in " + seconds
          + " s:\n" + output.strip());
    } finally {
      Files.deleteIfExists(log);
    }
  }

  @Test
  void executeOfMillionRowsFailsWithResponseTooLarge() {
    Database db = leaks.track(LibSql.open(url()));
    try (Connection c = db.connect()) {
      Throwable e = catchThrowable(() -> c.execute("SELECT id, payload FROM big ORDER BY id"));
      assertThat(e).isInstanceOf(LibSqlException.class);
      assertThat(((LibSqlException) e).code()).isEqualTo("RESPONSE_TOO_LARGE");
      assertThat(e.getMessage()).containsIgnoringCase("too large");
      // The connection is fine afterwards, and a cursor over the same rows works.
      assertThat(c.execute("SELECT count(*) FROM big").singleValue()).isEqualTo(Value.integer(ROWS));
      long n = 0;
      try (Cursor cur = c.query("SELECT id FROM big WHERE id <= 200000")) {
        for (Row ignored : cur) {
          n++;
        }
      }
      assertThat(n).isEqualTo(200_000);
    }
  }

  @Test
  void readTooLargeForThePipelineKeepsTheTransactionAndAHugeReturningRunsOnce() {
    Database db = leaks.track(LibSql.open(url()));
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE IF NOT EXISTS copy(id INTEGER PRIMARY KEY)");
      c.execute("DELETE FROM copy");
      try (Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
        tx.execute("INSERT INTO copy VALUES (-1)");
        // Over sqld's 10 MB pipeline cap: RESPONSE_TOO_LARGE, then the same read through the cursor
        // on the transaction's stream, which still holds the uncommitted row. Sizes are just over the
        // cap: sqld starts a stream's 10 s idle clock when a cursor starts, not when it is drained, so
        // a transaction whose cursors take long to read on a slow machine would expire.
        long n = 0;
        long sum = 0;
        try (Cursor cur =
            tx.query("SELECT b.id, b.payload, (SELECT count(*) FROM copy) FROM big b WHERE b.id <= 150000")) {
          for (Row r : cur) {
            n++;
            sum += r.getLong(0);
            assertThat(r.getLong(2)).isEqualTo(1);
          }
        }
        assertThat(n).isEqualTo(150_000);
        assertThat(sum).isEqualTo(150_000L * 150_001 / 2);
        // A write whose returned rows are far over the cap goes straight to the cursor: it runs once
        // and none of its rows is lost.
        long returned = 0;
        try (Cursor cur =
            tx.query("INSERT INTO copy SELECT id FROM big WHERE id <= 60000 RETURNING id, printf('%0200d', id)")) {
          for (Row ignored : cur) {
            returned++;
          }
        }
        assertThat(returned).isEqualTo(60_000);
        tx.commit();
      }
      assertThat(c.execute("SELECT count(*) FROM copy").singleValue()).isEqualTo(Value.integer(60_001));
    }
  }

  @Test
  void oneMegabyteBlobAndTextRoundTrip() {
    byte[] blob = new byte[1 << 20];
    new Random(42).nextBytes(blob);
    StringBuilder sb = new StringBuilder();
    String[] pieces = {"a", "é", "✓", "😀", "\u0000", "\n", "\"", "\\"};
    Random r = new Random(7);
    while (sb.length() < (1 << 20)) {
      sb.append(pieces[r.nextInt(pieces.length)]);
    }
    String text = sb.toString();
    assertThat(text.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(1 << 20);

    Database db = leaks.track(LibSql.open(url()));
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE IF NOT EXISTS large(id INTEGER PRIMARY KEY, b BLOB, t TEXT)");
      c.execute("DELETE FROM large");
      c.execute("INSERT INTO large VALUES (1, ?, ?)", blob, text);
      try (PreparedStatement ps = c.prepare("INSERT INTO large VALUES (?, ?, ?)")) {
        ps.execute(2, blob, text);
      }
      c.batch(List.of(Statement.of("INSERT INTO large VALUES (3, ?, ?)", blob, text)));
      try (Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
        tx.execute("INSERT INTO large VALUES (4, ?, ?)", blob, text);
        tx.commit();
      }

      // One row per execute: four rows of about 4 MB of JSON each would pass sqld's 10 MB cap.
      for (long id = 1; id <= 4; id++) {
        List<Row> rows = c.execute("SELECT b, t, length(b) FROM large WHERE id = ?", id).rows();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getBytes("b")).as("blob of row %d", id).isEqualTo(blob);
        assertThat(rows.get(0).getString("t")).as("text of row %d", id).isEqualTo(text);
        assertThat(rows.get(0).getLong(2)).isEqualTo(1 << 20);
      }
      int n = 0;
      try (Cursor cur = c.query("SELECT b, t FROM large ORDER BY id")) {
        for (Row row : cur) {
          assertThat(row.getBytes(0)).isEqualTo(blob);
          assertThat(row.getString(1)).isEqualTo(text);
          n++;
        }
      }
      assertThat(n).isEqualTo(4);
      // Echoed straight back, without storage.
      Row echo = c.execute("SELECT ?, ?", blob, text).rows().get(0);
      assertThat(echo.getBytes(0)).isEqualTo(blob);
      assertThat(echo.getString(1)).isEqualTo(text);
    }
  }
}
