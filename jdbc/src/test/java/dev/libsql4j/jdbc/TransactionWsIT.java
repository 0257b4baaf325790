package dev.libsql4j.jdbc;

import dev.libsql4j.testkit.SqldExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link TransactionContract} through {@code jdbc:libsql:ws://} (Hrana over WebSocket). */
class TransactionWsIT extends TransactionContract {
    @RegisterExtension
    static final SqldExtension SQLD = new SqldExtension();

    @Override
    String url() {
        return Targets.remoteWs(SQLD);
    }
}
