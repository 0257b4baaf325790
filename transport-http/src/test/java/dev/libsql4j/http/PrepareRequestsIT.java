package dev.libsql4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.libsql4j.Column;
import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.Row;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.testkit.LeakCheckExtension;
import dev.libsql4j.testkit.SqldExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A prepared statement costs no request of its own: {@code prepare} + one run is one HTTP request
 * to the real sqld, counted on the wire by an OkHttp network interceptor. Metadata is asked for
 * ({@code describe}) only when the caller reads it, and only once per statement.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrepareRequestsIT {

  @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

  @RegisterExtension final LeakCheckExtension leaks = LeakCheckExtension.tracking();

  /** The path and body of every request that reached the network. */
  private final List<String> seen = new CopyOnWriteArrayList<>();

  private OkHttpClient client;
  private Database db;

  @BeforeEach
  void open() {
    Interceptor recorder = chain -> {
      Request req = chain.request();
      String body = "";
      if (req.body() != null) {
        Buffer b = new Buffer();
        req.body().writeTo(b);
        body = b.readString(StandardCharsets.ISO_8859_1);
      }
      seen.add(req.method() + " " + req.url().encodedPath() + " " + body);
      return chain.proceed(req);
    };
    client = new OkHttpClient.Builder().addNetworkInterceptor(recorder).build();
    // JSON, so the assertions can read the request bodies; the round trips are the same under protobuf.
    db = leaks.track(LibSql.open(Config.builder(SQLD.server().url()).transportOption("okhttp.client", client)
        .transportOption("http.encoding", "json").build()));
    db.execute("DROP TABLE IF EXISTS t");
    db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)");
    db.execute("INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
  }

  @AfterEach
  void close() throws IOException {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  /** The requests since the last call, waiting a moment for any sent in the background. */
  private List<String> drain() throws InterruptedException {
    Thread.sleep(100);
    List<String> out = List.copyOf(seen);
    seen.clear();
    return out;
  }

  private static long describes(List<String> requests) {
    return requests.stream().filter(r -> r.contains("\"describe\"")).count();
  }

  @Test
  void prepareAndExecuteIsOneRequest() throws Exception {
    try (Connection c = db.connect()) {
      drain();
      try (PreparedStatement ps = c.prepare("SELECT * FROM t WHERE id = ?")) {
        assertThat(drain()).as("prepare sends nothing").isEmpty();
        Row row = ps.execute(2).rows().get(0);
        assertThat(row.getString("name")).isEqualTo("two");
        List<String> first = drain();
        assertThat(first).as("prepare + execute").hasSize(1);
        assertThat(describes(first)).isZero();
      }
      // The same SQL prepared again: again one request.
      try (PreparedStatement ps = c.prepare("SELECT * FROM t WHERE id = ?")) {
        assertThat(ps.execute(3).rows().get(0).getString("name")).isEqualTo("three");
        assertThat(drain()).as("second prepare + execute").hasSize(1);
      }
    }
  }

  @Test
  void namedParametersTakenByPositionNeedNoDescribe() throws Exception {
    try (Connection c = db.connect()) {
      drain();
      try (PreparedStatement ps = c.prepare("SELECT name FROM t WHERE id >= :min AND name <> ':min' ORDER BY id")) {
        assertThat(ps.execute(2).rows()).extracting(r -> r.getString(0)).containsExactly("two", "three");
        List<String> sent = drain();
        assertThat(sent).hasSize(1);
        assertThat(describes(sent)).isZero();
        assertThat(sent.get(0)).contains("\"named_args\"").contains("\"name\":\"min\"");
      }
    }
  }

  @Test
  void metadataIsDescribedOnceWhenAskedFor() throws Exception {
    try (Connection c = db.connect()) {
      drain();
      try (PreparedStatement ps = c.prepare("SELECT id, name FROM t WHERE id = :id")) {
        assertThat(drain()).isEmpty();
        assertThat(ps.columns()).containsExactly(new Column("id", "INTEGER"), new Column("name", "TEXT"));
        assertThat(ps.parameterNames()).containsExactly(":id");
        assertThat(ps.parameterCount()).isEqualTo(1);
        assertThat(ps.isReadOnly()).isTrue();
        List<String> sent = drain();
        assertThat(sent).hasSize(1);
        assertThat(describes(sent)).isEqualTo(1);
        assertThat(ps.execute(1).rows().get(0).getString(1)).isEqualTo("one");
        assertThat(drain()).hasSize(1);
      }
    }
  }

  /** SQL that does not compile fails at its first run, with the code an unprepared run gets. */
  @Test
  void badSqlFailsAtFirstRunWithTheSameCode() throws Exception {
    try (Connection c = db.connect()) {
      LibSqlException direct = (LibSqlException) catchThrowable(() -> c.execute("SELECT nope FROM t WHERE id = ?", 1));
      assertThat(direct.getMessage()).contains("no such column");
      try (PreparedStatement ps = c.prepare("SELECT nope FROM t WHERE id = ?")) {
        Throwable run = catchThrowable(() -> ps.execute(1));
        assertThat(run).isExactlyInstanceOf(direct.getClass());
        assertThat(((LibSqlException) run).code()).isEqualTo(direct.code());
        assertThat(run.getMessage()).contains("no such column").contains("nope");
        Throwable meta = catchThrowable(ps::columns);
        assertThat(meta).isExactlyInstanceOf(direct.getClass());
        assertThat(((LibSqlException) meta).code()).isEqualTo(direct.code());
      }
      // The connection is fine afterwards.
      assertThat(c.execute("SELECT count(*) FROM t").rows().get(0).getLong(0)).isEqualTo(3);
    }
  }

  /** Inside a transaction the prepared statement still runs in it, stored on the stream. */
  @Test
  void preparedInsideTransactionAddsNoRequest() throws Exception {
    try (Connection c = db.connect()) {
      try (Transaction tx = c.begin(TransactionMode.IMMEDIATE);
          PreparedStatement ins = c.prepare("INSERT INTO t(id, name) VALUES (?, ?)")) {
        drain();
        for (int i = 10; i < 15; i++) {
          assertThat(ins.execute(i, "n" + i).rowsAffected()).isEqualTo(1);
        }
        List<String> sent = drain();
        assertThat(sent).hasSize(5);
        assertThat(describes(sent)).isZero();
        // The first run carries the BEGIN and opens the stream; the next stores the SQL on it.
        assertThat(sent.get(1)).contains("\"store_sql\"");
        assertThat(sent.get(2)).contains("\"sql_id\"").doesNotContain("INSERT INTO");
        tx.commit();
      }
      try (Cursor cur = c.query("SELECT count(*) FROM t WHERE id >= 10")) {
        assertThat(cur.next().getLong(0)).isEqualTo(5);
      }
    }
  }

  /** READ_ONLY transactions still refuse writes through a prepared statement. */
  @Test
  void readOnlyTransactionRefusesPreparedWrite() {
    try (Connection c = db.connect()) {
      try (Transaction tx = c.begin(TransactionMode.READ_ONLY);
          PreparedStatement ins = c.prepare("INSERT INTO t(id, name) VALUES (?, ?)");
          PreparedStatement sel = c.prepare("SELECT name FROM t WHERE id = ?")) {
        assertThat(sel.execute(1).rows().get(0).getString(0)).isEqualTo("one");
        Throwable e = catchThrowable(() -> ins.execute(20, "x"));
        assertThat(e).isInstanceOf(LibSqlException.class);
        assertThat(((LibSqlException) e).code()).isEqualTo("SQLITE_READONLY");
      }
      assertThat(c.execute("SELECT count(*) FROM t").rows().get(0).getLong(0)).isEqualTo(3);
    }
  }
}
