package dev.libsql4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.libsql4j.AuthenticationException;
import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.Value;
import dev.libsql4j.testkit.SqldExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Over WebSocket the token travels in {@code hello}; a refused one is an AuthenticationException that does not show it. */
class WsAuthIT {
  @RegisterExtension static final SqldExtension SQLD = SqldExtension.withAuth();

  private static String url(String encoding) {
    return SQLD.server().url().replaceFirst("^http", "ws") + "?encoding=" + encoding;
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "protobuf"})
  void aGoodTokenWorks(String encoding) {
    String good = SQLD.signer().fullAccessToken();
    try (Database db = LibSql.open(Config.builder(url(encoding)).authToken(good).build());
        Connection c = db.connect()) {
      c.execute("CREATE TABLE IF NOT EXISTS a(v)");
      c.execute("INSERT INTO a VALUES (?)", encoding);
      assertThat(c.execute("SELECT count(*) FROM a WHERE v = ?", encoding).singleValue())
          .isEqualTo(Value.integer(1));
      assertThat(db.toString() + db.config() + c).doesNotContain(good);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "protobuf"})
  void aRefusedTokenIsAnAuthenticationExceptionWithoutTheToken(String encoding) {
    String good = SQLD.signer().fullAccessToken();
    String bad = good.substring(0, good.length() - 6) + "AAAAAA";
    try (Database db = LibSql.open(Config.builder(url(encoding)).authToken(bad).build());
        Connection c = db.connect()) {
      Throwable e = catchThrowable(() -> c.execute("SELECT 1"));
      assertThat(e).isInstanceOf(AuthenticationException.class);
      assertThat(e.getMessage()).doesNotContain(bad).contains("ws://127.0.0.1");
      Throwable again = catchThrowable(() -> c.execute("SELECT 1"));
      assertThat(again).isInstanceOf(AuthenticationException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "protobuf"})
  void noTokenIsRefused(String encoding) {
    try (Database db = LibSql.open(url(encoding));
        Connection c = db.connect()) {
      assertThat(catchThrowable(() -> c.execute("SELECT 1"))).isInstanceOf(AuthenticationException.class);
    }
  }
}
