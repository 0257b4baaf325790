package dev.libsql4j.cli;

import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Result;
import dev.libsql4j.Row;
import dev.libsql4j.Value;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Writes a database as SQL text that rebuilds it: tables with their rows, then indexes,
 * triggers and views in creation order, all inside one transaction.
 *
 * <p>Values round-trip by type: integers exactly, reals as {@link RealFormat#literal} (the
 * shortest form that reads back as the same double, laid out as sqlite3 does; infinities as
 * {@code 9.0e+999}/{@code -9.0e+999}), text as {@code '...'} with quotes doubled, blobs as
 * {@code X'hex'}, NULL as {@code NULL}. Rows stream through a cursor. Known gaps: rowids of
 * tables without an INTEGER PRIMARY KEY are not kept, and virtual tables are dumped as their
 * CREATE statement only.
 */
final class Dumper {

    private final Connection conn;
    private final PrintStream out;

    Dumper(Connection conn, PrintStream out) {
        this.conn = conn;
        this.out = out;
    }

    void dump(String onlyTable) {
        out.println("PRAGMA foreign_keys=OFF;");
        out.println("BEGIN TRANSACTION;");
        String filter = onlyTable == null ? "" : " AND lower(tbl_name) = lower(?)";
        String tablesSql = "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL" + filter
                + " ORDER BY rowid";
        Result tables = onlyTable == null ? conn.execute(tablesSql) : conn.execute(tablesSql, onlyTable);
        for (Row t : tables.rows()) {
            String name = t.getString(0);
            String sql = t.getString(1);
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("sqlite_sequence")) {
                out.println("DELETE FROM sqlite_sequence;");
            } else if (lower.startsWith("sqlite_") || lower.startsWith("libsql_") || lower.startsWith("_litestream")) {
                continue;
            } else {
                out.println(sql + ";");
            }
            if (sql.regionMatches(true, 0, "CREATE VIRTUAL TABLE", 0, 20)) {
                continue;
            }
            rows(name);
        }
        String othersSql = "SELECT sql FROM sqlite_master WHERE type IN ('index','trigger','view') AND sql IS NOT NULL"
                + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'" + filter + " ORDER BY rowid";
        Result others = onlyTable == null ? conn.execute(othersSql) : conn.execute(othersSql, onlyTable);
        for (Row o : others.rows()) {
            out.println(o.getString(0) + ";");
        }
        out.println("COMMIT;");
        out.flush();
    }

    private void rows(String table) {
        String q = quoteIdent(table);
        StringBuilder sb = new StringBuilder();
        try (Cursor cursor = conn.query("SELECT * FROM " + q)) {
            for (Row row : cursor) {
                sb.setLength(0);
                sb.append("INSERT INTO ").append(q).append(" VALUES(");
                for (int i = 0; i < row.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    literal(sb, row.get(i));
                }
                sb.append(");");
                out.println(sb);
            }
        }
    }

    static void literal(StringBuilder sb, Value v) {
        if (v instanceof Value.Null) {
            sb.append("NULL");
        } else if (v instanceof Value.Integer i) {
            sb.append(i.value());
        } else if (v instanceof Value.Real r) {
            sb.append(RealFormat.literal(r.value()));
        } else if (v instanceof Value.Text t) {
            sb.append('\'').append(t.value().replace("'", "''")).append('\'');
        } else if (v instanceof Value.Blob b) {
            sb.append("X'").append(ResultPrinter.hex(b.unsafeBytes())).append('\'');
        }
    }

    static String quoteIdent(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
