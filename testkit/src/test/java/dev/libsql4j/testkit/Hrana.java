package dev.libsql4j.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Minimal raw-HTTP helpers for the testkit's own tests (no libsql4j client code).
 *
 * <p>Every call uses a fresh {@link HttpClient}, so no pooled keep-alive connection is reused. sqld
 * closes the connection after some error responses (e.g. a 401 sent before it read the request
 * body), and across {@code kill()}/{@code restart()}; a pooled connection would then make the next
 * request fail with "header parser received no bytes".
 */
final class Hrana {

  private Hrana() {}

  private static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
    return client().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** POSTs a JSON pipeline body to {@code /v3/pipeline}; {@code token} may be null. */
  static HttpResponse<String> pipeline(String baseUrl, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + "/v3/pipeline"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A one-shot pipeline body: execute each statement, then close the stream. */
  static String executeAndClose(String... sqls) {
    StringBuilder sb = new StringBuilder("{\"baton\":null,\"requests\":[");
    for (String sql : sqls) {
      sb.append("{\"type\":\"execute\",\"stmt\":{\"sql\":\"")
          .append(sql.replace("\\", "\\\\").replace("\"", "\\\""))
          .append("\"}},");
    }
    return sb.append("{\"type\":\"close\"}]}").toString();
  }
}
