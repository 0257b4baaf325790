package dev.libsql4j.embedded.internal;

import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.Result;
import dev.libsql4j.Row;
import dev.libsql4j.SyncResult;
import dev.libsql4j.Transaction;
import dev.libsql4j.embedded.EmbeddedTransportProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Run by {@link LinuxAarch64IT} in an aarch64 JVM under qemu: the embedded transport end to end
 * on the library the jar bundles for the JVM's own platform (no {@code libsql4j.native.path}).
 * Each step checks what it read back and prints it as {@code key=value}, so the test can check
 * it again; the last line is {@code DONE}. Any failed check ends the process with status 1.
 *
 * <p>Arguments: a fresh directory, the sync URL of a primary, the primary's table and its row
 * count.
 */
public final class EmulatedPlatformMain {
  private EmulatedPlatformMain() {
  }

  public static void main(String[] args) throws Exception {
    Path dir = Paths.get(args[0]);
    String syncUrl = args[1];
    String primaryTable = args[2];
    long primaryRows = Long.parseLong(args[3]);
    Files.createDirectories(dir);

    check(System.getProperty(EmbeddedTransportProvider.NATIVE_PATH_PROPERTY) == null,
        "the library must come from the jar, not from -D" + EmbeddedTransportProvider.NATIVE_PATH_PROPERTY);
    print("os.arch", System.getProperty("os.arch"));
    print("platform", NativeLoader.Settings.fromSystem().platform());
    print("native", NativeLoader.ensureLoaded());

    // A file database: write, close, open again, read back.
    Path plain = dir.resolve("plain.db");
    try (Database db = LibSql.open("file:" + plain)) {
      db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
      db.execute("INSERT INTO t(v) VALUES ('alpha'), ('beta'), ('gamma')");
    }
    try (Database db = LibSql.open("file:" + plain)) {
      print("file.values", String.join(",", strings(db.execute("SELECT v FROM t ORDER BY id"))));
    }

    // Encryption at rest: the right key reads, a wrong key is refused, and the right key still reads after that.
    Path secret = dir.resolve("secret.db");
    byte[] key = "aarch64 test key, not a secret".getBytes(StandardCharsets.UTF_8);
    try (Database db = LibSql.open(Config.builder("file:" + secret).encryptionKey(key).build())) {
      db.execute("CREATE TABLE s(v TEXT)");
      db.execute("INSERT INTO s VALUES ('sealed')");
    }
    byte[] all = Files.readAllBytes(secret);
    byte[] head = Arrays.copyOf(all, Math.min(16, all.length));
    check(!new String(head, StandardCharsets.ISO_8859_1).startsWith("SQLite format 3"),
        "the encrypted file starts with the plain SQLite header");
    String wrongKeyCode = "none";
    try (Database db = LibSql.open(Config.builder("file:" + secret)
        .encryptionKey("wrong".getBytes(StandardCharsets.UTF_8)).build())) {
      db.execute("SELECT count(*) FROM s");
    } catch (LibSqlException e) {
      wrongKeyCode = e.code();
    }
    print("encryption.wrongKey", wrongKeyCode);
    check(wrongKeyCode.equals("SQLITE_NOTADB"), "a wrong key must be refused with SQLITE_NOTADB");
    try (Database db = LibSql.open(Config.builder("file:" + secret).encryptionKey(key).build())) {
      print("encryption.value", strings(db.execute("SELECT v FROM s")).get(0));
    }

    try (Database db = LibSql.open("file:" + dir.resolve("work.db")); Connection c = db.connect()) {
      // A transaction rolled back, then one committed.
      c.execute("CREATE TABLE acct(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)");
      c.execute("INSERT INTO acct VALUES (1, 100), (2, 0)");
      try (Transaction tx = c.begin()) {
        tx.execute("UPDATE acct SET balance = balance - 70 WHERE id = 1");
        tx.execute("UPDATE acct SET balance = balance + 70 WHERE id = 2");
        tx.rollback();
      }
      try (Transaction tx = c.begin()) {
        tx.execute("UPDATE acct SET balance = balance - 30 WHERE id = 1");
        tx.execute("UPDATE acct SET balance = balance + 30 WHERE id = 2");
        tx.commit();
      }
      print("transaction.balances", String.join(",", strings(c.execute("SELECT balance FROM acct ORDER BY id"))));

      // A 10,000-row cursor.
      c.execute("CREATE TABLE big(n INTEGER PRIMARY KEY, label TEXT)");
      c.execute("WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 10000)"
          + " INSERT INTO big SELECT n, 'row-' || n FROM s");
      long rows = 0;
      long sum = 0;
      String last = null;
      try (Cursor cur = c.query("SELECT n, label FROM big ORDER BY n")) {
        for (Row r : cur) {
          rows++;
          sum += r.getLong(0);
          last = r.getString(1);
        }
      }
      print("cursor.rows", rows);
      print("cursor.sum", sum);
      print("cursor.last", last);

      // Vector search through the DiskANN index.
      c.execute("CREATE TABLE v(id INTEGER PRIMARY KEY, emb F32_BLOB(3))");
      c.execute("CREATE INDEX v_idx ON v(libsql_vector_idx(emb))");
      c.execute("INSERT INTO v VALUES (1, vector32('[1,0,0]')), (2, vector32('[0,1,0]')),"
          + " (3, vector32('[0,0,1]')), (4, vector32('[1,1,0]'))");
      print("vector.top2", String.join(",", strings(c.execute(
          "SELECT v.id FROM vector_top_k('v_idx', vector32(?), 2) AS k JOIN v ON v.rowid = k.id", "[1,0.1,0]"))));
    }

    // An embedded replica of the test's sqld (running natively): sync on open, a forwarded write, sync again.
    try (Database replica = LibSql.open(Config.builder("file:" + dir.resolve("replica.db")).syncUrl(syncUrl).build())) {
      Row r = replica.execute("SELECT count(*), sum(id) FROM " + primaryTable).rows().get(0);
      print("replica.rows", r.getLong(0));
      print("replica.sum", r.getLong(1));
      check(r.getLong(0) == primaryRows, "the replica must hold the primary's " + primaryRows + " rows");
      replica.execute("INSERT INTO " + primaryTable + "(id, v) VALUES (?, ?)", 1_000_000, "from-aarch64");
      SyncResult s = replica.sync();
      print("replica.synced", s.frameNo() > 0);
      print("replica.written", strings(replica.execute("SELECT v FROM " + primaryTable + " WHERE id = 1000000")).get(0));
    }
    System.out.println("DONE");
    System.out.flush();
  }

  private static List<String> strings(Result r) {
    List<String> out = new ArrayList<>();
    for (Row row : r.rows()) {
      out.add(Objects.toString(row.getString(0)));
    }
    return out;
  }

  private static void print(String key, Object value) {
    System.out.println(key + "=" + value);
    System.out.flush();
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }
}
