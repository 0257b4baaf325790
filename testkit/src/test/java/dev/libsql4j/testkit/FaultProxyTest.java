package dev.libsql4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.libsql4j.testkit.FaultProxy.Fault;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The proxy's faults do what its Javadoc says, seen from both ends: a small JDK HTTP server records
 * the requests that reached it, and a JDK HTTP client (keep-alive) reads the answers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultProxyTest {
  private HttpServer server;
  private FaultProxy proxy;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/echo", ex -> {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      received.add(new String(body, StandardCharsets.UTF_8));
      byte[] answer = ("echo:" + new String(body, StandardCharsets.UTF_8)).repeat(200).getBytes(StandardCharsets.UTF_8);
      boolean chunked = ex.getRequestURI().getQuery() != null;
      ex.sendResponseHeaders(200, chunked ? 0 : answer.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(answer);
      }
    });
    server.start();
    proxy = FaultProxy.start(server.getAddress().getPort(), 1);
  }

  @AfterEach
  void stop() {
    proxy.close();
    server.stop(0);
  }

  private HttpResponse<String> post(String body, boolean chunked, Duration timeout) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(proxy.url() + "/echo" + (chunked ? "?chunked" : "")))
        .timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return client.send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void forwardsRequestsAndBothBodyFramingsOverOneConnection() throws Exception {
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = post("n" + i, i % 2 == 0, Duration.ofSeconds(5));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(("echo:n" + i).repeat(200));
    }
    assertThat(received).containsExactly("n0", "n1", "n2", "n3", "n4");
    assertThat(proxy.requests()).isEqualTo(5);
    assertThat(proxy.openConnections()).as("keep-alive: one connection").isEqualTo(1);
  }

  @Test
  void resetMidRequestNeverDeliversTheRequest() throws Exception {
    proxy.arm(Fault.RESET_MID_REQUEST, "target");
    assertThatThrownBy(() -> post("the target", false, Duration.ofSeconds(5))).isInstanceOf(IOException.class);
    assertThat(proxy.injected(Fault.RESET_MID_REQUEST)).isEqualTo(1);
    assertThat(post("after", false, Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
    assertThat(received).containsExactly("after");
  }

  @Test
  void aNeedleSparesOtherRequests() throws Exception {
    proxy.arm(Fault.RESET_MID_REQUEST, "target");
    assertThat(post("other", false, Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
    assertThat(proxy.isArmed()).isTrue();
    assertThatThrownBy(() -> post("target", false, Duration.ofSeconds(5))).isInstanceOf(IOException.class);
    assertThat(proxy.isArmed()).isFalse();
    assertThat(received).containsExactly("other");
  }

  @Test
  void cutResponseDeliversTheRequestButNotTheWholeAnswer() throws Exception {
    for (boolean chunked : new boolean[] {false, true}) {
      proxy.arm(Fault.CUT_RESPONSE_MID_BODY, "cut");
      assertThatThrownBy(() -> post("cut" + chunked, chunked, Duration.ofSeconds(5))).isInstanceOf(IOException.class);
    }
    assertThat(received).containsExactly("cutfalse", "cuttrue");
    assertThat(proxy.injected(Fault.CUT_RESPONSE_MID_BODY)).isEqualTo(2);
  }

  @Test
  void stallDeliversTheRequestAndAnswersNothingUntilTheClientGivesUp() throws Exception {
    proxy.arm(Fault.STALL, null);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> post("stalled", false, Duration.ofMillis(700))).isInstanceOf(HttpTimeoutException.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(650);
    assertThat(received).containsExactly("stalled");
    assertThat(post("next", false, Duration.ofSeconds(5)).body()).startsWith("echo:next");
  }

  @Test
  void delayHoldsTheRequestThenDeliversIt() throws Exception {
    proxy.delay(Duration.ofMillis(400));
    proxy.arm(Fault.DELAY, null);
    long t0 = System.nanoTime();
    assertThat(post("late", false, Duration.ofSeconds(5)).body()).startsWith("echo:late");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(390);
    assertThat(received).containsExactly("late");
  }

  @Test
  void resetOnAcceptHitsTheNextNewConnection() throws Exception {
    proxy.arm(Fault.RESET_ON_ACCEPT, null);
    try (java.net.Socket raw = new java.net.Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      raw.setSoTimeout(5000);
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> {
        raw.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nfirst")
            .getBytes(StandardCharsets.US_ASCII));
        assertThat(raw.getInputStream().read()).as("nothing comes back").isEqualTo(-1);
      });
      if (t != null) {
        assertThat(t).isInstanceOf(java.net.SocketException.class);
      }
    }
    assertThat(proxy.injected(Fault.RESET_ON_ACCEPT)).isEqualTo(1);
    assertThat(received).isEmpty();
    assertThat(post("second", false, Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
    assertThat(received).containsExactly("second");
  }

  @Test
  void randomFaultsFollowTheSeedAndStopWhenCalmed() throws Exception {
    proxy.random(1.0);
    proxy.randomAccept(0);
    proxy.delay(Duration.ZERO);
    int failures = 0;
    for (int i = 0; i < 12; i++) {
      try {
        post("r" + i, false, Duration.ofMillis(500));
      } catch (IOException e) {
        failures++;
      }
    }
    proxy.calm();
    int injected = proxy.injectedCounts().values().stream().mapToInt(Integer::intValue).sum();
    assertThat(injected).as("every request got a fault").isEqualTo(12);
    assertThat(failures).as("all but the delays failed: %s", proxy.injectedCounts())
        .isEqualTo(12 - proxy.injected(Fault.DELAY));
    assertThat(post("calm", false, Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
  }
}
