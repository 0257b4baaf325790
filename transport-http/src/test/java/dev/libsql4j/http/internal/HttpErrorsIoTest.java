package dev.libsql4j.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.ConnectionException;
import dev.libsql4j.LibSqlException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link HttpErrors#fromIo} for failures before the request left: connect and TLS handshake. */
class HttpErrorsIoTest {

  private static final String WHERE = "https://db.example.com:8443/v3/pipeline";

  static Stream<Arguments> cases() {
    ConnectException refused = new ConnectException("Failed to connect to /10.0.0.1:8443");
    refused.initCause(new ConnectException("Connection refused"));
    return Stream.of(
        Arguments.of(
            new SSLException("Unsupported or unrecognized SSL message"),
            "TLS_HANDSHAKE_FAILED",
            "The server at db.example.com:8443 does not speak TLS"),
        Arguments.of(
            new SSLException("Unrecognized SSL message, plaintext connection?"),
            "TLS_HANDSHAKE_FAILED",
            "use libsql://db.example.com:8443?tls=0 or http://db.example.com:8443"),
        Arguments.of(
            new SSLHandshakeException("PKIX path building failed"),
            "TLS_HANDSHAKE_FAILED",
            "The TLS handshake with " + WHERE + " failed: PKIX path building failed"),
        Arguments.of(
            new SSLPeerUnverifiedException("Hostname db.example.com not verified"),
            "TLS_HANDSHAKE_FAILED",
            "Hostname db.example.com not verified"),
        Arguments.of(refused, "CONNECT_FAILED", "Failed to connect to /10.0.0.1:8443 (Connection refused)"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void failuresBeforeTheRequestSayItWasNotSent(IOException e, String code, String text) {
    LibSqlException mapped = HttpErrors.fromIo(e, WHERE, false, false, "PT10S");
    assertThat(mapped).isInstanceOf(ConnectionException.class);
    assertThat(mapped.code()).isEqualTo(code);
    assertThat(mapped.getMessage()).contains(text).contains("The request was not sent").doesNotContain("unknown");
    assertThat(mapped.getCause()).isSameAs(e);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void noneOfThemIsRetriedAsAConnectFailureExceptRefused(IOException e, String code, String text) {
    assertThat(HttpErrors.isConnectFailure(e)).isEqualTo(code.equals("CONNECT_FAILED"));
  }

  @org.junit.jupiter.api.Test
  void otherTlsErrorsAfterTheHandshakeStayUnknown() {
    LibSqlException mapped = HttpErrors.fromIo(new SSLException("Tag mismatch"), WHERE, false, false, "PT10S");
    assertThat(mapped.code()).isEqualTo("IO_ERROR");
    assertThat(mapped.getMessage()).contains("whether a write in the request ran is unknown");
  }
}
