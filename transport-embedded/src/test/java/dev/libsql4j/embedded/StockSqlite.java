package dev.libsql4j.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import org.sqlite.SQLiteConfig;

/** A stock SQLite (xerial sqlite-jdbc) reading a file, to show what an encrypted file looks like to it. */
final class StockSqlite {
  static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private StockSqlite() {}

  /** The first 16 bytes of the file. */
  static byte[] header(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    return Arrays.copyOf(all, Math.min(16, all.length));
  }

  static boolean hasPlainHeader(Path file) throws IOException {
    return Arrays.equals(header(file), MAGIC);
  }

  /**
   * Reads {@code sqlite_master} read-only with stock SQLite.
   *
   * @return the number of schema objects
   * @throws SQLException what stock SQLite says (for an encrypted file: "file is not a database")
   */
  static long countSchemaObjects(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM sqlite_master")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
