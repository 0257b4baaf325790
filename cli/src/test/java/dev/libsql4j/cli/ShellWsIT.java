package dev.libsql4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.testkit.SqldExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shell over Hrana over WebSocket ({@code --url ws://...}) against a real sqld. */
class ShellWsIT {

    @RegisterExtension
    static final SqldExtension SQLD = new SqldExtension();

    private static String wsUrl() {
        return SQLD.server().url().replaceFirst("^http", "ws");
    }

    @Test
    void runsStatementsAndATransactionOverWebSocket() {
        Cli.Run setup = Cli.run(null, "--url", wsUrl(), "-c",
                "CREATE TABLE ws_t(id INTEGER PRIMARY KEY, name TEXT); BEGIN; INSERT INTO ws_t VALUES (1, 'ann');"
                        + " INSERT INTO ws_t VALUES (2, 'bob'); COMMIT");
        assertThat(setup.exit()).as(setup.toString()).isZero();
        Cli.Run csv = Cli.run(null, "--url", wsUrl(), "--mode", "csv", "-c", "SELECT id, name FROM ws_t ORDER BY id");
        assertThat(csv.exit()).as(csv.toString()).isZero();
        assertThat(csv.out()).isEqualTo("id,name\r\n1,ann\r\n2,bob\r\n");
        // The same data over HTTP: one server, two transports.
        Cli.Run http = Cli.run(null, "--url", SQLD.server().url(), "--mode", "csv", "-c", "SELECT count(*) AS n FROM ws_t");
        assertThat(http.out()).isEqualTo("n\r\n2\r\n");
    }

    @Test
    void libsqlUrlWithTransportWsWorks() {
        String url = SQLD.server().url().replaceFirst("^http://", "libsql://") + "?tls=0&transport=ws";
        Cli.Run r = Cli.run(null, "--url", url, "-c", "SELECT 40 + 2 AS v");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("42");
    }
}
