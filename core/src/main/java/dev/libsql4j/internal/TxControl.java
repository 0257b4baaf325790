package dev.libsql4j.internal;

import dev.libsql4j.spi.SqlScan;
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
        int i = SqlScan.skipSpaceAndComments(sql, at[0]);
        while (i < sql.length() && sql.charAt(i) == ';') {
            i = SqlScan.skipSpaceAndComments(sql, i + 1);
        }
        return i == sql.length() ? kind : NONE;
    }

    /** The next word (letters only), upper-cased, after blanks and comments; advances {@code at}. */
    private static String word(String sql, int[] at) {
        int start = SqlScan.skipSpaceAndComments(sql, at[0]);
        at[0] = SqlScan.wordEnd(sql, start);
        return sql.substring(start, at[0]).toUpperCase(Locale.ROOT);
    }
}
