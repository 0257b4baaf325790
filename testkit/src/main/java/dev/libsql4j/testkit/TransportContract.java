package dev.libsql4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import dev.libsql4j.BatchFailedException;
import dev.libsql4j.BatchResult;
import dev.libsql4j.Column;
import dev.libsql4j.Connection;
import dev.libsql4j.ConstraintViolationException;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.ResourceStats;
import dev.libsql4j.Result;
import dev.libsql4j.Row;
import dev.libsql4j.Statement;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.Value;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour every transport must show, written against the public API only. A transport
 * module runs it by extending this class:
 *
 * <pre>{@code
 * class HttpTransportContractIT extends TransportContract {
 *   @RegisterExtension static final SqldExtension SQLD = new SqldExtension();
 *
 *   @Override protected Database openDatabase() {
 *     return LibSql.open(SQLD.server().url());
 *   }
 * }
 * }</pre>
 *
 * <h2>The database under test</h2>
 *
 * {@link #openDatabase()} is called before <em>every</em> test, and again by the few tests that
 * need a second {@link Database} over the same data; the suite closes whatever it returns. Each
 * call must return a new client over the <em>same</em> data. It may be a new client for a database that
 * lives longer than one test (one {@code sqld} per class, say): before each test the suite drops
 * every table and view it finds in {@code sqlite_master} (except {@code sqlite_*} and
 * {@code libsql_*} objects), so each test starts from an empty schema. Do not point it at a
 * database whose contents matter.
 *
 * <p>Every connection of the database must see the same data: several tests check that a commit
 * is visible from a second connection. For the embedded transport use a temporary file, not a
 * plain {@code :memory:} URL (there each connection could get its own private database).
 *
 * <h2>What is checked</h2>
 *
 * CRUD; exact values (64-bit integer limits, {@code -0.0}, subnormals, huge doubles, 4-byte
 * characters, embedded NUL, empty and binary blobs, {@code NULL}) through every path: {@link
 * Connection#execute}, {@link PreparedStatement}, atomic {@link Connection#batch} and {@link
 * Cursor}; named arguments with {@code :}, {@code @} and {@code $}; every {@link
 * TransactionMode}; commit, rollback and close without commit; savepoints; atomic and independent
 * batches; {@link Connection#executeScript}; prepared-statement metadata; a 10,000-row cursor;
 * error types and messages; use after close; and thread-safety of a shared connection. Every test
 * reads its data back, and {@link LeakCheckExtension} fails a test that leaves anything open
 * ({@link Database#stats()} must be empty when the test ends).
 *
 * <h2>Expectations worth knowing</h2>
 *
 * <ul>
 *   <li>A write inside a {@link TransactionMode#READ_ONLY} transaction must throw a {@link
 *       LibSqlException}. (sqld 0.24 accepts {@code BEGIN TRANSACTION READONLY} but does not
 *       enforce it, and refuses {@code PRAGMA query_only}; a transport must make up for that.)
 *   <li>In {@link Connection#batchIndependent} a step that does not even parse fails on its own;
 *       the other steps still run. (sqld parses a whole Hrana batch before running any step.)
 *   <li>A prepared statement with named parameters also takes positional arguments, numbered as
 *       SQLite numbers them, because {@link PreparedStatement#query} is positional only. (sqld
 *       refuses positional values for named parameters with {@code ARGS_INVALID}.)
 *   <li>SQL that does not compile may fail at {@link Connection#prepare} (a transport that
 *       compiles there) or at the statement's first run or metadata call (a transport whose
 *       prepare sends nothing); its first run fails with the exception and code executing it
 *       unprepared gets. (Over HTTP the metadata call's code is {@code describe}'s, which for a
 *       syntax error is {@code SQL_INPUT_ERROR}, not {@code SQL_PARSE_ERROR}.)
 *   <li>Isolation from a second connection is checked for {@code DEFERRED} and {@code IMMEDIATE}
 *       only: {@code EXCLUSIVE} may lock readers out on a non-WAL file.
 *   <li>{@code next()} and {@code iterator()} on a cursor the caller closed throw {@link
 *       IllegalStateException}; a cursor that reached its end by itself keeps returning null.
 *   <li>A {@code COMMIT} that fails (a deferred foreign key) keeps the transaction open, as SQLite
 *       does, when sent as a statement. After a failed {@link Transaction#commit()} the same holds
 *       unless the transport overrides {@link #keepsTransactionAfterFailedCommit()}; then the
 *       error says that the transaction was rolled back.
 * </ul>
 *
 * <p>Each test has a two-minute timeout. Subclasses may add tests; they can use {@link #db},
 * {@link #ids} and {@link #count}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class TransportContract {

  /**
   * The database of the current test: set before each test from {@link #openDatabase()}, closed
   * after it.
   */
  protected Database db;

  /** Fails a test that leaves connections, statements, cursors or transactions open. */
  @RegisterExtension final LeakCheckExtension leakCheck = LeakCheckExtension.of(() -> db);

  /** Creates the suite. */
  protected TransportContract() {}

  /**
   * Opens the database for one test. Called before every test (and a second time by tests that
   * need two clients); the suite closes what it returns and wipes the schema before each test
   * (see the class documentation).
   *
   * @return a new, open database client; all its connections, and those of every other client
   *     this method returns, see the same data
   */
  protected abstract Database openDatabase();

  /**
   * Whether a transaction stays open after {@link Transaction#commit()} failed, as SQLite keeps
   * it (a deferred foreign key still violated, {@code SQLITE_BUSY}): then the caller can fix the
   * cause and commit again, or roll back. The default, {@code true}, is what a transport on a
   * local SQLite connection must do. A transport whose commit ends the transaction whatever
   * happens (over HTTP the {@code COMMIT} travels with the stream's close) returns {@code false};
   * its error must then say that the transaction was rolled back, and nothing of it may remain.
   *
   * @return true if a failed {@code commit()} keeps the transaction open
   */
  protected boolean keepsTransactionAfterFailedCommit() {
    return true;
  }

  @BeforeEach
  final void openAndWipe() {
    db = openDatabase();
    assertThat(db).as("openDatabase()").isNotNull();
    try (Connection c = db.connect()) {
      List<String> views = new ArrayList<>();
      List<String> tables = new ArrayList<>();
      for (Row r :
          c.execute(
                  "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view')"
                      + " AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'libsql%'")
              .rows()) {
        (r.getString(0).equals("view") ? views : tables).add(r.getString(1));
      }
      for (String v : views) {
        c.execute("DROP VIEW IF EXISTS " + quote(v));
      }
      for (String t : tables) {
        c.execute("DROP TABLE IF EXISTS " + quote(t));
      }
    }
    assertThat(db.stats().isEmpty()).as("stats after the schema wipe").isTrue();
  }

  @AfterEach
  final void closeDatabase() {
    if (db != null) {
      db.close();
    }
  }

  // ------------------------------------------------------------------------------ vector search

  /** libSQL vector search: F32_BLOB, vector32, libsql_vector_idx, vector_top_k, vector_distance_cos. */
  @Test
  void vectorSearchTopKAndCosineDistance() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE v(id INTEGER PRIMARY KEY, emb F32_BLOB(3))");
      c.execute("CREATE INDEX v_idx ON v(libsql_vector_idx(emb))");
      c.execute("INSERT INTO v VALUES (1, vector32('[1,0,0]'))");
      c.execute("INSERT INTO v VALUES (2, vector32('[0,1,0]'))");
      c.execute("INSERT INTO v VALUES (3, vector32('[0,0,1]'))");
      // Vector text bound as an argument, through a prepared statement.
      try (PreparedStatement ps = c.prepare("INSERT INTO v VALUES (?, vector32(?))")) {
        ps.execute(4, "[1,1,0]");
        ps.execute(5, "[-1,0,0]");
      }

      // The column holds 3 little-endian float32 values.
      byte[] raw = c.execute("SELECT emb FROM v WHERE id = 4").rows().get(0).getBytes(0);
      assertThat(raw).hasSize(12);
      ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
      assertThat(new float[] {bb.getFloat(), bb.getFloat(), bb.getFloat()})
          .containsExactly(1f, 1f, 0f);
      assertThat(c.execute("SELECT vector_extract(emb) FROM v WHERE id = 1").rows().get(0).getString(0))
          .isEqualTo("[1,0,0]");

      // Nearest two to [1, 0.1, 0]: 1 (same direction), then 4 ([1,1,0]).
      Result top =
          c.execute(
              "SELECT v.id FROM vector_top_k('v_idx', vector32('[1,0.1,0]'), 2) AS k"
                  + " JOIN v ON v.rowid = k.id");
      assertThat(firstColumn(top)).containsExactly(1L, 4L);

      // The same through a cursor, with the query vector as an argument.
      List<Long> viaCursor = new ArrayList<>();
      try (Cursor cur =
          c.query(
              "SELECT v.id FROM vector_top_k('v_idx', vector32(?), 3) AS k JOIN v ON v.rowid = k.id",
              "[0,0.1,1]")) {
        cur.forEach(r -> viaCursor.add(r.getLong(0)));
      }
      assertThat(viaCursor).hasSize(3).startsWith(3L);

      Result dist =
          c.execute(
              "SELECT id, vector_distance_cos(emb, vector32('[1,0.1,0]')) AS d FROM v ORDER BY d");
      assertThat(firstColumn(dist)).containsExactly(1L, 4L, 2L, 3L, 5L);
      List<Row> rows = dist.rows();
      assertThat(rows.get(0).getDouble("d")).isCloseTo(0.00496, org.assertj.core.data.Offset.offset(1e-4));
      assertThat(rows.get(3).getDouble("d")).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(rows.get(4).getDouble("d")).isCloseTo(1.995, org.assertj.core.data.Offset.offset(1e-3));

      // The unqualified form from the vector docs is ambiguous ("id" is in both tables): the
      // SQL error comes back as a LibSqlException that says so.
      Throwable ambiguous =
          catchThrowable(
              () ->
                  c.execute(
                      "SELECT id FROM vector_top_k('v_idx', vector32('[1,0.1,0]'), 2)"
                          + " JOIN v ON v.rowid = id"));
      assertThat(ambiguous).isInstanceOf(LibSqlException.class);
      assertThat(ambiguous.getMessage()).contains("ambiguous column name");

      // A vector of the wrong dimension is refused by the column type.
      Throwable wrongDim = catchThrowable(() -> c.execute("INSERT INTO v VALUES (9, vector32('[1,2]'))"));
      assertThat(wrongDim).isInstanceOf(LibSqlException.class);
      assertThat(c.execute("SELECT count(*) FROM v").singleValue().toJava()).isEqualTo(5L);
    }
  }

  /** A query vector bound as a raw F32 blob (little-endian floats), through a prepared statement and a cursor. */
  @Test
  void vectorSearchWithAQueryVectorBoundAsBlob() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE docs(id INTEGER PRIMARY KEY, emb F32_BLOB(4))");
      c.execute("CREATE INDEX docs_idx ON docs(libsql_vector_idx(emb, 'metric=cosine'))");
      try (PreparedStatement ins = c.prepare("INSERT INTO docs VALUES (?, ?)")) {
        for (int i = 1; i <= 200; i++) {
          double a = i * 0.01;
          ins.execute(i, f32((float) Math.cos(a), (float) Math.sin(a), 0f, 0.1f));
        }
      }
      byte[] query = f32((float) Math.cos(0.2), (float) Math.sin(0.2), 0f, 0.1f);
      try (PreparedStatement top = c.prepare(
              "SELECT d.id FROM vector_top_k('docs_idx', ?, 3) AS k JOIN docs d ON d.rowid = k.id");
          Cursor cur = top.query((Object) query)) {
        List<Long> got = new ArrayList<>();
        cur.forEach(r -> got.add(r.getLong(0)));
        // i = 20 has angle 0.2 exactly, like the query; its neighbours are 19 and 21.
        assertThat(got).hasSize(3).contains(20L, 19L, 21L);
      }
      Row nearest = c.execute("SELECT id, vector_distance_cos(emb, ?) AS d FROM docs ORDER BY d LIMIT 1",
          (Object) query).rows().get(0);
      assertThat(nearest.getLong("id")).isEqualTo(20);
      assertThat(nearest.getDouble("d")).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  private static byte[] f32(float... v) {
    ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      bb.putFloat(f);
    }
    return bb.array();
  }

  // ------------------------------------------------------------------------------ helpers

  private static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /**
   * The first column of {@code sql}'s rows as longs, read on a fresh connection.
   *
   * @param sql a query whose first column is an integer
   * @param args its positional arguments
   * @return the values, in row order
   */
  protected final List<Long> ids(String sql, Object... args) {
    try (Connection c = db.connect()) {
      List<Long> out = new ArrayList<>();
      for (Row r : c.execute(sql, args).rows()) {
        out.add(r.getLong(0));
      }
      return out;
    }
  }

  /**
   * The number of rows in {@code table}, read on a fresh connection.
   *
   * @param table the table name
   * @return {@code SELECT count(*)}
   */
  protected final long count(String table) {
    try (Connection c = db.connect()) {
      return c.execute("SELECT count(*) FROM " + quote(table)).rows().get(0).getLong(0);
    }
  }

  private static List<Long> firstColumn(Result r) {
    List<Long> out = new ArrayList<>();
    for (Row row : r.rows()) {
      out.add(row.getLong(0));
    }
    return out;
  }

  /** One exact value the suite sends and expects back unchanged. */
  private record Sample(String label, Object java, String sqlType) {
    Value value() {
      return Value.of(java);
    }
  }

  private static byte[] allBytes() {
    byte[] b = new byte[256];
    for (int i = 0; i < 256; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  private static final List<Sample> SAMPLES =
      List.of(
          new Sample("Long.MIN_VALUE", Long.MIN_VALUE, "integer"),
          new Sample("Long.MAX_VALUE", Long.MAX_VALUE, "integer"),
          new Sample("2^53 + 1 (not exact as a double)", 9_007_199_254_740_993L, "integer"),
          new Sample("zero", 0L, "integer"),
          new Sample("-0.0", -0.0d, "real"),
          new Sample("Double.MIN_VALUE (subnormal)", Double.MIN_VALUE, "real"),
          new Sample("1e308", 1e308, "real"),
          new Sample("Double.MAX_VALUE", Double.MAX_VALUE, "real"),
          new Sample("0.1", 0.1d, "real"),
          new Sample("-1.5e-300", -1.5e-300, "real"),
          new Sample("4-byte characters", "😀𝄞", "text"),
          new Sample("embedded NUL", "a\u0000b", "text"),
          new Sample("empty text", "", "text"),
          new Sample("mixed text", "héllo wörld ✓ \t\n\"quoted\" \\ '", "text"),
          new Sample("empty blob", new byte[0], "blob"),
          new Sample("all 256 byte values", allBytes(), "blob"),
          new Sample("NULL", null, "null"));

  private static void assertExact(String where, Sample s, Value actual) {
    Value expected = s.value();
    assertThat(actual).as("%s: %s", where, s.label()).isEqualTo(expected);
    if (expected instanceof Value.Real r) {
      assertThat(Double.doubleToRawLongBits(((Value.Real) actual).value()))
          .as("%s: raw bits of %s", where, s.label())
          .isEqualTo(Double.doubleToRawLongBits(r.value()));
    }
  }

  private void createValuesTable(Connection c) {
    c.execute("CREATE TABLE vals(id INTEGER PRIMARY KEY, v)");
  }

  /** Reads {@code vals} back and checks every sample and its SQLite storage type. */
  private static void checkValuesTable(String where, Result r) {
    assertThat(r.rowCount()).as(where + ": row count").isEqualTo(SAMPLES.size());
    for (int i = 0; i < SAMPLES.size(); i++) {
      Row row = r.rows().get(i);
      Sample s = SAMPLES.get(i);
      assertThat(row.getLong("id")).isEqualTo(i);
      assertExact(where, s, row.get("v"));
      assertThat(row.getString("t")).as("%s: typeof(%s)", where, s.label()).isEqualTo(s.sqlType());
    }
  }

  private static final String READ_VALUES = "SELECT id, v, typeof(v) AS t FROM vals ORDER BY id";

  // ------------------------------------------------------------------------------ CRUD

  @Test
  void crudRoundTrip() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL)");

      Result ins = c.execute("INSERT INTO users(name, score) VALUES (?, ?)", "ann", 1.5);
      assertThat(ins.rowsAffected()).isEqualTo(1);
      assertThat(ins.lastInsertRowid()).hasValue(1);
      c.execute("INSERT INTO users(name, score) VALUES (?, ?)", "bob", 2.5);
      assertThat(c.lastInsertRowid()).isEqualTo(2);

      Result sel = c.execute("SELECT id, name, score FROM users ORDER BY id");
      assertThat(sel.columns())
          .extracting(Column::name)
          .containsExactly("id", "name", "score");
      assertThat(sel.rowCount()).isEqualTo(2);
      assertThat(sel.rows().get(0).getLong("id")).isEqualTo(1);
      assertThat(sel.rows().get(0).getString("name")).isEqualTo("ann");
      assertThat(sel.rows().get(1).getDouble(2)).isEqualTo(2.5);

      Result upd = c.execute("UPDATE users SET score = score * 2 WHERE name = ?", "bob");
      assertThat(upd.rowsAffected()).isEqualTo(1);
      assertThat(c.execute("SELECT score FROM users WHERE id = 2").singleValue())
          .isEqualTo(Value.real(5.0));

      Result del = c.execute("DELETE FROM users WHERE id = ?", 1);
      assertThat(del.rowsAffected()).isEqualTo(1);
      assertThat(firstColumn(c.execute("SELECT id FROM users"))).containsExactly(2L);

      Result none = c.execute("SELECT * FROM users WHERE id = 42");
      assertThat(none.rows()).isEmpty();
      assertThat(none.columns()).hasSize(3);
      assertThat(none.first()).isEmpty();
    }
    // The Database shortcuts use a short-lived connection and leave nothing open.
    assertThat(db.execute("INSERT INTO users(name) VALUES (?)", "cy").rowsAffected()).isEqualTo(1);
    BatchResult br =
        db.batch(
            List.of(
                Statement.of("INSERT INTO users(name) VALUES (?)", "dee"),
                Statement.of("SELECT name FROM users ORDER BY id")));
    assertThat(br.result(1).rows())
        .extracting(r -> r.getString(0))
        .containsExactly("bob", "cy", "dee");
    assertThat(db.stats().isEmpty()).isTrue();
    assertThat(count("users")).isEqualTo(3);
  }

  // ------------------------------------------------------------------------------ exact values

  @Test
  void exactValuesRoundTripThroughExecute() {
    try (Connection c = db.connect()) {
      createValuesTable(c);
      for (int i = 0; i < SAMPLES.size(); i++) {
        c.execute("INSERT INTO vals(id, v) VALUES (?, ?)", i, SAMPLES.get(i).java());
      }
      checkValuesTable("execute", c.execute(READ_VALUES));
      for (Sample s : SAMPLES) {
        assertExact("execute SELECT ?", s, c.execute("SELECT ?", s.java()).singleValue());
        assertExact("execute SELECT ? (Value arg)", s, c.execute("SELECT ?", s.value()).singleValue());
      }
    }
  }

  @Test
  void exactValuesRoundTripThroughPreparedStatement() {
    try (Connection c = db.connect()) {
      createValuesTable(c);
      try (PreparedStatement ins = c.prepare("INSERT INTO vals(id, v) VALUES (?, ?)");
          PreparedStatement sel = c.prepare("SELECT v, typeof(v) FROM vals WHERE id = ?");
          PreparedStatement echo = c.prepare("SELECT ?")) {
        for (int i = 0; i < SAMPLES.size(); i++) {
          assertThat(ins.execute(i, SAMPLES.get(i).java()).rowsAffected()).isEqualTo(1);
        }
        for (int i = 0; i < SAMPLES.size(); i++) {
          Sample s = SAMPLES.get(i);
          Row row = sel.execute(i).rows().get(0);
          assertExact("prepared select", s, row.get(0));
          assertThat(row.getString(1)).as("typeof %s", s.label()).isEqualTo(s.sqlType());
          assertExact("prepared echo", s, echo.execute(s.java()).singleValue());
          try (Cursor cur = sel.query(i)) {
            assertExact("prepared query", s, cur.next().get(0));
          }
        }
      }
      checkValuesTable("after prepared inserts", c.execute(READ_VALUES));
    }
  }

  @Test
  void exactValuesRoundTripThroughAtomicBatch() {
    try (Connection c = db.connect()) {
      createValuesTable(c);
      List<Statement> steps = new ArrayList<>();
      for (int i = 0; i < SAMPLES.size(); i++) {
        steps.add(Statement.of("INSERT INTO vals(id, v) VALUES (?, ?)", i, SAMPLES.get(i).java()));
      }
      steps.add(Statement.of(READ_VALUES));
      for (Sample s : SAMPLES) {
        steps.add(Statement.of("SELECT ?", s.java()));
      }
      BatchResult br = c.batch(steps);
      assertThat(br.size()).isEqualTo(steps.size());
      assertThat(br.hasErrors()).isFalse();
      for (int i = 0; i < SAMPLES.size(); i++) {
        assertThat(br.result(i).rowsAffected()).isEqualTo(1);
      }
      checkValuesTable("batch select step", br.result(SAMPLES.size()));
      for (int i = 0; i < SAMPLES.size(); i++) {
        assertExact("batch echo step", SAMPLES.get(i), br.result(SAMPLES.size() + 1 + i).singleValue());
      }
      checkValuesTable("after batch", c.execute(READ_VALUES));
    }
  }

  @Test
  void exactValuesRoundTripThroughCursor() {
    try (Connection c = db.connect()) {
      createValuesTable(c);
      for (int i = 0; i < SAMPLES.size(); i++) {
        c.execute("INSERT INTO vals(id, v) VALUES (?, ?)", i, SAMPLES.get(i).java());
      }
      int i = 0;
      try (Cursor cur = c.query(READ_VALUES)) {
        assertThat(cur.columns()).extracting(Column::name).containsExactly("id", "v", "t");
        for (Row row : cur) {
          Sample s = SAMPLES.get(i);
          assertThat(row.getLong(0)).isEqualTo(i);
          assertExact("cursor", s, row.get(1));
          assertThat(row.getString(2)).as("typeof %s", s.label()).isEqualTo(s.sqlType());
          i++;
        }
      }
      assertThat(i).isEqualTo(SAMPLES.size());

      // All samples as arguments of one statement, echoed back through a cursor.
      StringBuilder sql = new StringBuilder("SELECT ");
      Object[] args = new Object[SAMPLES.size()];
      for (int k = 0; k < SAMPLES.size(); k++) {
        sql.append(k == 0 ? "?" : ", ?");
        args[k] = SAMPLES.get(k).java();
      }
      try (Cursor cur = c.query(sql.toString(), args)) {
        Row row = cur.next();
        assertThat(row).isNotNull();
        for (int k = 0; k < SAMPLES.size(); k++) {
          assertExact("cursor echo", SAMPLES.get(k), row.get(k));
        }
        assertThat(cur.next()).isNull();
      }
    }
  }

  @Test
  void exactValuesRoundTripInsideTransaction() {
    try (Connection c = db.connect()) {
      createValuesTable(c);
      try (Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
        for (int i = 0; i < SAMPLES.size(); i++) {
          tx.execute("INSERT INTO vals(id, v) VALUES (?, ?)", i, SAMPLES.get(i).java());
        }
        checkValuesTable("transaction execute", tx.execute(READ_VALUES));
        try (Cursor cur = tx.query(READ_VALUES)) {
          int i = 0;
          for (Row row : cur) {
            assertExact("transaction cursor", SAMPLES.get(i++), row.get(1));
          }
          assertThat(i).isEqualTo(SAMPLES.size());
        }
        tx.commit();
      }
      checkValuesTable("after commit", c.execute(READ_VALUES));
    }
  }

  @Test
  void typedGettersReadExactValues() {
    try (Connection c = db.connect()) {
      Row row =
          c.execute(
                  "SELECT ?, ?, ?, ?, ?, ?, ?",
                  Long.MIN_VALUE,
                  Long.MAX_VALUE,
                  -0.0d,
                  Double.MIN_VALUE,
                  "😀𝄞a\u0000b",
                  allBytes(),
                  null)
              .rows()
              .get(0);
      assertThat(row.getLong(0)).isEqualTo(Long.MIN_VALUE);
      assertThat(row.getLong(1)).isEqualTo(Long.MAX_VALUE);
      assertThat(Double.doubleToRawLongBits(row.getDouble(2)))
          .isEqualTo(Double.doubleToRawLongBits(-0.0d));
      assertThat(row.getDouble(3)).isEqualTo(Double.MIN_VALUE);
      assertThat(row.getString(4)).isEqualTo("😀𝄞a\u0000b");
      assertThat(row.getBytes(5)).isEqualTo(allBytes());
      assertThat(row.isNull(6)).isTrue();
      assertThat(row.getObject(6)).isNull();
      assertThat(row.getString(6)).isNull();
      // Java argument types the API accepts convert as documented.
      Row conv =
          c.execute("SELECT ?, ?, ?, ?, ?, ?", 7, (short) 8, (byte) 9, true, false, 2.5f)
              .rows()
              .get(0);
      assertThat(conv.values())
          .containsExactly(
              Value.integer(7),
              Value.integer(8),
              Value.integer(9),
              Value.integer(1),
              Value.integer(0),
              Value.real(2.5));
    }
  }

  // ------------------------------------------------------------------------------ named args

  @Test
  void namedArgumentsWithEveryPrefix() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE n(id INTEGER PRIMARY KEY, a, b, c)");
      // Bound with the SQL's own prefix, without a prefix, and with a different prefix.
      c.execute(
          Statement.of("INSERT INTO n VALUES (1, :a, @b, $c)")
              .bind(":a", "colon")
              .bind("@b", Long.MIN_VALUE)
              .bind("$c", allBytes()));
      c.execute(
          Statement.of("INSERT INTO n VALUES (2, :a, @b, $c)")
              .bind("a", "bare")
              .bind("b", -0.0d)
              .bind("c", null));
      c.execute(
          Statement.of("INSERT INTO n VALUES (3, :a, @b, $c)")
              .bind("$a", "swapped")
              .bind(":b", "😀")
              .bind("@c", 3));
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("a", "map");
      map.put("@b", 4L);
      map.put(":c", "a\u0000b");
      c.execute(Statement.named("INSERT INTO n VALUES (4, :a, @b, $c)", map));

      Result r = c.execute("SELECT a, b, c FROM n ORDER BY id");
      assertThat(r.rows().get(0).values())
          .containsExactly(Value.text("colon"), Value.integer(Long.MIN_VALUE), Value.blob(allBytes()));
      assertThat(r.rows().get(1).values())
          .containsExactly(Value.text("bare"), Value.real(-0.0d), Value.NULL);
      assertThat(Double.doubleToRawLongBits(r.rows().get(1).getDouble(1)))
          .isEqualTo(Double.doubleToRawLongBits(-0.0d));
      assertThat(r.rows().get(2).values())
          .containsExactly(Value.text("swapped"), Value.text("😀"), Value.integer(3));
      assertThat(r.rows().get(3).values())
          .containsExactly(Value.text("map"), Value.integer(4), Value.text("a\u0000b"));

      // A name used twice binds both places.
      Statement twice = Statement.of("SELECT :x, :x + 1, @y || $z").bind("x", 41).bind("y", "p").bind("z", "q");
      assertThat(c.execute(twice).rows().get(0).values())
          .containsExactly(Value.integer(41), Value.integer(42), Value.text("pq"));
      // Named arguments through a cursor, a batch and a prepared statement.
      try (Cursor cur = c.query(Statement.of("SELECT id FROM n WHERE id >= @min ORDER BY id").bind("min", 3))) {
        List<Long> got = new ArrayList<>();
        cur.forEach(row -> got.add(row.getLong(0)));
        assertThat(got).containsExactly(3L, 4L);
      }
      BatchResult br =
          c.batch(
              List.of(
                  Statement.of("UPDATE n SET a = $v WHERE id = :id").bind("v", "batched").bind("id", 1),
                  Statement.of("SELECT a FROM n WHERE id = @id").bind("id", 1)));
      assertThat(br.result(1).singleValue()).isEqualTo(Value.text("batched"));
      try (PreparedStatement ps = c.prepare("SELECT a FROM n WHERE id = :id OR id = $other ORDER BY id")) {
        assertThat(ps.execute(Map.of("id", 2, "other", 4)).rows())
            .extracting(row -> row.getString(0))
            .containsExactly("bare", "map");
        assertThat(ps.execute(Map.of(":id", 3, "$other", 3)).rows())
            .extracting(row -> row.getString(0))
            .containsExactly("swapped");
      }
    }
  }

  // ------------------------------------------------------------------------------ transactions

  @ParameterizedTest
  @EnumSource(
      value = TransactionMode.class,
      names = {"DEFERRED", "IMMEDIATE", "EXCLUSIVE"})
  void writeTransactionCommitsAndIsVisibleFromAnotherConnection(TransactionMode mode) {
    try (Connection a = db.connect();
        Connection b = db.connect()) {
      a.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, note TEXT)");
      a.execute("INSERT INTO t VALUES (1, 'before')");
      try (Transaction tx = a.begin(mode)) {
        assertThat(tx.mode()).isEqualTo(mode);
        assertThat(tx.isActive()).isTrue();
        tx.execute("INSERT INTO t VALUES (?, ?)", 2, "via transaction");
        // Statements sent through the connection run inside the open transaction too.
        a.execute("INSERT INTO t VALUES (?, ?)", 3, "via connection");
        assertThat(a.isAutocommit()).isFalse();
        assertThat(firstColumn(tx.execute("SELECT id FROM t ORDER BY id"))).containsExactly(1L, 2L, 3L);
        if (mode != TransactionMode.EXCLUSIVE) {
          // EXCLUSIVE may lock readers out on non-WAL files, so isolation is checked only here.
          assertThat(firstColumn(b.execute("SELECT id FROM t ORDER BY id")))
              .as("uncommitted rows are invisible to another connection")
              .containsExactly(1L);
        }
        tx.commit();
        assertThat(tx.isActive()).isFalse();
      }
      assertThat(a.isAutocommit()).isTrue();
      assertThat(firstColumn(b.execute("SELECT id FROM t ORDER BY id"))).containsExactly(1L, 2L, 3L);
    }
    assertThat(ids("SELECT id FROM t ORDER BY id")).containsExactly(1L, 2L, 3L);
  }

  @Test
  void readOnlyTransactionReadsButRefusesWrites() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
      c.execute("INSERT INTO t VALUES (1)");
      try (Transaction tx = c.begin(TransactionMode.READ_ONLY)) {
        assertThat(tx.mode()).isEqualTo(TransactionMode.READ_ONLY);
        assertThat(firstColumn(tx.execute("SELECT id FROM t"))).containsExactly(1L);
        Throwable e = catchThrowable(() -> tx.execute("INSERT INTO t VALUES (2)"));
        assertThat(e)
            .as("a write inside a READ_ONLY transaction must fail")
            .isInstanceOf(LibSqlException.class);
      }
    }
    assertThat(ids("SELECT id FROM t ORDER BY id")).containsExactly(1L);
  }

  /** BEGIN, COMMIT and ROLLBACK sent as plain statements keep their meaning on the connection. */
  @Test
  void transactionControlStatementsWork() {
    try (Connection c = db.connect(); Connection other = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
      c.execute("BEGIN");
      assertThat(c.isAutocommit()).isFalse();
      c.execute("INSERT INTO t VALUES (1)");
      c.execute("INSERT INTO t VALUES (2)");
      assertThat(firstColumn(c.execute("SELECT count(*) FROM t"))).containsExactly(2L);
      c.execute("ROLLBACK");
      assertThat(c.isAutocommit()).isTrue();
      assertThat(firstColumn(other.execute("SELECT count(*) FROM t"))).containsExactly(0L);
      c.execute("BEGIN IMMEDIATE");
      c.execute("INSERT INTO t VALUES (3)");
      assertThatThrownBy(c::begin).isInstanceOf(IllegalStateException.class);
      c.execute("COMMIT");
      assertThat(c.isAutocommit()).isTrue();
    }
    assertThat(ids("SELECT id FROM t ORDER BY id")).containsExactly(3L);
  }

  /** Creates {@code parent(id)} with row 1 and {@code child(id, parent_id)} with a deferred foreign key. */
  private static void createDeferredForeignKey(Connection c) {
    c.execute("PRAGMA foreign_keys = ON"); // per connection locally; sqld turns them on itself
    c.execute("CREATE TABLE parent(id INTEGER PRIMARY KEY)");
    c.execute(
        "CREATE TABLE child(id INTEGER PRIMARY KEY,"
            + " parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)");
    c.execute("INSERT INTO parent VALUES (1)");
  }

  /** Drops the tables in an order the foreign key allows (the schema wipe does not know it). */
  private void dropDeferredForeignKey() {
    try (Connection c = db.connect()) {
      c.execute("DROP TABLE IF EXISTS child");
      c.execute("DROP TABLE IF EXISTS parent");
    }
  }

  /**
   * A COMMIT statement that fails on a deferred foreign key leaves the transaction open, as SQLite
   * does, on every transport: fix the data and COMMIT again, or ROLLBACK (issue 11).
   */
  @Test
  void failedCommitStatementKeepsTheTransactionOpen() {
    try (Connection c = db.connect()) {
      createDeferredForeignKey(c);
      c.execute("BEGIN");
      c.execute("INSERT INTO child VALUES (1, 1)");
      c.execute("INSERT INTO child VALUES (2, 99)"); // dangling: checked at COMMIT
      Throwable e = catchThrowable(() -> c.execute("COMMIT"));
      assertThat(e).isInstanceOf(ConstraintViolationException.class);
      assertThat(e.getMessage()).containsIgnoringCase("foreign key");
      assertThat(c.isAutocommit()).as("the transaction is still open").isFalse();
      assertThat(firstColumn(c.execute("SELECT id FROM child ORDER BY id"))).containsExactly(1L, 2L);
      c.execute("INSERT INTO parent VALUES (99)");
      c.execute("COMMIT");
      assertThat(c.isAutocommit()).isTrue();

      c.execute("BEGIN");
      c.execute("INSERT INTO child VALUES (3, 77)");
      assertThatThrownBy(() -> c.execute("COMMIT")).isInstanceOf(ConstraintViolationException.class);
      c.execute("ROLLBACK");
      assertThat(c.isAutocommit()).isTrue();
      assertThat(firstColumn(c.execute("SELECT id FROM child ORDER BY id"))).containsExactly(1L, 2L);
    } finally {
      dropDeferredForeignKey();
    }
  }

  /**
   * {@link Transaction#commit()} that fails on a deferred foreign key: the transaction stays open
   * where the transport can keep it (see {@link #keepsTransactionAfterFailedCommit()}), so the
   * caller can fix the data and commit again; otherwise the error says that it was rolled back
   * and nothing of it remains. Either way the connection goes on (issue 11).
   */
  @Test
  void failedCommitKeepsTheTransactionOrSaysItWasRolledBack() {
    try (Connection c = db.connect()) {
      createDeferredForeignKey(c);
      Transaction tx = c.begin();
      tx.execute("INSERT INTO child VALUES (1, 1)");
      tx.execute("INSERT INTO child VALUES (2, 99)");
      Throwable e = catchThrowable(tx::commit);
      assertThat(e).isInstanceOf(ConstraintViolationException.class);
      assertThat(e.getMessage()).containsIgnoringCase("foreign key");
      if (keepsTransactionAfterFailedCommit()) {
        assertThat(tx.isActive()).as("the transaction is still open").isTrue();
        assertThat(c.isAutocommit()).isFalse();
        assertThat(db.stats().transactions()).isEqualTo(1);
        tx.execute("INSERT INTO parent VALUES (99)");
        tx.commit();
        assertThat(tx.isActive()).isFalse();
        assertThat(ids("SELECT id FROM child ORDER BY id")).containsExactly(1L, 2L);
      } else {
        assertThat(e.getMessage()).as("the error must say the work is gone").contains("rolled back");
        assertThat(tx.isActive()).isFalse();
        assertThat(c.isAutocommit()).isTrue();
        assertThat(count("child")).isZero();
      }
      tx.close();
      assertThat(db.stats().transactions()).isZero();

      // A failed commit() followed by close() rolls back on every transport.
      Transaction again = c.begin();
      again.execute("INSERT INTO child VALUES (3, 77)");
      assertThatThrownBy(again::commit).isInstanceOf(ConstraintViolationException.class);
      again.close();
      assertThat(c.isAutocommit()).isTrue();
      assertThat(firstColumn(c.execute("SELECT count(*) FROM child WHERE id = 3"))).containsExactly(0L);
      // So does inTransaction(), which throws the commit's error.
      assertThatThrownBy(
              () -> c.inTransaction(t -> t.execute("INSERT INTO child VALUES (4, 66)").rowsAffected()))
          .isInstanceOf(ConstraintViolationException.class);
      assertThat(c.isAutocommit()).isTrue();
      assertThat(db.stats().transactions()).isZero();
      c.execute("INSERT INTO parent VALUES (5)"); // the next statement works
      assertThat(ids("SELECT id FROM parent ORDER BY id")).contains(1L, 5L);
    } finally {
      dropDeferredForeignKey();
    }
  }

  @Test
  void rollbackLeavesNothing() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
      c.execute("INSERT INTO t VALUES (1)");
      Transaction tx = c.begin(TransactionMode.IMMEDIATE);
      tx.execute("INSERT INTO t VALUES (2)");
      tx.execute("UPDATE t SET id = 10 WHERE id = 1");
      assertThat(firstColumn(tx.execute("SELECT id FROM t ORDER BY id"))).containsExactly(2L, 10L);
      tx.rollback();
      assertThat(tx.isActive()).isFalse();
      assertThatThrownBy(() -> tx.execute("SELECT 1"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      tx.close(); // idempotent after rollback
      assertThat(c.isAutocommit()).isTrue();
      assertThat(firstColumn(c.execute("SELECT id FROM t ORDER BY id"))).containsExactly(1L);
    }
    assertThat(ids("SELECT id FROM t ORDER BY id")).containsExactly(1L);
  }

  @Test
  void closeWithoutCommitRollsBack() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
      try (Transaction tx = c.begin()) {
        tx.execute("INSERT INTO t VALUES (1)");
        c.execute("INSERT INTO t VALUES (2)");
        assertThat(firstColumn(tx.execute("SELECT count(*) FROM t"))).containsExactly(2L);
      }
      assertThat(c.isAutocommit()).isTrue();
      assertThat(firstColumn(c.execute("SELECT count(*) FROM t"))).containsExactly(0L);
      // The connection works normally afterwards.
      c.execute("INSERT INTO t VALUES (3)");
    }
    assertThat(ids("SELECT id FROM t")).containsExactly(3L);
  }

  @Test
  void closingConnectionWithOpenTransactionRollsBack() {
    db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
    Connection c = db.connect();
    Transaction tx = c.begin(TransactionMode.IMMEDIATE);
    tx.execute("INSERT INTO t VALUES (1)");
    assertThat(db.stats().transactions()).isEqualTo(1);
    c.close();
    assertThat(tx.isActive()).isFalse();
    assertThat(c.isClosed()).isTrue();
    assertThat(db.stats().isEmpty()).isTrue();
    assertThat(count("t")).isZero();
    // The write lock was released: another connection can write at once.
    db.execute("INSERT INTO t VALUES (2)");
    assertThat(ids("SELECT id FROM t")).containsExactly(2L);
  }

  @Test
  void inTransactionCommitsOnReturnAndRollsBackOnThrow() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
      long n =
          c.inTransaction(
              TransactionMode.IMMEDIATE,
              tx -> {
                tx.execute("INSERT INTO t VALUES (1)");
                return tx.execute("INSERT INTO t VALUES (2)").rowsAffected()
                    + tx.execute("INSERT INTO t VALUES (3)").rowsAffected();
              });
      assertThat(n).isEqualTo(2);
      RuntimeException boom = new RuntimeException("boom");
      assertThatThrownBy(
              () ->
                  c.inTransaction(
                      tx -> {
                        tx.execute("DELETE FROM t");
                        throw boom;
                      }))
          .isSameAs(boom);
      assertThat(c.isAutocommit()).isTrue();
    }
    assertThat(ids("SELECT id FROM t ORDER BY id")).containsExactly(1L, 2L, 3L);
  }

  @Test
  void secondBeginIsRejectedAndFirstTransactionStaysUsable() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
      try (Transaction tx = c.begin()) {
        tx.execute("INSERT INTO t VALUES (1)");
        assertThatThrownBy(() -> c.begin(TransactionMode.IMMEDIATE))
            .isInstanceOf(IllegalStateException.class);
        tx.execute("INSERT INTO t VALUES (2)");
        tx.commit();
      }
      // After commit a new transaction can begin.
      try (Transaction tx = c.begin()) {
        tx.execute("INSERT INTO t VALUES (3)");
        tx.commit();
      }
    }
    assertThat(ids("SELECT id FROM t ORDER BY id")).containsExactly(1L, 2L, 3L);
  }

  @Test
  void savepointRollbackUndoesOnlyLaterWork() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
      try (Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
        tx.execute("INSERT INTO t VALUES (1)");
        tx.savepoint("s1");
        tx.execute("INSERT INTO t VALUES (2)");
        tx.savepoint("s 2 \"odd\"");
        tx.execute("INSERT INTO t VALUES (3)");
        tx.rollbackToSavepoint("s 2 \"odd\"");
        assertThat(firstColumn(tx.execute("SELECT id FROM t ORDER BY id"))).containsExactly(1L, 2L);
        tx.rollbackToSavepoint("s1");
        assertThat(firstColumn(tx.execute("SELECT id FROM t ORDER BY id"))).containsExactly(1L);
        // The savepoint stays after a rollback to it.
        tx.execute("INSERT INTO t VALUES (4)");
        tx.rollbackToSavepoint("s1");
        tx.execute("INSERT INTO t VALUES (5)");
        tx.releaseSavepoint("s1");
        assertThat(tx.isActive()).isTrue();
        tx.commit();
      }
    }
    assertThat(ids("SELECT id FROM t ORDER BY id")).containsExactly(1L, 5L);
  }

  // ------------------------------------------------------------------------------ batches

  @Test
  void atomicBatchAppliesEveryStep() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)");
      BatchResult br =
          c.batch(
              List.of(
                  Statement.of("INSERT INTO t(name) VALUES (?)", "a"),
                  Statement.of("INSERT INTO t(name) VALUES (?)", "b"),
                  Statement.of("UPDATE t SET name = upper(name)"),
                  Statement.of("SELECT id, name FROM t ORDER BY id")));
      assertThat(br.size()).isEqualTo(4);
      assertThat(br.hasErrors()).isFalse();
      assertThat(br.result(0).lastInsertRowid()).hasValue(1);
      assertThat(br.result(1).lastInsertRowid()).hasValue(2);
      assertThat(br.result(2).rowsAffected()).isEqualTo(2);
      assertThat(br.result(3).rows()).extracting(r -> r.getString("name")).containsExactly("A", "B");
      assertThat(c.isAutocommit()).isTrue();
      assertThat(c.batch(List.of()).size()).isZero();
    }
    assertThat(ids("SELECT id FROM t ORDER BY id")).containsExactly(1L, 2L);
  }

  @Test
  void atomicBatchFailingMidWayAppliesNothing() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, note TEXT)");
      c.execute("INSERT INTO t VALUES (100, 'existing')");
      List<Statement> steps =
          List.of(
              Statement.of("INSERT INTO t VALUES (1, 'one')"),
              Statement.of("UPDATE t SET note = 'changed' WHERE id = 100"),
              Statement.of("INSERT INTO t VALUES (1, 'duplicate')"),
              Statement.of("INSERT INTO t VALUES (3, 'three')"));
      Throwable e = catchThrowable(() -> c.batch(steps));
      assertThat(e).isInstanceOf(BatchFailedException.class);
      BatchFailedException bf = (BatchFailedException) e;
      assertThat(bf.stepIndex()).as("0-based index of the failing statement").isEqualTo(2);
      assertThat(bf.code()).startsWith("SQLITE_CONSTRAINT");
      assertThat(bf.getCause()).isInstanceOf(ConstraintViolationException.class);
      assertThat(c.isAutocommit()).as("no transaction is left open").isTrue();
      assertThat(firstColumn(c.execute("SELECT count(*) FROM t"))).containsExactly(1L);
      assertThat(c.execute("SELECT note FROM t WHERE id = 100").singleValue())
          .isEqualTo(Value.text("existing"));
      // The connection works normally afterwards.
      c.execute("INSERT INTO t VALUES (2, 'two')");
    }
    assertThat(ids("SELECT id FROM t ORDER BY id")).containsExactly(2L, 100L);
  }

  @Test
  void atomicBatchWithSyntaxErrorAppliesNothing() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
      Throwable e =
          catchThrowable(
              () ->
                  c.batch(
                      List.of(
                          Statement.of("INSERT INTO t VALUES (1)"),
                          Statement.of("INSERT INTO t VALUES (2)"),
                          Statement.of("INSERT INTO t VALUE (3)"))));
      assertThat(e).isInstanceOf(LibSqlException.class);
      assertThat(e.getMessage()).containsIgnoringCase("syntax error");
      if (e instanceof BatchFailedException bf) {
        assertThat(bf.stepIndex()).isEqualTo(2);
      }
      assertThat(c.isAutocommit()).isTrue();
    }
    assertThat(count("t")).isZero();
  }

  @Test
  void batchInsideTransactionUndoesOnlyItsOwnWork() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
      try (Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
        tx.execute("INSERT INTO t VALUES (10)");
        Throwable e =
            catchThrowable(
                () ->
                    tx.batch(
                        List.of(
                            Statement.of("INSERT INTO t VALUES (11)"),
                            Statement.of("INSERT INTO t VALUES (10)"),
                            Statement.of("INSERT INTO t VALUES (12)"))));
        assertThat(e).isInstanceOf(BatchFailedException.class);
        assertThat(((BatchFailedException) e).stepIndex()).isEqualTo(1);
        assertThat(tx.isActive()).as("the transaction stays open").isTrue();
        assertThat(firstColumn(tx.execute("SELECT id FROM t ORDER BY id"))).containsExactly(10L);
        BatchResult ok = tx.batch(List.of(Statement.of("INSERT INTO t VALUES (13)")));
        assertThat(ok.result(0).rowsAffected()).isEqualTo(1);
        tx.commit();
      }
    }
    assertThat(ids("SELECT id FROM t ORDER BY id")).containsExactly(10L, 13L);
  }

  @Test
  void independentBatchReportsPerStepErrorsAndAppliesTheOthers() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT NOT NULL)");
      BatchResult br =
          c.batchIndependent(
              List.of(
                  Statement.of("INSERT INTO t VALUES (1, 'a')"),
                  Statement.of("INSERT INTO t VALUES (1, 'dup')"),
                  Statement.of("INSERT INTO t VALUES (2, 'b')"),
                  Statement.of("INSERT INTO t VALUES (3, NULL)"),
                  Statement.of("SELECT id FROM t ORDER BY id")));
      assertThat(br.size()).isEqualTo(5);
      assertThat(br.hasErrors()).isTrue();
      assertThat(br.succeeded(0)).isTrue();
      assertThat(br.succeeded(1)).isFalse();
      assertThat(br.succeeded(2)).isTrue();
      assertThat(br.succeeded(3)).isFalse();
      assertThat(br.error(0)).isNull();
      assertThat(br.error(1)).isInstanceOf(ConstraintViolationException.class);
      assertThat(br.error(1).code()).startsWith("SQLITE_CONSTRAINT");
      assertThat(br.error(3)).isInstanceOf(ConstraintViolationException.class);
      assertThat(br.results().get(1)).isNull();
      assertThatThrownBy(() -> br.result(1)).isInstanceOf(BatchFailedException.class);
      assertThat(firstColumn(br.result(4))).containsExactly(1L, 2L);
      assertThat(c.isAutocommit()).isTrue();
    }
    assertThat(ids("SELECT id FROM t ORDER BY id")).containsExactly(1L, 2L);
  }

  @Test
  void independentBatchWithSyntaxErrorStillRunsTheOtherSteps() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
      BatchResult br =
          c.batchIndependent(
              List.of(
                  Statement.of("INSERT INTO t VALUES (1)"),
                  Statement.of("INSERT INTO t VALUE (2)"),
                  Statement.of("INSERT INTO t VALUES (3)")));
      assertThat(br.succeeded(0)).isTrue();
      assertThat(br.succeeded(1)).isFalse();
      assertThat(br.error(1).getMessage()).containsIgnoringCase("syntax error");
      assertThat(br.succeeded(2)).isTrue();
    }
    assertThat(ids("SELECT id FROM t ORDER BY id")).containsExactly(1L, 3L);
  }

  // ------------------------------------------------------------------------------ scripts

  @Test
  void executeScriptRunsEveryStatement() {
    try (Connection c = db.connect()) {
      c.executeScript(
          "CREATE TABLE a(x);\n"
              + "CREATE TABLE log(msg TEXT);\n"
              + "-- a comment; with a semicolon\n"
              + "CREATE TRIGGER a_ins AFTER INSERT ON a BEGIN\n"
              + "  INSERT INTO log VALUES ('inserted ' || new.x);\n"
              + "END;\n"
              + "INSERT INTO a VALUES ('semi;colon');\n"
              + "/* block; comment */ INSERT INTO a VALUES (2);\n"
              + "SELECT * FROM a;\n"
              + "UPDATE a SET x = 'two' WHERE x = 2");
      assertThat(c.execute("SELECT x FROM a ORDER BY rowid").rows())
          .extracting(r -> r.getString(0))
          .containsExactly("semi;colon", "two");
      assertThat(c.execute("SELECT msg FROM log ORDER BY rowid").rows())
          .extracting(r -> r.getString(0))
          .containsExactly("inserted semi;colon", "inserted 2");
    }
  }

  @Test
  void executeScriptStopsAtFirstError() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
      Throwable e =
          catchThrowable(
              () ->
                  c.executeScript(
                      "INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);"
                          + " INSERT INTO t VALUES (1); INSERT INTO t VALUES (3);"));
      assertThat(e).isInstanceOf(ConstraintViolationException.class);
      assertThat(((LibSqlException) e).code()).startsWith("SQLITE_CONSTRAINT");
      assertThat(c.isAutocommit()).isTrue();
      // Inside a transaction a failed script is undone by the rollback.
      try (Transaction tx = c.begin()) {
        c.executeScript("INSERT INTO t VALUES (20); INSERT INTO t VALUES (21)");
        assertThat(firstColumn(tx.execute("SELECT count(*) FROM t"))).containsExactly(4L);
      }
    }
    assertThat(ids("SELECT id FROM t ORDER BY id")).containsExactly(1L, 2L);
  }

  // ------------------------------------------------------------------------------ prepared

  @Test
  void preparedStatementMetadataAndReuse() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT NOT NULL, born INTEGER)");
      try (PreparedStatement ins = c.prepare("INSERT INTO people(id, name) VALUES (?, ?)");
          PreparedStatement sel = c.prepare("SELECT id, name FROM people WHERE id >= :min ORDER BY id");
          PreparedStatement mixed = c.prepare("SELECT ?2, ?1, @x, $y")) {
        assertThat(ins.sql()).isEqualTo("INSERT INTO people(id, name) VALUES (?, ?)");
        assertThat(ins.parameterCount()).isEqualTo(2);
        assertThat(ins.parameterNames()).containsExactly(null, null);
        assertThat(ins.columns()).isEmpty();
        assertThat(ins.isReadOnly()).isFalse();

        assertThat(sel.parameterCount()).isEqualTo(1);
        assertThat(sel.parameterNames()).containsExactly(":min");
        assertThat(sel.columns())
            .containsExactly(new Column("id", "INTEGER"), new Column("name", "TEXT"));
        assertThat(sel.isReadOnly()).isTrue();

        assertThat(mixed.parameterCount()).isEqualTo(4);
        assertThat(mixed.parameterNames()).containsExactly("?1", "?2", "@x", "$y");
        assertThat(mixed.columns()).hasSize(4);

        for (int i = 0; i < 100; i++) {
          assertThat(ins.execute(i, "p" + i).lastInsertRowid()).hasValue(i);
        }
        // A failed execution does not break the statement.
        assertThatThrownBy(() -> ins.execute(5, "dup")).isInstanceOf(ConstraintViolationException.class);
        assertThat(ins.execute(100, "p100").rowsAffected()).isEqualTo(1);

        assertThat(sel.execute(Map.of("min", 98)).rows())
            .extracting(r -> r.getString("name"))
            .containsExactly("p98", "p99", "p100");
        assertThat(sel.execute(Map.of(":min", 100)).rows()).hasSize(1);
        assertThat(db.stats().statements()).isEqualTo(3);
      }
      assertThat(db.stats().statements()).isZero();
    }
    assertThat(count("people")).isEqualTo(101);
  }

  /**
   * {@link PreparedStatement#query} takes positional arguments only, so a statement with named
   * parameters ({@code :min}) must accept them by position, as SQLite numbers them.
   */
  @Test
  void preparedStatementBindsNamedParametersByPosition() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      c.execute(
          "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 100)"
              + " INSERT INTO people SELECT x, 'p' || x FROM s");
      try (PreparedStatement sel = c.prepare("SELECT id, name FROM people WHERE id >= :min ORDER BY id");
          PreparedStatement named = c.prepare("SELECT :b, @a, $c")) {
        assertThat(sel.execute(99).rows()).extracting(r -> r.getLong(0)).containsExactly(99L, 100L);
        try (Cursor cur = sel.query(95)) {
          assertThat(cur.columns()).extracting(Column::name).containsExactly("id", "name");
          List<Long> got = new ArrayList<>();
          cur.forEach(r -> got.add(r.getLong(0)));
          assertThat(got).containsExactly(95L, 96L, 97L, 98L, 99L, 100L);
        }
        // Positions follow first appearance in the SQL. (Mixing ?NNN with named parameters is not
        // in the contract: sqld cannot bind that combination.)
        assertThat(named.execute(10, 20, 30).rows().get(0).values())
            .containsExactly(Value.integer(10), Value.integer(20), Value.integer(30));
      }
    }
  }

  // ------------------------------------------------------------------------------ cursors

  @Test
  void cursorStreamsTenThousandRows() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE big(id INTEGER PRIMARY KEY, payload TEXT)");
      c.execute(
          "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 10000)"
              + " INSERT INTO big(id, payload) SELECT x, 'row ' || x FROM s");
      long count = 0;
      long sum = 0;
      long previous = 0;
      try (Cursor cur = c.query("SELECT id, payload FROM big ORDER BY id")) {
        assertThat(cur.columns()).containsExactly(new Column("id", "INTEGER"), new Column("payload", "TEXT"));
        assertThatThrownBy(() -> {
              Iterator<Row> first = cur.iterator();
              cur.iterator();
              fail("second iterator() returned " + first);
            })
            .isInstanceOf(IllegalStateException.class);
        Row row;
        while ((row = cur.next()) != null) {
          long id = row.getLong(0);
          assertThat(id).isEqualTo(previous + 1);
          if (id % 1000 == 0) {
            assertThat(row.getString("payload")).isEqualTo("row " + id);
          }
          previous = id;
          count++;
          sum += id;
        }
        assertThat(cur.next()).as("after the end").isNull();
      }
      assertThat(count).isEqualTo(10_000);
      assertThat(sum).isEqualTo(10_000L * 10_001 / 2);
    }
  }

  @Test
  void cursorReadToTheEndClosesItselfAndEarlyCloseFreesTheConnection() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE big(id INTEGER PRIMARY KEY)");
      c.execute(
          "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 5000)"
              + " INSERT INTO big(id) SELECT x FROM s");
      Cursor all = c.query("SELECT id FROM big");
      long n = 0;
      for (Row ignored : all) {
        n++;
      }
      assertThat(n).isEqualTo(5000);
      assertThat(db.stats().cursors()).as("a cursor read to the end is closed").isZero();
      all.close();

      // Close after 10 rows: the rest is discarded and the connection is usable at once.
      try (Cursor early = c.query("SELECT id FROM big ORDER BY id")) {
        for (int i = 1; i <= 10; i++) {
          assertThat(early.next().getLong(0)).isEqualTo(i);
        }
      }
      assertThat(db.stats().cursors()).isZero();
      assertThat(c.execute("SELECT max(id) FROM big").singleValue()).isEqualTo(Value.integer(5000));

      // The connection runs other statements while a cursor is open (autocommit).
      try (Cursor open = c.query("SELECT id FROM big WHERE id <= 20 ORDER BY id")) {
        assertThat(open.next().getLong(0)).isEqualTo(1);
        c.execute("INSERT INTO big VALUES (5001)");
        long rest = 0;
        for (Row ignored : open) {
          rest++;
        }
        assertThat(rest).isEqualTo(19);
      }
      assertThat(c.execute("SELECT count(*) FROM big").singleValue()).isEqualTo(Value.integer(5001));
    }
  }

  @Test
  void cursorInsideTransactionSeesUncommittedRows() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
      try (Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
        tx.execute("INSERT INTO t VALUES (1), (2), (3)");
        List<Long> got = new ArrayList<>();
        try (Cursor cur = tx.query("SELECT id FROM t WHERE id > ? ORDER BY id", 1)) {
          cur.forEach(r -> got.add(r.getLong(0)));
        }
        assertThat(got).containsExactly(2L, 3L);
        tx.execute("INSERT INTO t VALUES (4)");
        tx.commit();
      }
    }
    assertThat(ids("SELECT id FROM t ORDER BY id")).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void cursorOverFailingQueryThrowsAndLeavesNothingOpen() {
    try (Connection c = db.connect()) {
      Throwable e =
          catchThrowable(
              () -> {
                try (Cursor cur = c.query("SELECT * FROM no_such_table")) {
                  cur.forEach(r -> fail("unexpected row " + r));
                }
              });
      assertThat(e).isInstanceOf(LibSqlException.class);
      assertThat(e.getMessage()).contains("no such table");
      assertThat(db.stats().cursors()).isZero();
      // A runtime error after some rows: either the rows before it arrive, then the error (a
      // streamed cursor), or the error comes first (a result the server built whole, as a remote
      // read through the pipeline is); never a short result without an error.
      c.execute("CREATE TABLE t(x)");
      c.execute("INSERT INTO t VALUES (1), (2), ('boom')");
      List<Long> got = new ArrayList<>();
      Throwable mid =
          catchThrowable(
              () -> {
                try (Cursor cur =
                    c.query("SELECT CASE WHEN x = 'boom' THEN json('not json') ELSE x END FROM t ORDER BY rowid")) {
                  cur.forEach(r -> got.add(r.getLong(0)));
                }
              });
      assertThat(mid).isInstanceOf(LibSqlException.class);
      assertThat(mid.getMessage()).containsIgnoringCase("json");
      assertThat(got).isIn(List.of(), List.of(1L, 2L));
      assertThat(db.stats().cursors()).isZero();
      assertThat(c.execute("SELECT count(*) FROM t").singleValue()).isEqualTo(Value.integer(3));
    }
  }

  // ------------------------------------------------------------------------------ errors

  @Test
  void constraintViolationsHaveTheirOwnType() {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, age INTEGER CHECK (age >= 0))");
      c.execute("INSERT INTO t VALUES (1, 'ann', 30)");
      List<String> bad =
          List.of(
              "INSERT INTO t VALUES (1, 'other', 1)", // PRIMARY KEY
              "INSERT INTO t VALUES (2, 'ann', 1)", // UNIQUE
              "INSERT INTO t VALUES (3, NULL, 1)", // NOT NULL
              "INSERT INTO t VALUES (4, 'dee', -1)"); // CHECK
      for (String sql : bad) {
        Throwable e = catchThrowable(() -> c.execute(sql));
        assertThat(e).as(sql).isInstanceOf(ConstraintViolationException.class);
        assertThat(((LibSqlException) e).code()).as(sql).startsWith("SQLITE_CONSTRAINT");
        assertThat(e.getMessage()).as(sql).isNotBlank();
      }
      assertThat(catchThrowable(() -> c.execute("INSERT INTO t VALUES (2, 'ann', 1)")).getMessage())
          .containsIgnoringCase("unique");
      try (PreparedStatement ps = c.prepare("INSERT INTO t VALUES (?, ?, ?)")) {
        assertThatThrownBy(() -> ps.execute(5, null, 1)).isInstanceOf(ConstraintViolationException.class);
      }
      // In a transaction a failed statement changes nothing, and the transaction goes on.
      try (Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
        tx.execute("INSERT INTO t VALUES (10, 'tx', 1)");
        assertThatThrownBy(() -> tx.execute("INSERT INTO t VALUES (10, 'again', 1)"))
            .isInstanceOf(ConstraintViolationException.class);
        assertThat(tx.isActive()).isTrue();
        tx.execute("INSERT INTO t VALUES (11, 'tx2', 1)");
        tx.commit();
      }
    }
    assertThat(ids("SELECT id FROM t ORDER BY id")).containsExactly(1L, 10L, 11L);
  }

  /**
   * One error, one code: {@link LibSqlException#code()} and {@link LibSqlException#extendedCode()}
   * are the local engine's SQLite extended code on every transport (sqld sends primary codes
   * only, and reports some errors under codes of its own).
   */
  @Test
  void errorCodesAreTheSameOnEveryTransport() {
    try (Connection c = db.connect()) {
      c.executeScript(
          "CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, age INTEGER CHECK (age >= 0));"
              + "CREATE TABLE tp(code TEXT PRIMARY KEY, n INTEGER);"
              + "CREATE TABLE wr(a INTEGER, b INTEGER, u INTEGER UNIQUE, PRIMARY KEY (b, a)) WITHOUT ROWID;"
              + "CREATE TABLE ch(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id));"
              + "CREATE TABLE plain(x);"
              + "CREATE TABLE st(n INTEGER) STRICT;"
              + "INSERT INTO p VALUES (1, 'ann', 30);"
              + "INSERT INTO tp VALUES ('a', 1);"
              + "INSERT INTO wr VALUES (1, 2, 3);"
              + "INSERT INTO plain(rowid, x) VALUES (1, 'x');");
      Object[][] cases = {
        {"INSERT INTO p VALUES (1, 'bob', 1)", "SQLITE_CONSTRAINT_PRIMARYKEY", 1555},
        {"INSERT INTO tp VALUES ('a', 2)", "SQLITE_CONSTRAINT_PRIMARYKEY", 1555},
        {"INSERT INTO wr VALUES (1, 2, 4)", "SQLITE_CONSTRAINT_PRIMARYKEY", 1555},
        {"INSERT INTO wr VALUES (5, 6, 3)", "SQLITE_CONSTRAINT_UNIQUE", 2067},
        {"INSERT INTO p VALUES (2, 'ann', 1)", "SQLITE_CONSTRAINT_UNIQUE", 2067},
        {"INSERT INTO plain(rowid, x) VALUES (1, 'y')", "SQLITE_CONSTRAINT_ROWID", 2579},
        {"INSERT INTO p VALUES (3, NULL, 1)", "SQLITE_CONSTRAINT_NOTNULL", 1299},
        {"INSERT INTO p VALUES (4, 'dee', -1)", "SQLITE_CONSTRAINT_CHECK", 275},
        {"INSERT INTO ch VALUES (1, 99)", "SQLITE_CONSTRAINT_FOREIGNKEY", 787},
        {"INSERT INTO st VALUES ('text')", "SQLITE_CONSTRAINT_DATATYPE", 3091},
        {"SELECT * FROM missing_table", "SQLITE_ERROR", 1},
        {"SELECT nope FROM p", "SQLITE_ERROR", 1},
        {"SELEC 1", "SQLITE_ERROR", 1},
        {"SELECT 1 +", "SQLITE_ERROR", 1},
      };
      for (Object[] k : cases) {
        String sql = (String) k[0];
        Throwable e = catchThrowable(() -> c.execute(sql));
        assertThat(e).as(sql).isInstanceOf(LibSqlException.class);
        LibSqlException le = (LibSqlException) e;
        assertThat(le.code()).as(sql + ": code()").isEqualTo(k[1]);
        assertThat(le.extendedCode()).as(sql + ": extendedCode()").isEqualTo(k[2]);
        assertThat(le instanceof ConstraintViolationException)
            .as(sql + ": a constraint violation")
            .isEqualTo(((String) k[1]).startsWith("SQLITE_CONSTRAINT"));
      }
      // The same through a cursor, a prepared statement and a transaction.
      Throwable viaCursor = catchThrowable(() -> {
            try (Cursor cur = c.query("SELECT * FROM missing_table")) {
              cur.next();
            }
          });
      assertThat(viaCursor).isInstanceOf(LibSqlException.class);
      assertThat(((LibSqlException) viaCursor).extendedCode()).isEqualTo(1);
      try (PreparedStatement ps = c.prepare("INSERT INTO p VALUES (?, ?, 1)")) {
        LibSqlException dup = (LibSqlException) catchThrowable(() -> ps.execute(1, "zed"));
        assertThat(dup.code()).isEqualTo("SQLITE_CONSTRAINT_PRIMARYKEY");
        assertThat(dup.extendedCode()).isEqualTo(1555);
      }
      try (Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
        LibSqlException dup = (LibSqlException) catchThrowable(() -> tx.execute("INSERT INTO tp VALUES ('a', 3)"));
        assertThat(dup.code()).isEqualTo("SQLITE_CONSTRAINT_PRIMARYKEY");
        assertThat(dup.extendedCode()).isEqualTo(1555);
        tx.execute("INSERT INTO tp VALUES ('b', 3)");
        tx.commit();
      }
    }
    assertThat(ids("SELECT n FROM tp ORDER BY code")).containsExactly(1L, 3L);
    assertThat(ids("SELECT id FROM p")).containsExactly(1L);
  }

  /** {@link Connection#interrupt()} stops a running statement with the same code on every transport. */
  @Test
  void anInterruptedStatementHasTheSameCodeOnEveryTransport() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection c = db.connect()) {
      // Runs for minutes unless interrupted (sqld stops it when the client goes away).
      Future<Throwable> running =
          pool.submit(
              () ->
                  catchThrowable(
                      () ->
                          c.execute(
                              "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n"
                                  + " WHERE x < 2000000000) SELECT count(*) FROM n")));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!running.isDone() && System.nanoTime() < deadline) {
        Thread.sleep(100);
        c.interrupt(); // until it lands while the statement runs
      }
      Throwable e = running.get(5, TimeUnit.SECONDS);
      assertThat(e).isInstanceOf(dev.libsql4j.LibSqlTimeoutException.class);
      assertThat(((LibSqlException) e).code()).isEqualTo("SQLITE_INTERRUPT");
      assertThat(((LibSqlException) e).extendedCode()).isEqualTo(9);
      assertThat(c.execute("SELECT 41 + 1").singleValue()).isEqualTo(Value.integer(42));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sqlErrorsSayWhatIsWrong() {
    try (Connection c = db.connect()) {
      Throwable syntax = catchThrowable(() -> c.execute("SELEC 1"));
      assertThat(syntax).isExactlyInstanceOf(LibSqlException.class);
      assertThat(syntax.getMessage()).containsIgnoringCase("syntax error").contains("SELEC");
      assertThat(((LibSqlException) syntax).code()).isNotBlank();

      Throwable noTable = catchThrowable(() -> c.execute("SELECT * FROM missing_table"));
      assertThat(noTable).isInstanceOf(LibSqlException.class);
      assertThat(noTable.getMessage()).contains("no such table").contains("missing_table");

      c.execute("CREATE TABLE t(a)");
      Throwable noColumn = catchThrowable(() -> c.execute("SELECT nope FROM t"));
      assertThat(noColumn).isInstanceOf(LibSqlException.class);
      assertThat(noColumn.getMessage()).contains("no such column").contains("nope");

      // A statement that does not compile fails at prepare (embedded: compiled there) or at its
      // first run or metadata call (HTTP: prepare sends nothing), with the code executing it gets.
      String syntaxCode = ((LibSqlException) syntax).code();
      Throwable prepare = catchThrowable(() -> {
            try (PreparedStatement ps = c.prepare("SELEC 2")) {
              ps.execute();
            }
          });
      assertThat(prepare).isExactlyInstanceOf(LibSqlException.class);
      assertThat(prepare.getMessage()).containsIgnoringCase("syntax error");
      assertThat(((LibSqlException) prepare).code()).isEqualTo(syntaxCode);
      Throwable prepareMeta = catchThrowable(() -> {
            try (PreparedStatement ps = c.prepare("SELEC 4")) {
              ps.columns();
            }
          });
      // The metadata call says the same, though not always with the same code: sqld's describe
      // reports a syntax error as SQL_INPUT_ERROR where running the statement gives SQL_PARSE_ERROR.
      assertThat(prepareMeta).isExactlyInstanceOf(LibSqlException.class);
      assertThat(prepareMeta.getMessage()).containsIgnoringCase("syntax error");
      assertThat(((LibSqlException) prepareMeta).code()).isNotBlank();

      Throwable query = catchThrowable(() -> {
            try (Cursor cur = c.query("SELEC 3")) {
              cur.next();
            }
          });
      assertThat(query).isInstanceOf(LibSqlException.class);
      assertThat(query.getMessage()).containsIgnoringCase("syntax error");

      assertThatThrownBy(() -> c.execute("SELECT ?", new Object()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Object");

      // The connection is still fine.
      c.execute("INSERT INTO t VALUES (1)");
      assertThat(c.execute("SELECT a FROM t").singleValue()).isEqualTo(Value.integer(1));
    }
  }

  // ------------------------------------------------------------------------------ lifecycle

  @Test
  void useAfterCloseSaysClosed() {
    Connection c = db.connect();
    try {
      useAfterClose(c);
    } finally {
      c.close();
    }
    assertThat(ids("SELECT id FROM t ORDER BY id")).containsExactly(1L, 2L);
  }

  private void useAfterClose(Connection c) {
    c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
    PreparedStatement ps = c.prepare("INSERT INTO t VALUES (?)");
    ps.execute(1);
    ps.close();
    ps.close(); // idempotent
    assertThatThrownBy(() -> ps.execute(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");

    Transaction tx = c.begin();
    tx.execute("INSERT INTO t VALUES (2)");
    tx.commit();
    assertThatThrownBy(() -> tx.execute("INSERT INTO t VALUES (3)"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class);

    c.close();
    c.close(); // idempotent
    assertThat(c.isClosed()).isTrue();
    assertThatThrownBy(() -> c.execute("SELECT 1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> c.query("SELECT 1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> c.prepare("SELECT 1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> c.batch(List.of(Statement.of("SELECT 1"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> c.begin())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void closedCursorSaysClosed() {
    try (Connection c = db.connect()) {
      Cursor cur = c.query("SELECT 1 UNION ALL SELECT 2");
      assertThat(cur.next().getLong(0)).isEqualTo(1);
      cur.close();
      cur.close(); // idempotent
      assertThatThrownBy(cur::next)
          .as("next() on a cursor the caller closed")
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");

      Cursor unread = c.query("SELECT 1");
      unread.close();
      assertThatThrownBy(unread::iterator)
          .as("iterator() after close")
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      // The connection is fine.
      assertThat(c.execute("SELECT 3").singleValue()).isEqualTo(Value.integer(3));
    }
  }

  @Test
  void closingDatabaseClosesEverything() {
    Database other = openDatabase();
    try {
      Connection c = other.connect();
      c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
      PreparedStatement ps = c.prepare("SELECT id FROM t");
      Transaction tx = c.begin(TransactionMode.IMMEDIATE);
      tx.execute("INSERT INTO t VALUES (1)");
      Cursor cur = c.query("SELECT id FROM t");
      assertThat(other.stats())
          .usingRecursiveComparison()
          .ignoringFields("requests", "streams") // an open cursor holds a request slot over HTTP
          .isEqualTo(new ResourceStats(1, 1, 1, 1, 0, 0));
      other.close();
      other.close(); // idempotent
      assertThat(other.isClosed()).isTrue();
      assertThat(c.isClosed()).isTrue();
      assertThat(tx.isActive()).isFalse();
      assertThat(other.stats().isEmpty()).isTrue();
      assertThatThrownBy(other::connect)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      assertThatThrownBy(() -> other.execute("SELECT 1"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      assertThatThrownBy(() -> ps.execute())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      assertThatThrownBy(cur::iterator).isInstanceOf(IllegalStateException.class);
    } finally {
      other.close();
    }
    // The open transaction was rolled back.
    assertThat(count("t")).isZero();
  }

  @Test
  void statsCountOpenResources() {
    assertThat(db.stats()).isEqualTo(new ResourceStats(0, 0, 0, 0, 0, 0));
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(id)");
      c.execute("INSERT INTO t VALUES (1), (2)");
      assertThat(db.stats()).isEqualTo(new ResourceStats(1, 0, 0, 0, 0, 0));
      try (PreparedStatement ps = c.prepare("SELECT id FROM t");
          Cursor cur = ps.query()) {
        assertThat(db.stats())
          .usingRecursiveComparison()
          .ignoringFields("requests", "streams") // an open cursor holds a request slot over HTTP
          .isEqualTo(new ResourceStats(1, 1, 1, 0, 0, 0));
        assertThat(cur.next().getLong(0)).isEqualTo(1);
        try (Transaction tx = c.begin()) {
          assertThat(db.stats().transactions()).isEqualTo(1);
          tx.execute("INSERT INTO t VALUES (3)");
          tx.commit();
        }
        assertThat(db.stats().transactions()).isZero();
      }
      assertThat(db.stats()).isEqualTo(new ResourceStats(1, 0, 0, 0, 0, 0));
    }
    assertThat(db.stats().isEmpty()).isTrue();
    assertThat(count("t")).isEqualTo(3);
  }

  // ------------------------------------------------------------------------------ threads

  @Test
  void sharedConnectionSerializesCallsFromManyThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE t(thread INTEGER, i INTEGER, PRIMARY KEY (thread, i))");
      List<Future<Long>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        Callable<Long> work =
            () -> {
              long sum = 0;
              for (int i = 0; i < 25; i++) {
                c.execute("INSERT INTO t VALUES (?, ?)", thread, i);
                sum += c.execute("SELECT count(*) FROM t WHERE thread = ?", thread).rows().get(0).getLong(0);
              }
              return sum;
            };
        futures.add(pool.submit(work));
      }
      for (Future<Long> f : futures) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(25L * 26 / 2);
      }
      assertThat(c.execute("SELECT count(*) FROM t").singleValue()).isEqualTo(Value.integer(100));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void databaseIsSharedSafelyByManyConnections() throws Exception {
    db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, who TEXT)");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  try (Connection c = db.connect()) {
                    for (int i = 0; i < 25; i++) {
                      c.execute("INSERT INTO t VALUES (?, ?)", thread * 1000 + i, "thread " + thread);
                    }
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("t")).isEqualTo(100);
    assertThat(ids("SELECT count(DISTINCT who) FROM t")).containsExactly(4L);
  }

  // ------------------------------------------------------------------------------ misc

  @Test
  void textAndBlobSizesSurviveTheWire() {
    // Strings whose UTF-16 length, code point count and UTF-8 length all differ.
    String text = "😀".repeat(1000) + "é".repeat(1000) + "a".repeat(1000);
    byte[] blob = new byte[64 * 1024];
    for (int i = 0; i < blob.length; i++) {
      blob[i] = (byte) (i * 31 + 7);
    }
    try (Connection c = db.connect()) {
      Row r =
          c.execute("SELECT ?, length(?), ?, length(?)", text, text, blob, blob).rows().get(0);
      assertThat(r.getString(0)).isEqualTo(text);
      assertThat(r.getLong(1)).as("characters as SQLite counts them").isEqualTo(3000);
      assertThat(r.getBytes(2)).isEqualTo(blob);
      assertThat(r.getLong(3)).isEqualTo(blob.length);
      assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(4000 + 2000 + 1000);
      assertThat(Arrays.equals(r.getBytes(2), blob)).isTrue();
    }
  }
}
