package dev.libsql4j.http.internal;

import dev.libsql4j.Statement;
import dev.libsql4j.spi.SqlScan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Conservative facts about SQL text: for the retry rule, and a statement's parameter names. */
final class SqlText {
    private SqlText() {
    }

    /**
     * True if the statement can only read: its first keyword is {@code SELECT}, {@code VALUES} or
     * {@code EXPLAIN}. Anything else (including {@code WITH}, which may front a write, and
     * {@code PRAGMA}) counts as a possible write. Running a read twice changes nothing, so such a
     * request may be retried even when it is not known whether the server saw it.
     */
    static boolean isPlainRead(String sql) {
        String kw = firstKeyword(sql);
        return kw.equals("SELECT") || kw.equals("VALUES") || kw.equals("EXPLAIN");
    }

    /** The first keyword, upper-cased, after blanks and comments. */
    static String firstKeyword(String sql) {
        return SqlScan.firstKeyword(sql);
    }

    /** True if the statement starts a transaction: {@code BEGIN ...} or {@code SAVEPOINT name}. */
    static boolean opensTransaction(String sql) {
        String kw = firstKeyword(sql);
        return kw.equals("BEGIN") || kw.equals("SAVEPOINT");
    }

    static boolean allPlainReads(List<Statement> stmts) {
        for (Statement s : stmts) {
            if (!isPlainRead(s.sql())) {
                return false;
            }
        }
        return true;
    }

    /** SQLite's limit on a parameter index (SQLITE_MAX_VARIABLE_NUMBER in its default build). */
    private static final int MAX_PARAMETER_INDEX = 32766;

    /**
     * The statement's parameters as SQLite numbers them, without asking the server: one entry
     * per index, the name as written ({@code :id}, {@code @x}, {@code $y}, {@code ?2}), null for
     * a plain {@code ?} (and for an index no parameter names). SQLite's rules: {@code ?} takes
     * the next index, {@code ?NNN} takes index NNN, and each distinct name takes the next index
     * the first time it appears. Text in quotes ({@code '...'}, {@code "..."}, {@code `...`},
     * {@code [...]}) and comments is skipped; a {@code $} inside an identifier is part of it.
     *
     * <p>Returns null when the text holds something this scanner does not model exactly (Tcl
     * style {@code $a::b} or {@code $a(b)} names, {@code #} variables, an unterminated quote or
     * comment, an index out of range): the caller then asks the server ({@code describe}).
     */
    static List<String> parameterNames(String sql) {
        int n = sql.length();
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = null;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                int end = sql.indexOf(close, i + 1);
                if (end < 0) {
                    return null;
                }
                // A doubled quote inside a quoted run is an escaped quote: the scan simply goes on.
                i = end + 1;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    return null;
                }
                i = end + 2;
            } else if (c == '?') {
                int j = i + 1;
                while (j < n && isDigit(sql.charAt(j))) {
                    j++;
                }
                if (j == i + 1) {
                    names.add(null);
                } else {
                    if (j - i - 1 > 5) {
                        return null;
                    }
                    int index = Integer.parseInt(sql.substring(i + 1, j));
                    if (index < 1 || index > MAX_PARAMETER_INDEX) {
                        return null;
                    }
                    while (names.size() < index) {
                        names.add(null);
                    }
                    if (names.get(index - 1) == null) {
                        names.set(index - 1, sql.substring(i, j));
                    }
                }
                i = j;
            } else if (c == ':' || c == '@' || c == '$') {
                int j = i + 1;
                while (j < n && isIdChar(sql.charAt(j))) {
                    j++;
                }
                if (j == i + 1) {
                    return null;
                }
                if (j < n && (sql.charAt(j) == '(' || (sql.charAt(j) == ':' && j + 1 < n && sql.charAt(j + 1) == ':'))) {
                    return null;
                }
                String name = sql.substring(i, j);
                if (seen == null) {
                    seen = new HashMap<>();
                }
                if (!seen.containsKey(name)) {
                    names.add(name);
                    seen.put(name, names.size());
                }
                i = j;
            } else if (c == '#') {
                return null;
            } else if (isIdChar(c)) {
                // A word or a number: a '$' inside it belongs to it.
                int j = i + 1;
                while (j < n && isIdChar(sql.charAt(j))) {
                    j++;
                }
                i = j;
            } else {
                i++;
            }
            if (names.size() > MAX_PARAMETER_INDEX) {
                return null;
            }
        }
        return names;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** SQLite's IdChar: letters, digits, {@code _}, {@code $} and anything outside ASCII. */
    private static boolean isIdChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }
}
