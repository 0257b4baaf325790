package dev.libsql4j.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parameter names the client derives from SQL text, instead of asking the server. */
class SqlTextTest {

  /** Pairs of SQL and the names SQLite gives its parameters (checked against sqld by ParameterNamesIT). */
  static final Object[][] CASES = {
    {"SELECT 1", List.of()},
    {"SELECT ?", names((String) null)},
    {"SELECT 1 WHERE ? = ?", names(null, null)},
    {"SELECT ?2, ?1, @x, $y", names("?1", "?2", "@x", "$y")},
    {"SELECT :a, :b, :a", names(":a", ":b")},
    {"SELECT ':a' AS \":b\", 1 AS `:c`, 2 AS [:d], :e -- :f\n /* :g */", names(":e")},
    {"SELECT 'it''s :x', :y", names(":y")},
    {"SELECT 1 AS \"a\"\":q\", :z", names(":z")},
    {"SELECT 1 AS a$b, $d", names("$d")},
    {"SELECT ?3", names(null, null, "?3")},
    {"SELECT ?, :a, ?", names(null, ":a", null)},
    {"SELECT :a, @a, $a", names(":a", "@a", "$a")},
    {"SELECT :\u00e9t\u00e9, :a_1$", names(":\u00e9t\u00e9", ":a_1$")},
    {"SELECT ?1, ?01", names("?1")},
    {"SELECT ?, ?1", names("?1")},
    {"SELECT x'00', X'0A', :b", names(":b")},
    {"SELECT :a||:b", names(":a", ":b")},
    {"SELECT 1.5e+3, :n -- end", names(":n")},
    {"SELECT json_extract('{\"a\":1}', '$.a'), :p", names(":p")},
  };

  static List<String> names(String... n) {
    return Arrays.asList(n);
  }

  @Test
  void namesFollowSqliteNumbering() {
    for (Object[] c : CASES) {
      assertThat(SqlText.parameterNames((String) c[0])).as((String) c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void unsureTextAsksTheServer() {
    for (String sql : List.of("SELECT $a::b", "SELECT $a(b)", "SELECT 'unterminated, :a", "SELECT ?99999",
        "SELECT :", "SELECT #a", "SELECT /* open", "SELECT ?0", "SELECT [x, :a")) {
      assertThat(SqlText.parameterNames(sql)).as(sql).isNull();
    }
  }
}
