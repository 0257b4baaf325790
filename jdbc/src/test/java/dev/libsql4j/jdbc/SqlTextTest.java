package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlTextTest {
    @Test
    void countsQuestionMarksOutsideQuotesAndComments() {
        SqlText t = SqlText.parse("SELECT '?', \"a?\", `b?`, [c?], ? -- ?\n /* ? */ FROM t WHERE x = ?");
        assertThat(t.parameterCount()).isEqualTo(2);
        assertThat(t.parameterNames()).containsExactly(null, null);
        assertThat(t.hasPositionalParameters()).isTrue();
        assertThat(t.hasNamedParameters()).isFalse();
    }

    @Test
    void numberedParametersSetTheCount() {
        SqlText t = SqlText.parse("SELECT ?3, ?1, ?");
        assertThat(t.parameterCount()).isEqualTo(4);
    }

    @Test
    void namedParametersTakeOneIndexEach() {
        SqlText t = SqlText.parse("SELECT :a, @b, $c, :a, 'x:y' FROM t WHERE d = :d");
        assertThat(t.parameterCount()).isEqualTo(4);
        assertThat(t.parameterNames()).containsExactly(":a", "@b", "$c", ":d");
        assertThat(t.hasNamedParameters()).isTrue();
        assertThat(t.hasPositionalParameters()).isFalse();
    }

    @Test
    void escapedQuotesStayInsideTheString() {
        SqlText t = SqlText.parse("SELECT 'it''s ?' , ?");
        assertThat(t.parameterCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT 1|QUERY",
        "  select * from t|QUERY",
        "VALUES (1)|QUERY",
        "PRAGMA table_info(t)|QUERY",
        "EXPLAIN QUERY PLAN SELECT 1|QUERY",
        "WITH x AS (SELECT 1) SELECT * FROM x|QUERY",
        "WITH RECURSIVE x(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM x) SELECT n FROM x|QUERY",
        "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x|DML",
        "INSERT INTO t VALUES (1)|DML",
        "update t set a = 1|DML",
        "DELETE FROM t|DML",
        "REPLACE INTO t VALUES (1)|DML",
        "BEGIN|BEGIN",
        "BEGIN IMMEDIATE TRANSACTION|BEGIN",
        "COMMIT|COMMIT",
        "END TRANSACTION|COMMIT",
        "ROLLBACK|ROLLBACK",
        "ROLLBACK TO SAVEPOINT a|OTHER",
        "SAVEPOINT a|OTHER",
        "CREATE TABLE t(a)|OTHER",
        "-- only a comment|EMPTY",
        "/* x */ SELECT 1|QUERY",
    })
    void classifiesStatements(String sql, SqlText.Kind kind) {
        assertThat(SqlText.parse(sql).kind()).isEqualTo(kind);
    }

    @Test
    void findsATopLevelReturningClause() {
        assertThat(SqlText.parse("INSERT INTO t(a) VALUES (1) RETURNING id").hasReturning()).isTrue();
        assertThat(SqlText.parse("INSERT INTO t(a) VALUES ('returning')").hasReturning()).isFalse();
        assertThat(SqlText.parse("INSERT INTO t(a) SELECT returning FROM (SELECT 1 AS \"returning\")").hasReturning())
                .isTrue(); // a column named returning at top level: conservative, harmless
    }

    @Test
    void detectsSeveralStatements() {
        assertThat(SqlText.parse("SELECT 1;").isMultiple()).isFalse();
        assertThat(SqlText.parse("SELECT 1 ; -- trailing comment\n").isMultiple()).isFalse();
        assertThat(SqlText.parse("SELECT ';'").isMultiple()).isFalse();
        assertThat(SqlText.parse("CREATE TABLE a(x); CREATE TABLE b(y)").isMultiple()).isTrue();
        assertThat(SqlText.parse("CREATE TRIGGER tr AFTER INSERT ON a BEGIN DELETE FROM b; END").isMultiple()).isTrue();
    }

    @Test
    void trailerIsDroppedForAppending() {
        assertThat(SqlText.parse("INSERT INTO t VALUES (1) ; -- done\n").withoutTrailer())
                .isEqualTo("INSERT INTO t VALUES (1)");
        assertThat(SqlText.parse("INSERT INTO t VALUES ('a;b')").withoutTrailer())
                .isEqualTo("INSERT INTO t VALUES ('a;b')");
    }

    @Test
    void wordsAreUpperCasedTopLevelOnly() {
        assertThat(SqlText.parse("begin immediate").words()).isEqualTo(Arrays.asList("BEGIN", "IMMEDIATE"));
        assertThat(SqlText.parse("select (select x from y) from z").words()).containsExactly("SELECT", "FROM", "Z");
    }

    @Test
    void sessionFunctionsCanBeReplaced() {
        SqlText t = SqlText.parse("SELECT id FROM t WHERE _rowid_ = last_insert_rowid ( ) AND 'last_insert_rowid()' <> x"
                + " -- changes()\n AND CHANGES() > 0 AND total_changes() >= 0 AND changes = 1");
        assertThat(t.callsSessionFunctions()).isTrue();
        assertThat(t.withSessionValues(42, 3, 9)).isEqualTo("SELECT id FROM t WHERE _rowid_ = 42 AND"
                + " 'last_insert_rowid()' <> x -- changes()\n AND 3 > 0 AND 9 >= 0 AND changes = 1");
        assertThat(SqlText.parse("SELECT changes FROM t").callsSessionFunctions()).isFalse();
    }
}
