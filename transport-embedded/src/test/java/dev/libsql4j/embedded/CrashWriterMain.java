package dev.libsql4j.embedded;

import dev.libsql4j.BatchFailedException;
import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.Statement;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionMode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Run by {@link CrashConsistencyIT} in a child JVM that the test kills with {@code kill -9}: writes
 * numbered groups of rows to a local file, one group per commit, and prints {@code C <seq> <kind>
 * <rows>} on stdout only after the commit returned. Every group is written in one atomic unit of
 * one of several kinds ({@link Kind}), so after a crash a group is either all there or not at all.
 * It continues after the highest group already in the file, so one file collects the commits of
 * several killed runs. Some rounds write a group and then roll it back or fail it, and some run a
 * WAL checkpoint, so kills also land in those.
 *
 * <p>Arguments: file path, seed, seconds to run at most (it exits with 0 and prints {@code DONE}
 * when no one killed it). The encryption key, if any, comes hex-encoded in the environment
 * variable {@value #KEY_ENV} (not on the command line). Exit code 1 and {@code ERROR ...} on any
 * failure, 2 if stdout stopped taking the reports.
 */
public final class CrashWriterMain {
  static final String KEY_ENV = "LIBSQL4J_CRASH_KEY";
  static final String TABLE = "CREATE TABLE IF NOT EXISTS parts(seq INTEGER NOT NULL, part INTEGER NOT NULL,"
      + " total INTEGER NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (seq, part))";
  private static final String INSERT = "INSERT INTO parts(seq, part, total, kind, payload) VALUES (?, ?, ?, ?, ?)";
  /** The same rows as {@link #payload}, made by SQLite: {@code value} is the part number. */
  private static final String INSERT_SERIES = "INSERT INTO parts(seq, part, total, kind, payload)"
      + " SELECT ?1, value, ?2, ?3, ?1 || ':' || value || ':' || substr(hex(zeroblob(1600)), 1,"
      + " 100 + ((?1 * 31 + value * 17) % 1500)) FROM generate_series(0, ?2 - 1)";

  /** How a group is committed. */
  enum Kind {
    /** {@code begin(IMMEDIATE)}, one {@code tx.execute} per row, {@code commit()}. */
    TX,
    /** {@code begin(DEFERRED)}, a reused {@link PreparedStatement} per row, {@code commit()}. */
    TX_PREPARED,
    /** {@link Connection#batch} (atomic). */
    BATCH,
    /** One autocommit {@code INSERT ... SELECT} through a prepared statement writes every row. */
    STATEMENT,
    /** {@link Connection#executeScript} with {@code BEGIN IMMEDIATE ... COMMIT}. */
    SCRIPT,
    /** {@link Connection#inTransaction} with a batch inside. */
    IN_TRANSACTION
  }

  private CrashWriterMain() {}

  /** The payload of one row: {@code seq:part:} and a run of zeros whose length depends on both. */
  static String payload(long seq, long part) {
    return seq + ":" + part + ":" + "0".repeat(payloadZeros(seq, part));
  }

  static int payloadZeros(long seq, long part) {
    return (int) (100 + ((seq * 31 + part * 17) % 1500));
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String path = args[0];
    Random rnd = new Random(Long.parseLong(args[1]));
    long until = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
    String keyHex = System.getenv(KEY_ENV);
    Config.Builder cfg = Config.builder("file:" + path);
    if (keyHex != null && !keyHex.isEmpty()) {
      cfg.encryptionKey(HexFormat.of().parseHex(keyHex));
    }
    try (Database db = LibSql.open(cfg.build());
        Connection c = db.connect();
        PreparedStatement insert = prepareAfterCreate(c, INSERT);
        PreparedStatement series = c.prepare(INSERT_SERIES)) {
      long seq = c.execute("SELECT coalesce(max(seq), 0) FROM parts").rows().get(0).getLong(0) + 1;
      out.println("START " + seq);
      while (System.nanoTime() < until) {
        int total = 1 + rnd.nextInt(12);
        int dice = rnd.nextInt(100);
        if (dice < 3) {
          writeThenRollBack(c, seq, total);
          continue;
        }
        if (dice < 6) {
          failedBatch(c, seq, total);
          continue;
        }
        if (dice < 8) {
          c.execute("PRAGMA wal_checkpoint(TRUNCATE)");
          continue;
        }
        Kind kind = Kind.values()[rnd.nextInt(Kind.values().length)];
        commit(c, insert, series, kind, seq, total);
        out.println("C " + seq + " " + kind + " " + total);
        if (out.checkError()) {
          System.exit(2); // stdout is gone: the test could not see the reports
        }
        seq++;
      }
      out.println("DONE");
    } catch (Throwable t) {
      out.println("ERROR " + t);
      t.printStackTrace(out);
      System.exit(1);
    }
    System.exit(0);
  }

  private static PreparedStatement prepareAfterCreate(Connection c, String sql) {
    c.execute(TABLE);
    return c.prepare(sql);
  }

  private static void commit(Connection c, PreparedStatement insert, PreparedStatement series, Kind kind,
                             long seq, int total) {
    switch (kind) {
      case TX -> {
        try (Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
          for (int p = 0; p < total; p++) {
            tx.execute(INSERT, seq, p, total, kind.name(), payload(seq, p));
          }
          tx.commit();
        }
      }
      case TX_PREPARED -> {
        try (Transaction tx = c.begin(TransactionMode.DEFERRED)) {
          for (int p = 0; p < total; p++) {
            insert.execute(seq, p, total, kind.name(), payload(seq, p));
          }
          tx.commit();
        }
      }
      case BATCH -> c.batch(statements(kind.name(), seq, total));
      case STATEMENT -> {
        long n = series.execute(seq, total, kind.name()).rowsAffected();
        if (n != total) {
          throw new IllegalStateException("INSERT ... SELECT wrote " + n + " rows, expected " + total);
        }
      }
      case SCRIPT -> {
        StringBuilder sql = new StringBuilder("BEGIN IMMEDIATE;");
        for (int p = 0; p < total; p++) {
          sql.append("INSERT INTO parts(seq, part, total, kind, payload) VALUES (").append(seq).append(", ")
              .append(p).append(", ").append(total).append(", '").append(kind.name()).append("', '")
              .append(payload(seq, p)).append("');");
        }
        sql.append("COMMIT;");
        c.executeScript(sql.toString());
      }
      case IN_TRANSACTION ->
          c.inTransaction(TransactionMode.IMMEDIATE, tx -> tx.batch(statements(kind.name(), seq, total)));
      default -> throw new IllegalStateException(kind.name());
    }
  }

  private static List<Statement> statements(String kind, long seq, int total) {
    List<Statement> steps = new ArrayList<>();
    for (int p = 0; p < total; p++) {
      steps.add(Statement.of(INSERT, seq, p, total, kind, payload(seq, p)));
    }
    return steps;
  }

  /** Writes group {@code seq} in a transaction and rolls it back: the number stays free. */
  private static void writeThenRollBack(Connection c, long seq, int total) {
    try (Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
      for (int p = 0; p < total; p++) {
        tx.execute(INSERT, seq, p, total, "ROLLED_BACK", payload(seq, p));
      }
      tx.rollback();
    }
  }

  /** An atomic batch of group {@code seq} whose last step fails: nothing of it may stay. */
  private static void failedBatch(Connection c, long seq, int total) {
    List<Statement> steps = statements("FAILED_BATCH", seq, total);
    steps.add(Statement.of("INSERT INTO no_such_table VALUES (1)"));
    try {
      c.batch(steps);
    } catch (BatchFailedException expected) {
      return;
    }
    throw new IllegalStateException("a batch with a failing last step did not fail");
  }
}
