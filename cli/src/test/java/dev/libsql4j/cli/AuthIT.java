package dev.libsql4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.testkit.SqldExtension;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shell against an sqld that requires a JWT. */
class AuthIT {

    @RegisterExtension
    static final SqldExtension SQLD = SqldExtension.withAuth();

    @Test
    void missingTokenGivesAClearAuthError() {
        Cli.Run r = Cli.run(null, "--url", SQLD.server().url(), "-c", "SELECT 1");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: Cannot open " + SQLD.server().url() + ": ").contains("401")
                .containsIgnoringCase("credentials").contains("--auth-token");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void tokenFromOptionOrEnvironmentWorksAndIsNeverPrinted() {
        String token = SQLD.signer().fullAccessToken();
        Cli.Run opt = Cli.run(null, "--url", SQLD.server().url(), "--auth-token", token, "--mode", "csv",
                "-c", "SELECT 40 + 2 AS answer");
        assertThat(opt.exit()).as(opt.toString()).isZero();
        assertThat(opt.out()).isEqualTo("answer\r\n42\r\n");

        Cli.Run env = Cli.runWithEnv(Map.of(Main.TOKEN_ENV, token), null, "--url", SQLD.server().url(), "--mode", "csv",
                "-c", "SELECT 1 AS one", "-c", "SELECT nope");
        assertThat(env.exit()).isEqualTo(1);
        assertThat(env.out()).isEqualTo("one\r\n1\r\n");
        assertThat(env.err()).contains("no such column").doesNotContain(token);

        Cli.Run urlToken = Cli.run(null, "--url", SQLD.server().url() + "?authToken=" + token, "-c", "SELECT x FROM y");
        assertThat(urlToken.exit()).isEqualTo(1);
        assertThat(urlToken.out() + urlToken.err()).doesNotContain(token);
    }

    @Test
    void wrongTokenIsRefusedWithoutEchoingIt() {
        String bad = "not-a-valid-jwt-token-1234567890";
        Cli.Run r = Cli.run(null, "--url", SQLD.server().url(), "--auth-token", bad, "-c", "SELECT 1");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: ").contains("401").doesNotContain(bad);
    }
}
