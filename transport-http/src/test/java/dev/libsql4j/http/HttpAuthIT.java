package dev.libsql4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.libsql4j.AuthenticationException;
import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.testkit.JwtSigner;
import dev.libsql4j.testkit.LeakCheckExtension;
import dev.libsql4j.testkit.SqldExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JWT authentication against a sqld started with {@code --auth-jwt-key-file}: a good token
 * works (from {@link Config} or from {@code ?authToken=}), a missing or badly signed token is an
 * {@link AuthenticationException}, and no token ever shows up in a message or a
 * {@code toString()}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpAuthIT {

  @RegisterExtension static final SqldExtension SQLD = SqldExtension.withAuth();

  @RegisterExtension final LeakCheckExtension leaks = LeakCheckExtension.tracking();

  @BeforeAll
  static void createTable() {
    try (Database db =
        LibSql.open(
            Config.builder(SQLD.server().url())
                .authToken(SQLD.signer().fullAccessToken())
                .build())) {
      db.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v TEXT)");
    }
  }

  private Database open(String token) {
    Config.Builder b = Config.builder(url());
    if (token != null) {
      b.authToken(token);
    }
    return leaks.track(LibSql.open(b.build()));
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
  void goodTokenFromConfigWorks() {
    Database db = open(SQLD.signer().fullAccessToken());
    try (Connection c = db.connect()) {
      c.execute("INSERT INTO t VALUES (1, 'config token')");
      assertThat(c.execute("SELECT v FROM t WHERE id = 1").singleValue().toJava())
          .isEqualTo("config token");
      try (var cur = c.query("SELECT id FROM t WHERE id = ?", 1)) {
        assertThat(cur.next().getLong(0)).isEqualTo(1);
      }
    }
    assertNoTokenIn(SQLD.signer().fullAccessToken(), List.of(db.toString(), db.config().toString()));
  }

  @Test
  void goodTokenFromUrlParameterWorks() {
    String token = SQLD.signer().fullAccessToken();
    Database db = leaks.track(LibSql.open(url() + "&authToken=" + token));
    try (Connection c = db.connect()) {
      c.execute("INSERT INTO t VALUES (2, 'url token')");
      assertThat(c.execute("SELECT v FROM t WHERE id = 2").singleValue().toJava())
          .isEqualTo("url token");
      assertNoTokenIn(token, List.of(db.toString(), db.config().toString(), c.toString()));
    }
  }

  @Test
  void readOnlyTokenReadsButCannotWrite() {
    Database rw = open(SQLD.signer().fullAccessToken());
    rw.execute("INSERT OR REPLACE INTO t VALUES (10, 'written with rw')");
    Database ro = open(SQLD.signer().readOnlyToken());
    assertThat(ro.execute("SELECT v FROM t WHERE id = 10").singleValue().toJava())
        .isEqualTo("written with rw");
    Throwable e = catchThrowable(() -> ro.execute("INSERT INTO t VALUES (11, 'must not land')"));
    assertThat(e).isInstanceOf(AuthenticationException.class);
    assertThat(((AuthenticationException) e).code()).isEqualTo("HTTP_403");
    assertNoTokenIn(SQLD.signer().readOnlyToken(), describe(e));
    assertThat(countRows(11)).isZero();
  }

  @Test
  void missingTokenIsAnAuthenticationError() {
    Database db = open(null);
    Throwable e = catchThrowable(() -> db.execute("SELECT 1"));
    assertThat(e).isInstanceOf(AuthenticationException.class);
    assertThat(e.getMessage()).isNotBlank();
    // Nothing is left open, and the table was not touched.
    assertThat(db.stats().isEmpty()).isTrue();
  }

  @Test
  void badlySignedTokenIsAnAuthenticationErrorAndNeverShown() {
    String bad = JwtSigner.random().fullAccessToken();
    Database db = open(bad);
    List<String> texts = new ArrayList<>();
    try (Connection c = db.connect()) {
      Throwable e = catchThrowable(() -> c.execute("INSERT INTO t VALUES (3, 'must not land')"));
      assertThat(e).isInstanceOf(AuthenticationException.class);
      texts.addAll(describe(e));
      Throwable q = catchThrowable(() -> c.query("SELECT 1").close());
      assertThat(q).isInstanceOf(AuthenticationException.class);
      texts.addAll(describe(q));
      // prepare sends nothing over HTTP: the refusal comes with the first run or metadata call.
      try (PreparedStatement ps = c.prepare("SELECT 1")) {
        Throwable p = catchThrowable(ps::execute);
        assertThat(p).isInstanceOf(AuthenticationException.class);
        texts.addAll(describe(p));
        Throwable meta = catchThrowable(ps::columns);
        assertThat(meta).isInstanceOf(AuthenticationException.class);
        texts.addAll(describe(meta));
      }
      Throwable tx =
          catchThrowable(
              () -> {
                try (var t = c.begin()) {
                  t.execute("SELECT 1");
                }
              });
      assertThat(tx).isInstanceOf(AuthenticationException.class);
      texts.addAll(describe(tx));
      texts.add(c.toString());
    }
    texts.add(db.toString());
    texts.add(db.config().toString());
    texts.add(db.config().toBuilder().build().toString());
    assertNoTokenIn(bad, texts);
    assertThat(countRows(3)).isZero();
  }

  @Test
  void badTokenInUrlIsNeverShown() {
    String bad = JwtSigner.random().fullAccessToken();
    Database db = leaks.track(LibSql.open(url() + "&authToken=" + bad));
    Throwable e = catchThrowable(() -> db.execute("SELECT 1"));
    assertThat(e).isInstanceOf(AuthenticationException.class);
    List<String> texts = new ArrayList<>(describe(e));
    texts.add(db.toString());
    texts.add(db.config().toString());
    assertNoTokenIn(bad, texts);
  }

  @Test
  void garbageTokenIsAnAuthenticationError() {
    String garbage = "not-a-jwt-" + "x".repeat(40);
    Database db = open(garbage);
    Throwable e = catchThrowable(() -> db.execute("SELECT 1"));
    assertThat(e).isInstanceOf(AuthenticationException.class);
    assertNoTokenIn(garbage, describe(e));
  }

  private long countRows(long id) {
    try (Database db =
        LibSql.open(
            Config.builder(SQLD.server().url())
                .authToken(SQLD.signer().fullAccessToken())
                .build())) {
      return (Long) db.execute("SELECT count(*) FROM t WHERE id = ?", id).singleValue().toJava();
    }
  }

  /** Message, toString and the full printed stack trace (causes and suppressed included). */
  private static List<String> describe(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    List<String> out = new ArrayList<>();
    out.add(String.valueOf(e.getMessage()));
    out.add(e.toString());
    out.add(trace.toString());
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      out.add(String.valueOf(t.getMessage()));
    }
    return out;
  }

  /** Neither the token nor its payload or signature segment may appear in any text. */
  private static void assertNoTokenIn(String token, List<String> texts) {
    List<String> secrets = new ArrayList<>();
    secrets.add(token);
    String[] parts = token.split("\\.");
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].length() >= 8) {
        secrets.add(parts[i]);
      }
    }
    for (String text : texts) {
      for (String secret : secrets) {
        assertThat(text).as("text must not contain the token").doesNotContain(secret);
      }
    }
  }
}
