package dev.libsql4j.embedded;

import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;

/**
 * Measures a full scan through a cursor at several {@link EmbeddedTransportProvider#PAGE_SIZE}
 * values, next to sqlite-jdbc on the same file (not a test; how the default page size was
 * chosen). The workloads of DESIGN.md section 7 are in {@code benchmarks/}.
 *
 * <pre>
 * java -Dlibsql4j.native.path=... -cp target/test-classes:target/classes:CLASSPATH \
 *     dev.libsql4j.embedded.CursorPageSizeMain [rows] [rounds]
 * </pre>
 */
public final class CursorPageSizeMain {
  private static final int[] PAGE_SIZES = {1, 4, 16, 64, 256, 1024, 4096};

  private CursorPageSizeMain() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path file = Files.createTempDirectory("libsql4j-pages").resolve("scan.db");
    try (Database db = LibSql.open("file:" + file);
        Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL)");
      c.execute("INSERT INTO t SELECT value, 'name ' || value, value * 0.5 FROM generate_series(1, ?)", rows);
    }
    for (int round = 1; round <= rounds; round++) {
      System.out.printf("round %d: sqlite-jdbc %,.0f rows/s%n", round, scanJdbc(file));
      for (int page : PAGE_SIZES) {
        System.out.printf("  page %5d: %,12.0f rows/s%n", page, scan(file, page));
      }
    }
  }

  private static double scan(Path file, int page) {
    try (Database db = LibSql.open(Config.builder("file:" + file)
            .transportOption(EmbeddedTransportProvider.PAGE_SIZE, page).build());
        Connection c = db.connect()) {
      long n = 0;
      long sink = 0;
      long start = System.nanoTime();
      try (Cursor cur = c.query("SELECT id, name, score FROM t")) {
        for (Row r : cur) {
          sink += r.getLong(0) + r.getString(1).length() + (long) r.getDouble(2);
          n++;
        }
      }
      return rate(n, start, sink);
    }
  }

  private static double scanJdbc(Path file) throws Exception {
    try (java.sql.Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, name, score FROM t")) {
      long n = 0;
      long sink = 0;
      long start = System.nanoTime();
      while (rs.next()) {
        sink += rs.getLong(1) + rs.getString(2).length() + (long) rs.getDouble(3);
        n++;
      }
      return rate(n, start, sink);
    }
  }

  private static double rate(long n, long start, long sink) {
    double rate = n / ((System.nanoTime() - start) / 1e9);
    // Keeps the JIT from dropping the reads.
    return sink == Long.MIN_VALUE ? -rate : rate;
  }
}
