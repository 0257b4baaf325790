package dev.libsql4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.Column;
import dev.libsql4j.Row;
import dev.libsql4j.Value;
import dev.libsql4j.spi.ColumnIndex;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ResultPrinterTest {

    private static String print(OutputMode mode, List<Column> cols, List<Value[]> rows) {
        return print(mode, "", true, cols, rows);
    }

    private static String print(OutputMode mode, String nullValue, boolean headers, List<Column> cols,
                                List<Value[]> rows) {
        ColumnIndex index = ColumnIndex.of(cols);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new ResultPrinter(ps, nullValue, headers).print(mode, cols, rows.stream().map(v -> new Row(index, v)).iterator());
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static final List<Column> COLS = List.of(new Column("id", "INTEGER"), new Column("name", "TEXT"),
            new Column("data", "BLOB"));
    private static final List<Value[]> ROWS = List.of(
            new Value[] {Value.integer(Long.MAX_VALUE), Value.text("日本"), Value.blob(new byte[] {0, (byte) 0xAB})},
            new Value[] {Value.integer(-1), Value.text("a,\"b\"\nc"), Value.NULL});

    @Test
    void boxAlignsByDisplayWidth() {
        String out = print(OutputMode.BOX, COLS, ROWS);
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(6);
        int width = DisplayWidth.of(lines.get(0));
        assertThat(lines).allSatisfy(l -> assertThat(DisplayWidth.of(l)).isEqualTo(width));
        assertThat(out).contains("│ 9223372036854775807 │").contains("日本").contains("X'00AB'")
                .contains("a,\"b\"\\nc");
        assertThat(lines.get(0)).startsWith("┌").endsWith("┐");
    }

    private static final List<Column> NULLS = List.of(new Column("v", "TEXT"), new Column("r", "REAL"));
    private static final List<Value[]> NULL_ROWS = List.of(
            new Value[] {Value.NULL, Value.real(1e308)},
            new Value[] {Value.text("NULL"), Value.real(0.1 + 0.2)},
            new Value[] {Value.text(""), Value.real(123456789012345.6)});

    @Test
    void boxShowsNullAsTheNullTextAndRealsAsSqlite3() {
        assertThat(print(OutputMode.BOX, NULLS, NULL_ROWS)).isEqualTo("""
                ┌──────┬───────────────────┐
                │ v    │ r                 │
                ├──────┼───────────────────┤
                │      │          1.0e+308 │
                │ NULL │               0.3 │
                │      │ 123456789012346.0 │
                └──────┴───────────────────┘
                """);
        assertThat(print(OutputMode.BOX, "∅", true, NULLS, NULL_ROWS.subList(0, 2))).isEqualTo("""
                ┌──────┬──────────┐
                │ v    │ r        │
                ├──────┼──────────┤
                │ ∅    │ 1.0e+308 │
                │ NULL │      0.3 │
                └──────┴──────────┘
                """);
    }

    @Test
    void tableIsTheAsciiGridOfSqlite3() {
        assertThat(print(OutputMode.TABLE, "NIL", false, NULLS, NULL_ROWS.subList(0, 2))).isEqualTo("""
                +------+----------+
                | v    | r        |
                +------+----------+
                | NIL  | 1.0e+308 |
                | NULL |      0.3 |
                +------+----------+
                """);
    }

    @Test
    void nullValueAndHeadersInCsvAndLine() {
        assertThat(print(OutputMode.CSV, "NIL", false, NULLS, NULL_ROWS)).isEqualTo(
                "NIL,1.0e+308\r\nNULL,0.3\r\n,123456789012346.0\r\n");
        assertThat(print(OutputMode.LINE, "NIL", true, NULLS, NULL_ROWS.subList(0, 1))).isEqualTo(
                "v = NIL\nr = 1.0e+308\n");
        assertThat(print(OutputMode.JSON, "NIL", true, NULLS, NULL_ROWS.subList(0, 1))).isEqualTo(
                "[\n{\"v\":null,\"r\":1.0E308}\n]\n");
    }

    @Test
    void csvQuotesPerRfc4180() {
        assertThat(print(OutputMode.CSV, COLS, ROWS)).isEqualTo(
                "id,name,data\r\n9223372036854775807,日本,X'00AB'\r\n-1,\"a,\"\"b\"\"\nc\",\r\n");
    }

    @Test
    void jsonKeepsIntegersExactAndBase64Blobs() {
        assertThat(print(OutputMode.JSON, COLS, ROWS)).isEqualTo(
                "[\n{\"id\":9223372036854775807,\"name\":\"日本\",\"data\":\"AKs=\"},\n"
                        + "{\"id\":-1,\"name\":\"a,\\\"b\\\"\\nc\",\"data\":null}\n]\n");
        assertThat(print(OutputMode.JSON, COLS, List.of())).isEqualTo("[]\n");
    }

    @Test
    void lineModeOnePerLine() {
        assertThat(print(OutputMode.LINE, COLS, ROWS.subList(0, 1)))
                .isEqualTo("  id = 9223372036854775807\nname = 日本\ndata = X'00AB'\n");
    }

    @Test
    void widths() {
        assertThat(DisplayWidth.of("abc")).isEqualTo(3);
        assertThat(DisplayWidth.of("日本語")).isEqualTo(6);
        assertThat(DisplayWidth.of("e\u0301")).isEqualTo(1);
        assertThat(DisplayWidth.of("😀")).isEqualTo(2);
    }
}
