package dev.libsql4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.libsql4j.ConnectionException;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.Value;
import dev.libsql4j.testkit.LeakCheckExtension;
import dev.libsql4j.testkit.SqldExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a user sees when the URL does not fit the server: TLS ({@code libsql://} without
 * {@code ?tls=0}) against sqld's plain HTTP, and nothing listening at all. Both fail before the
 * request is sent, so the message must not say a write may have run.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectFailuresIT {

  @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

  @RegisterExtension final LeakCheckExtension leaks = LeakCheckExtension.tracking();

  @Test
  void tlsAgainstPlainHttpSaysTheServerDoesNotSpeakTls() {
    String hostPort = "127.0.0.1:" + SQLD.server().port();
    Database tls = leaks.track(LibSql.open("libsql://" + hostPort));
    catchThrowable(() -> tls.execute("SELECT 1")); // the first TLS use in a JVM is slow to set up
    long start = System.nanoTime();
    Throwable e = catchThrowable(() -> tls.execute("CREATE TABLE tls_probe(x)"));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(e).isInstanceOf(ConnectionException.class);
    assertThat(((LibSqlException) e).code()).isEqualTo("TLS_HANDSHAKE_FAILED");
    assertThat(e.getMessage())
        .contains("does not speak TLS")
        .contains("libsql://" + hostPort + "?tls=0")
        .contains("http://" + hostPort)
        .contains("was not sent")
        .doesNotContain("unknown");
    assertThat(millis).as("a handshake failure is not retried").isLessThan(1_000);

    // Nothing ran: the table does not exist, and the plain-HTTP URL the message suggests works.
    Database plain = leaks.track(LibSql.open("libsql://" + hostPort + "?tls=0"));
    assertThat(plain.execute("SELECT count(*) FROM sqlite_master WHERE name = 'tls_probe'").singleValue())
        .isEqualTo(Value.integer(0));
  }

  @Test
  void nothingListeningSaysConnectionRefused() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Database db = leaks.track(LibSql.open("http://127.0.0.1:" + port));
    Throwable e = catchThrowable(() -> db.execute("SELECT 1"));
    assertThat(e).isInstanceOf(ConnectionException.class);
    assertThat(((LibSqlException) e).code()).isEqualTo("CONNECT_FAILED");
    assertThat(e.getMessage())
        .contains("127.0.0.1:" + port)
        .containsIgnoringCase("connection refused")
        .contains("was not sent");
  }
}
