package dev.libsql4j.internal;

import java.util.Locale;

/**
 * Which transaction-ending statement a SQL text is: {@code COMMIT}/{@code END} or
 * {@code ROLLBACK} (not {@code ROLLBACK TO}, which keeps the transaction), each with an optional
 * {@code TRANSACTION} and nothing else but blanks, comments and a trailing semicolon.
 */
enum TxControl {
    NONE, COMMIT, ROLLBACK;

    static TxControl of(String sql) {
        int[] at = {0};
        String first = word(sql, at);
        TxControl kind;
        if (first.equals("COMMIT") || first.equals("END")) {
            kind = COMMIT;
        } else if (first.equals("ROLLBACK")) {
            kind = ROLLBACK;
        } else {
            return NONE;
        }
        String next = word(sql, at);
        if (next.equals("TRANSACTION")) {
            next = word(sql, at);
        }
        if (!next.isEmpty()) {
            return NONE; // ROLLBACK TO ..., or something this class does not know
        }
        int i = skip(sql, at[0]);
        while (i < sql.length() && sql.charAt(i) == ';') {
            i = skip(sql, i + 1);
        }
        return i == sql.length() ? kind : NONE;
    }

    /** The next word (letters only), upper-cased, after blanks and comments; advances {@code at}. */
    private static String word(String sql, int[] at) {
        int i = skip(sql, at[0]);
        int start = i;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        at[0] = i;
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
    }

    private static int skip(String sql, int from) {
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
