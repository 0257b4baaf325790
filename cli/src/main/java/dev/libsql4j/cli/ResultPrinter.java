package dev.libsql4j.cli;

import dev.libsql4j.Column;
import dev.libsql4j.Row;
import dev.libsql4j.Value;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

/**
 * Prints one statement's rows in an {@link OutputMode}.
 *
 * <p>NULL is the null text ({@code .nullvalue}; empty by default, as in sqlite3) in box, table,
 * line and CSV mode, and {@code null} in JSON; text is printed as it is, so the text
 * {@code 'NULL'} never looks like NULL unless the user asks for that. Blobs are {@code X'hex'}
 * in box, table, line and CSV mode and base64 strings in JSON. Integers are printed exactly
 * (64-bit); reals as sqlite3 prints them ({@link RealFormat#display}), except in JSON, which
 * keeps Java's shortest round-trip form. Box and table mode buffer the rows to size the columns;
 * the other modes stream.
 */
final class ResultPrinter {

    private final PrintStream out;
    private final String nullValue;
    private final boolean headers;

    /**
     * @param nullValue the text for NULL outside JSON
     * @param headers whether CSV starts with a header row (box and table always have one)
     */
    ResultPrinter(PrintStream out, String nullValue, boolean headers) {
        this.out = out;
        this.nullValue = nullValue;
        this.headers = headers;
    }

    /** Prints the rows and returns how many there were. */
    long print(OutputMode mode, List<Column> columns, Iterator<Row> rows) {
        return switch (mode) {
            case BOX -> table(columns, rows, BOX);
            case TABLE -> table(columns, rows, ASCII);
            case CSV -> csv(columns, rows);
            case JSON -> json(columns, rows);
            case LINE -> line(columns, rows);
        };
    }

    // ---- box and table -----------------------------------------------------------------------

    /** The characters of a grid: corners and joints top, middle and bottom, then the rules. */
    private record Grid(String top, String mid, String bottom, char horizontal, char vertical) {
    }

    private static final Grid BOX = new Grid("┌┬┐", "├┼┤", "└┴┘", '─', '│');
    private static final Grid ASCII = new Grid("+++", "+++", "+++", '-', '|');

    private long table(List<Column> columns, Iterator<Row> rows, Grid g) {
        int n = columns.size();
        int[] width = new int[n];
        String[] header = new String[n];
        for (int c = 0; c < n; c++) {
            header[c] = visible(columns.get(c).name());
            width[c] = DisplayWidth.of(header[c]);
        }
        List<String[]> cells = new ArrayList<>();
        List<boolean[]> numeric = new ArrayList<>();
        while (rows.hasNext()) {
            Row row = rows.next();
            String[] line = new String[n];
            boolean[] num = new boolean[n];
            for (int c = 0; c < n; c++) {
                Value v = row.get(c);
                line[c] = visible(display(v, nullValue));
                num[c] = v instanceof Value.Integer || v instanceof Value.Real;
                width[c] = Math.max(width[c], DisplayWidth.of(line[c]));
            }
            cells.add(line);
            numeric.add(num);
        }
        StringBuilder sb = new StringBuilder();
        border(sb, width, g.top(), g.horizontal());
        rowLine(sb, header, new boolean[n], width, g.vertical());
        border(sb, width, g.mid(), g.horizontal());
        for (int r = 0; r < cells.size(); r++) {
            rowLine(sb, cells.get(r), numeric.get(r), width, g.vertical());
        }
        border(sb, width, g.bottom(), g.horizontal());
        out.print(sb);
        out.flush();
        return cells.size();
    }

    private static void border(StringBuilder sb, int[] width, String joints, char rule) {
        sb.append(joints.charAt(0));
        for (int c = 0; c < width.length; c++) {
            if (c > 0) {
                sb.append(joints.charAt(1));
            }
            sb.append(String.valueOf(rule).repeat(width[c] + 2));
        }
        sb.append(joints.charAt(2)).append('\n');
    }

    private static void rowLine(StringBuilder sb, String[] cells, boolean[] rightAlign, int[] width, char bar) {
        sb.append(bar);
        for (int c = 0; c < cells.length; c++) {
            int pad = width[c] - DisplayWidth.of(cells[c]);
            sb.append(' ');
            if (rightAlign[c]) {
                sb.append(" ".repeat(pad)).append(cells[c]);
            } else {
                sb.append(cells[c]).append(" ".repeat(pad));
            }
            sb.append(' ').append(bar);
        }
        sb.append('\n');
    }

    /** Makes control characters visible so they cannot break the table layout. */
    static String visible(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            String rep = switch (ch) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> ch < 0x20 || ch == 0x7F ? String.format("\\x%02x", (int) ch) : null;
            };
            if (rep != null && sb == null) {
                sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (sb != null) {
                if (rep != null) {
                    sb.append(rep);
                } else {
                    sb.append(ch);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** Text form used by box, table, line and CSV mode. */
    static String display(Value v, String nullValue) {
        if (v instanceof Value.Null) {
            return nullValue;
        }
        if (v instanceof Value.Real r) {
            return RealFormat.display(r.value());
        }
        if (v instanceof Value.Blob b) {
            return "X'" + hex(b.unsafeBytes()) + "'";
        }
        if (v instanceof Value.Text t) {
            return t.value();
        }
        return v.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Upper-case hex of every byte (Value.Blob's toString abbreviates long blobs). */
    static String hex(byte[] bytes) {
        char[] c = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            c[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            c[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(c);
    }

    // ---- csv ---------------------------------------------------------------------------------

    private long csv(List<Column> columns, Iterator<Row> rows) {
        StringBuilder sb = new StringBuilder();
        if (headers) {
            for (int c = 0; c < columns.size(); c++) {
                if (c > 0) {
                    sb.append(',');
                }
                csvField(sb, columns.get(c).name());
            }
            sb.append("\r\n");
            out.print(sb);
        }
        long count = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            sb.setLength(0);
            for (int c = 0; c < columns.size(); c++) {
                if (c > 0) {
                    sb.append(',');
                }
                csvField(sb, display(row.get(c), nullValue));
            }
            sb.append("\r\n");
            out.print(sb);
            count++;
        }
        out.flush();
        return count;
    }

    static void csvField(StringBuilder sb, String s) {
        boolean quote = s.isEmpty() ? false : needsQuote(s);
        if (!quote) {
            sb.append(s);
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') {
                sb.append('"');
            }
            sb.append(ch);
        }
        sb.append('"');
    }

    private static boolean needsQuote(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == ',' || ch == '"' || ch == '\n' || ch == '\r') {
                return true;
            }
        }
        return s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ';
    }

    // ---- json --------------------------------------------------------------------------------

    private long json(List<Column> columns, Iterator<Row> rows) {
        String[] keys = new String[columns.size()];
        for (int c = 0; c < keys.length; c++) {
            StringBuilder k = new StringBuilder();
            jsonString(k, columns.get(c).name());
            keys[c] = k.toString();
        }
        out.print('[');
        long count = 0;
        StringBuilder sb = new StringBuilder();
        while (rows.hasNext()) {
            Row row = rows.next();
            sb.setLength(0);
            sb.append(count == 0 ? "\n" : ",\n").append('{');
            for (int c = 0; c < keys.length; c++) {
                if (c > 0) {
                    sb.append(',');
                }
                sb.append(keys[c]).append(':');
                jsonValue(sb, row.get(c));
            }
            sb.append('}');
            out.print(sb);
            count++;
        }
        out.print(count == 0 ? "]\n" : "\n]\n");
        out.flush();
        return count;
    }

    private static void jsonValue(StringBuilder sb, Value v) {
        if (v instanceof Value.Null) {
            sb.append("null");
        } else if (v instanceof Value.Integer i) {
            sb.append(i.value());
        } else if (v instanceof Value.Real r) {
            double d = r.value();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                sb.append("null");
            } else {
                sb.append(d);
            }
        } else if (v instanceof Value.Text t) {
            jsonString(sb, t.value());
        } else if (v instanceof Value.Blob b) {
            sb.append('"').append(Base64.getEncoder().encodeToString(b.unsafeBytes())).append('"');
        }
    }

    static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (ch < 0x20 || ch == 0x2028 || ch == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        sb.append('"');
    }

    // ---- line --------------------------------------------------------------------------------

    private long line(List<Column> columns, Iterator<Row> rows) {
        int w = 0;
        for (Column c : columns) {
            w = Math.max(w, DisplayWidth.of(c.name()));
        }
        long count = 0;
        StringBuilder sb = new StringBuilder();
        while (rows.hasNext()) {
            Row row = rows.next();
            sb.setLength(0);
            if (count > 0) {
                sb.append('\n');
            }
            for (int c = 0; c < columns.size(); c++) {
                String name = columns.get(c).name();
                sb.append(" ".repeat(w - DisplayWidth.of(name))).append(name).append(" = ")
                        .append(display(row.get(c), nullValue)).append('\n');
            }
            out.print(sb);
            count++;
        }
        out.flush();
        return count;
    }
}
