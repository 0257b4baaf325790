package dev.libsql4j.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.Statement;
import dev.libsql4j.testkit.SqldExtension;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A replica's native prepared statement, run again and again with new arguments. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NativeReplicaIT {

  @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

  @TempDir Path dir;

  @BeforeAll
  static void load() {
    NativeLoader.ensureLoaded();
  }

  @Test
  void aReplicaStatementRebindsOnEveryRun() {
    try (Database primary = LibSql.open(SQLD.server().url())) {
      primary.execute("CREATE TABLE IF NOT EXISTS r(id INTEGER PRIMARY KEY, v TEXT)");
      primary.execute("INSERT OR REPLACE INTO r SELECT value, 'v' || value FROM generate_series(1, 10)");
    }
    long db = NativeBindings.dbOpen(dir.resolve("r.db").toString(), null, SQLD.server().url(), null);
    try {
      long conn = NativeBindings.connOpen(db, 1000);
      long stmt = NativeBindings.stmtPrepare(conn, "SELECT v FROM r WHERE id = ?");
      for (int i = 1; i <= 5; i++) {
        byte[] out = NativeBindings.stmtExecute(stmt, NativeCodec.encodeParams(Statement.of("", i)));
        String v = (String) NativeCodec.executeResult(out, n -> NativeCodec.columns(new String[] {"v", null}))
            .singleValue().toJava();
        assertThat(v).as("run %d", i).isEqualTo("v" + i);
      }
    } finally {
      NativeBindings.dbClose(db);
    }
  }
}
