package dev.libsql4j.http;

import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.Row;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Run by {@link LargeResultsIT} in a child JVM with a small heap ({@code -Xmx64m}): streams every
 * row of table {@code big} through a cursor and prints {@code count=N sum=S}. Before that it
 * tries a plain {@code execute} of the same rows and prints {@code execute-error=CODE message}
 * (sqld caps pipeline responses at 10 MB) or {@code execute-rows=N}. Exit code 0 on success, 1
 * on any failure (including an OutOfMemoryError).
 *
 * <p>Arguments: the sqld URL.
 */
public final class LargeCursorMain {
  private LargeCursorMain() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (Database db = LibSql.open(args[0]);
        Connection c = db.connect()) {
      out.println("maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
      try {
        int n = c.execute("SELECT id, payload FROM big ORDER BY id").rowCount();
        out.println("execute-rows=" + n);
      } catch (LibSqlException e) {
        out.println("execute-error=" + e.code() + " " + e.getMessage().replace('\n', ' '));
      }
      long count = 0;
      long sum = 0;
      long badPayloads = 0;
      long peakUsed = 0;
      try (Cursor cur = c.query("SELECT id, payload FROM big ORDER BY id")) {
        for (Row row : cur) {
          long id = row.getLong(0);
          String payload = row.getString(1);
          if (payload.length() != 100 || !payload.startsWith("row-")) {
            badPayloads++;
          }
          count++;
          sum += id;
          if ((count & 0xFFFF) == 0) {
            Runtime rt = Runtime.getRuntime();
            peakUsed = Math.max(peakUsed, rt.totalMemory() - rt.freeMemory());
          }
        }
      }
      out.println("peakUsedMiB=" + peakUsed / (1024 * 1024));
      out.println("badPayloads=" + badPayloads);
      out.println("count=" + count + " sum=" + sum);
      out.println("stats=" + db.stats());
      // Only the connection itself may still be open here.
      if (db.stats().cursors() != 0 || db.stats().statements() != 0 || badPayloads != 0) {
        System.exit(1);
      }
    } catch (Throwable t) {
      out.println("FAILED: " + t);
      t.printStackTrace(out);
      System.exit(1);
    }
    System.exit(0);
  }
}
