package dev.libsql4j.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.Connection;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.testkit.SqldExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The names the client derives from SQL text are the names sqld's {@code describe} gives. */
class ParameterNamesIT {

  @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

  @Test
  void localNamesMatchDescribe() {
    try (Database db = LibSql.open(SQLD.server().url());
        Connection c = db.connect()) {
      for (Object[] k : SqlTextTest.CASES) {
        String sql = (String) k[0];
        try (PreparedStatement ps = c.prepare(sql)) {
          List<String> described = ps.parameterNames();
          assertThat(SqlText.parameterNames(sql)).as(sql).isEqualTo(described);
        }
      }
    }
  }
}
