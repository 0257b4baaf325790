package dev.libsql4j.jdbc;

import dev.libsql4j.testkit.SqldExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link TypesContract} through {@code jdbc:libsql:ws://} (Hrana over WebSocket). */
class TypesWsIT extends TypesContract {
    @RegisterExtension
    static final SqldExtension SQLD = new SqldExtension();

    @Override
    String url() {
        return Targets.remoteWs(SQLD);
    }
}
