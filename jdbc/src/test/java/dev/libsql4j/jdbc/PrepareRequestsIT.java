package dev.libsql4j.jdbc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.libsql4j.testkit.SqldExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code prepareStatement} + {@code executeQuery} of a point select is one HTTP request: the
 * driver goes through a WireMock proxy in front of the real sqld, which counts what arrives.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrepareRequestsIT {
  @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

  private WireMockServer proxy;
  private Connection conn;

  @BeforeEach
  void start() throws Exception {
    proxy = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    proxy.start();
    proxy.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(SQLD.server().url())));
    // JSON, so the bodies can be read; the round trips are the same under protobuf.
    conn = DriverManager.getConnection("jdbc:libsql:http://127.0.0.1:" + proxy.port() + "?encoding=json");
    try (Statement s = conn.createStatement()) {
      s.executeUpdate("DROP TABLE IF EXISTS t");
      s.executeUpdate("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)");
      s.executeUpdate("INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (conn != null) {
      conn.close();
    }
    proxy.stop();
  }

  /** The requests the proxy saw since the last call, after a moment for any sent in the background. */
  private List<String> drain() throws InterruptedException {
    Thread.sleep(150);
    List<ServeEvent> events = proxy.getAllServeEvents();
    proxy.resetRequests();
    return events.stream()
        .map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl() + " " + e.getRequest().getBodyAsString())
        .collect(Collectors.toList());
  }

  /** The requests, none of which may be a {@code describe}. */
  private static List<String> work(List<String> requests) {
    assertThat(requests).as("requests: %s", requests).noneMatch(r -> r.contains("\"describe\""));
    return requests;
  }

  private static String selectName(PreparedStatement ps, int id) throws Exception {
    ps.setInt(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).isTrue();
      String name = rs.getString("name");
      assertThat(rs.next()).isFalse();
      return name;
    }
  }

  @Test
  void preparedPointSelectIsOneRequest() throws Exception {
    drain();
    try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM t WHERE id = ?")) {
      assertThat(drain()).as("prepareStatement sends nothing").isEmpty();
      assertThat(selectName(ps, 2)).isEqualTo("two");
      List<String> first = work(drain());
      assertThat(first).as("prepareStatement + executeQuery: %s", first).hasSize(1);
      assertThat(first.get(0)).contains("SELECT * FROM t WHERE id = ?");
      assertThat(selectName(ps, 3)).isEqualTo("three");
      assertThat(work(drain())).as("second executeQuery").hasSize(1);
    }
    try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM t WHERE id = ?")) {
      assertThat(selectName(ps, 1)).isEqualTo("one");
      List<String> again = work(drain());
      assertThat(again).as("the same SQL prepared again: %s", again).hasSize(1);
    }
  }

  @Test
  void parameterMetadataNeedsNoRequest() throws Exception {
    drain();
    try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM t WHERE id = :id")) {
      assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(1);
      assertThat(drain()).isEmpty();
      // Result metadata before execution asks the server once.
      assertThat(ps.getMetaData().getColumnName(2)).isEqualTo("name");
      List<String> meta = drain();
      assertThat(meta).hasSize(1);
      assertThat(meta.get(0)).contains("\"describe\"");
      assertThat(selectName(ps, 1)).isEqualTo("one");
      assertThat(work(drain())).hasSize(1);
    }
  }
}
