package dev.libsql4j.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.Result;
import dev.libsql4j.Row;
import dev.libsql4j.testkit.LeakCheckExtension;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** libSQL vector search (F32_BLOB, libsql_vector_idx, vector_top_k) in a local file. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VectorSearchIT {

  @TempDir Path dir;

  @RegisterExtension final LeakCheckExtension leaks = LeakCheckExtension.tracking();

  @Test
  void topKAndCosineDistance() {
    Database db = leaks.track(LibSql.open("file:" + dir.resolve("vectors.db")));
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
      assertThat(ids(top)).containsExactly(1L, 4L);

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
      assertThat(ids(dist)).containsExactly(1L, 4L, 2L, 3L, 5L);
      List<Row> rows = dist.rows();
      assertThat(rows.get(0).getDouble("d")).isCloseTo(0.00496, org.assertj.core.data.Offset.offset(1e-4));
      assertThat(rows.get(3).getDouble("d")).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(rows.get(4).getDouble("d")).isCloseTo(1.995, org.assertj.core.data.Offset.offset(1e-3));

      // The unqualified form from the vector docs is ambiguous ("id" is in both tables): the
      // engine's SQL error comes back as a LibSqlException that says so.
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
  void queryVectorBoundAsBlob() {
    Database db = leaks.track(LibSql.open(":memory:"));
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

  private static List<Long> ids(Result r) {
    List<Long> out = new ArrayList<>();
    for (Row row : r.rows()) {
      out.add(row.getLong(0));
    }
    return out;
  }
}
