package dev.libsql4j.jdbc;

import dev.libsql4j.testkit.SqldExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link StatementContract} through {@code jdbc:libsql:ws://} (Hrana over WebSocket). */
class StatementWsIT extends StatementContract {
    @RegisterExtension
    static final SqldExtension SQLD = new SqldExtension();

    @Override
    String url() {
        return Targets.remoteWs(SQLD);
    }
}
