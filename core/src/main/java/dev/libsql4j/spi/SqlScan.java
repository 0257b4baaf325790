package dev.libsql4j.spi;

import java.util.Locale;

/**
 * The little SQL lexing that core and the transports share: skipping blanks and comments, and the
 * leading keyword of a statement. It does not parse SQL; string literals are not special here,
 * since the callers only look at what comes before the first one.
 */
public final class SqlScan {
    private SqlScan() {
    }

    /**
     * The index of the first character at or after {@code from} that is neither whitespace nor
     * inside a {@code --} or {@code /* *}{@code /} comment; {@code sql.length()} if there is none.
     * An unterminated comment runs to the end.
     *
     * @param sql  the SQL text
     * @param from where to start
     * @return the index of the next significant character
     */
    public static int skipSpaceAndComments(String sql, int from) {
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

    /**
     * The index just past the run of letters starting at {@code from} ({@code from} itself if
     * there is no letter there).
     *
     * @param sql  the SQL text
     * @param from where the word starts
     * @return the end of the word, exclusive
     */
    public static int wordEnd(String sql, int from) {
        int i = from;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * The first keyword (letters only), upper-cased, after blanks and comments; empty if the text
     * starts with something else.
     *
     * @param sql the SQL text
     * @return the keyword, e.g. {@code SELECT}
     */
    public static String firstKeyword(String sql) {
        int start = skipSpaceAndComments(sql, 0);
        return sql.substring(start, wordEnd(sql, start)).toUpperCase(Locale.ROOT);
    }
}
