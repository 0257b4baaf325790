package dev.libsql4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SqlSplitterTest {

    private static List<String> split(String... lines) {
        SqlSplitter s = new SqlSplitter();
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.addAll(s.feed(line + "\n"));
        }
        String rest = s.flush();
        if (rest != null) {
            out.add(rest);
        }
        return out;
    }

    @Test
    void splitsAtSemicolonsAcrossLines() {
        assertThat(split("SELECT 1; SELECT", "2;", "SELECT 3")).containsExactly("SELECT 1", "SELECT\n2", "SELECT 3");
    }

    @Test
    void ignoresSemicolonsInQuotesAndComments() {
        assertThat(split("SELECT 'a;b', \"c;d\", `e;f`, [g;h] -- x;y", "/* ; */ FROM t;"))
                .containsExactly("SELECT 'a;b', \"c;d\", `e;f`, [g;h] -- x;y\n/* ; */ FROM t");
        assertThat(split("SELECT 'it''s; fine';")).containsExactly("SELECT 'it''s; fine'");
    }

    @Test
    void quoteSpanningLinesKeepsStatementOpen() {
        SqlSplitter s = new SqlSplitter();
        assertThat(s.feed("INSERT INTO t VALUES ('a;\n")).isEmpty();
        assertThat(s.isEmpty()).isFalse();
        assertThat(s.feed("b');\n")).containsExactly("INSERT INTO t VALUES ('a;\nb')");
        assertThat(s.isEmpty()).isTrue();
    }

    @Test
    void triggerBodyIsOneStatement() {
        assertThat(split(
                "CREATE TRIGGER tr AFTER INSERT ON t BEGIN",
                "  UPDATE t SET x = CASE WHEN new.x > 0 THEN 1 ELSE 0 END;",
                "  INSERT INTO log VALUES (new.x);",
                "END; SELECT 1;"))
                .hasSize(2)
                .last().isEqualTo("SELECT 1");
        assertThat(split("create temp trigger tr after delete on t begin delete from u; end;", "select 2;"))
                .containsExactly("create temp trigger tr after delete on t begin delete from u; end", "select 2");
    }

    @Test
    void plainBeginIsNotABlock() {
        assertThat(split("BEGIN; INSERT INTO t VALUES (1); COMMIT;"))
                .containsExactly("BEGIN", "INSERT INTO t VALUES (1)", "COMMIT");
    }

    @Test
    void blankAndCommentOnlyInputYieldsNothing() {
        assertThat(split("", "  ;  ", "-- only a comment", "/* block */")).isEmpty();
    }
}
