package dev.libsql4j.http.internal;

import dev.libsql4j.Statement;
import java.util.List;
import java.util.Locale;

/** Conservative facts about SQL text, for the retry rule. */
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
        int i = skipSpaceAndComments(sql, 0);
        int start = i;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
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

    private static int skipSpaceAndComments(String sql, int from) {
        int i = from;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && sql.startsWith("--", i)) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? sql.length() : nl + 1;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
            } else {
                break;
            }
        }
        return i;
    }
}
