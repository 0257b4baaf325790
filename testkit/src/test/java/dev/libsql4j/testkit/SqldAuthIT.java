package dev.libsql4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SqldAuthIT {

  @RegisterExtension static final SqldExtension SQLD = SqldExtension.withAuth();

  private static final String SELECT_42 =
      "{\"baton\":null,\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"SELECT 42\"}},"
          + "{\"type\":\"close\"}]}";

  @Test
  void serverIsStartedWithThePemKeyFile(SqldServer sqld) throws Exception {
    assertThat(sqld.jwtKeyFile()).isPresent();
    assertThat(Files.readString(sqld.jwtKeyFile().get()))
        .startsWith("-----BEGIN PUBLIC KEY-----\n")
        .isEqualTo(SQLD.signer().publicKeyPem());
  }

  @Test
  void healthNeedsNoToken(SqldServer sqld) throws Exception {
    assertThat(Hrana.get(sqld.url() + "/health").statusCode()).isEqualTo(200);
  }

  @Test
  void noTokenIs401(SqldServer sqld) throws Exception {
    HttpResponse<String> resp = Hrana.pipeline(sqld.url(), null, SELECT_42);
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(401);
  }

  @Test
  void fullAccessTokenWorks(SqldServer sqld, JwtSigner signer) throws Exception {
    assertThat(signer).isSameAs(SQLD.signer());
    HttpResponse<String> resp = Hrana.pipeline(sqld.url(), signer.fullAccessToken(), SELECT_42);
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    assertThat(resp.body()).contains("\"value\":\"42\"");

    HttpResponse<String> write =
        Hrana.pipeline(
            sqld.url(),
            signer.fullAccessToken(),
            Hrana.executeAndClose("CREATE TABLE IF NOT EXISTS w(x)", "INSERT INTO w VALUES (1)"));
    assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
    assertThat(write.body()).doesNotContain("\"type\":\"error\"");
  }

  @Test
  void tokenFromAnotherKeyIs401(SqldServer sqld) throws Exception {
    HttpResponse<String> resp =
        Hrana.pipeline(sqld.url(), JwtSigner.random().fullAccessToken(), SELECT_42);
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(401);
    assertThat(resp.body()).contains("Unauthorized");
  }

  @Test
  void readOnlyTokenCannotWrite(SqldServer sqld, JwtSigner signer) throws Exception {
    HttpResponse<String> read = Hrana.pipeline(sqld.url(), signer.readOnlyToken(), SELECT_42);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);

    HttpResponse<String> write =
        Hrana.pipeline(
            sqld.url(), signer.readOnlyToken(), Hrana.executeAndClose("CREATE TABLE ro_t(x)"));
    assertThat(write.statusCode()).as(write.body()).isEqualTo(403);
  }

  @Test
  void expiredTokenIs401AndCustomClaimsAreEncoded(SqldServer sqld, JwtSigner signer)
      throws Exception {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("a", "rw");
    claims.put("exp", System.currentTimeMillis() / 1000 - 600);
    HttpResponse<String> expired = Hrana.pipeline(sqld.url(), signer.sign(claims), SELECT_42);
    assertThat(expired.statusCode()).as(expired.body()).isEqualTo(401);
    assertThat(expired.body()).contains("expired");

    claims.put("exp", System.currentTimeMillis() / 1000 + 600);
    claims.put("note", "quote \" backslash \\ newline \n unicode \u00e9");
    claims.put("flag", true);
    HttpResponse<String> ok = Hrana.pipeline(sqld.url(), signer.sign(claims), SELECT_42);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
  }

  @Test
  void tokenShape(JwtSigner signer) {
    String[] parts = signer.fullAccessToken().split("\\.");
    assertThat(parts).hasSize(3);
    assertThat(new String(java.util.Base64.getUrlDecoder().decode(parts[0])))
        .isEqualTo("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}");
    assertThat(new String(java.util.Base64.getUrlDecoder().decode(parts[1])))
        .isEqualTo("{\"a\":\"rw\"}");
    assertThat(String.join("", parts)).doesNotContain("=").doesNotContain("+").doesNotContain("/");
    assertThat(signer.publicKeyBase64Url()).hasSize(43);
  }
}
