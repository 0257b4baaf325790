package dev.libsql4j.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What the driver needs to know about a SQL text without asking the server: its parameters,
 * its leading verb, whether it has a top-level {@code RETURNING} clause and whether it holds
 * more than one statement. A small lexer that knows SQLite's quoting ({@code '...'},
 * {@code "..."}, {@code `...`}, {@code [...]}) and comments ({@code --}, {@code /* *}{@code /}),
 * so text inside them is never taken for a parameter, a keyword or a separator.
 *
 * <p>Parameters follow SQLite's numbering: {@code ?} takes the next index, {@code ?NNN} takes
 * index NNN, and each distinct {@code :name}, {@code @name} or {@code $name} takes the next
 * index the first time it appears. Immutable.
 */
final class SqlText {
    /** What a statement does, as far as choosing how to run it goes. */
    enum Kind {
        /** SELECT, VALUES, PRAGMA, EXPLAIN or a WITH that ends in SELECT: rows, streamed. */
        QUERY,
        /** INSERT, UPDATE, DELETE, REPLACE (also behind WITH). */
        DML,
        /** BEGIN / START TRANSACTION. */
        BEGIN,
        /** COMMIT / END. */
        COMMIT,
        /** ROLLBACK without TO. */
        ROLLBACK,
        /** Anything else: DDL, SAVEPOINT, RELEASE, ROLLBACK TO, ATTACH, VACUUM, ... */
        OTHER,
        /** Only whitespace and comments. */
        EMPTY
    }

    private final String sql;
    private final Kind kind;
    private final List<String> words;
    private final int parameterCount;
    private final List<String> parameterNames;
    private final boolean named;
    private final boolean positional;
    private final boolean returning;
    private final boolean multiple;
    private final int end;
    private final List<int[]> sessionCalls;

    private SqlText(String sql, Kind kind, List<String> words, int parameterCount, List<String> parameterNames,
                    boolean named, boolean positional, boolean returning, boolean multiple, int end,
                    List<int[]> sessionCalls) {
        this.sql = sql;
        this.kind = kind;
        this.words = words;
        this.parameterCount = parameterCount;
        this.parameterNames = parameterNames;
        this.named = named;
        this.positional = positional;
        this.returning = returning;
        this.multiple = multiple;
        this.end = end;
        this.sessionCalls = sessionCalls;
    }

    /** Scans a SQL text. Never fails: malformed SQL is the server's to report. */
    static SqlText parse(String sql) {
        int n = sql.length();
        List<String> names = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<int[]> calls = new ArrayList<>();
        int maxIndex = 0;
        boolean named = false;
        boolean positional = false;
        boolean returning = false;
        boolean multiple = false;
        boolean afterSeparator = false;
        int depth = 0;
        int lastContent = 0;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == ';') {
                if (depth == 0) {
                    afterSeparator = true;
                }
                i++;
                continue;
            }
            if (afterSeparator) {
                // Content after a top-level ';': a second statement (or the inside of a trigger
                // body; either way the text cannot go to the server as one statement).
                multiple = true;
                afterSeparator = false;
            }
            if (!multiple) {
                lastContent = i + 1;
            }
            if (c == '\'' || c == '"' || c == '`') {
                int close = closeQuote(sql, i, c);
                i = close;
                if (!multiple) {
                    lastContent = i;
                }
                continue;
            }
            if (c == '[') {
                int close = sql.indexOf(']', i + 1);
                i = close < 0 ? n : close + 1;
                if (!multiple) {
                    lastContent = i;
                }
                continue;
            }
            if (c == '(') {
                depth++;
                i++;
                continue;
            }
            if (c == ')') {
                depth = Math.max(0, depth - 1);
                i++;
                continue;
            }
            if (c == '?') {
                int j = i + 1;
                while (j < n && Character.isDigit(sql.charAt(j))) {
                    j++;
                }
                int index;
                if (j > i + 1) {
                    try {
                        index = Integer.parseInt(sql.substring(i + 1, j));
                    } catch (NumberFormatException e) {
                        index = maxIndex + 1;
                    }
                } else {
                    index = maxIndex + 1;
                }
                if (!multiple) {
                    positional = true;
                    maxIndex = Math.max(maxIndex, index);
                    while (names.size() < maxIndex) {
                        names.add(null);
                    }
                    lastContent = j;
                }
                i = j;
                continue;
            }
            if ((c == ':' || c == '@' || c == '$') && i + 1 < n && isIdentStart(sql.charAt(i + 1))) {
                int j = i + 1;
                while (j < n && isIdentPart(sql.charAt(j))) {
                    j++;
                }
                if (!multiple) {
                    String name = sql.substring(i, j);
                    String bare = name.substring(1);
                    boolean seen = false;
                    for (String existing : names) {
                        if (existing != null && existing.substring(1).equals(bare)) {
                            seen = true;
                            break;
                        }
                    }
                    if (!seen) {
                        named = true;
                        maxIndex++;
                        while (names.size() < maxIndex - 1) {
                            names.add(null);
                        }
                        names.add(name);
                    }
                    lastContent = j;
                }
                i = j;
                continue;
            }
            if (isIdentStart(c)) {
                int j = i + 1;
                while (j < n && isIdentPart(sql.charAt(j))) {
                    j++;
                }
                if (!multiple) {
                    String w = sql.substring(i, j).toUpperCase(Locale.ROOT);
                    int fn = SESSION_FUNCTIONS.indexOf(w);
                    if (fn >= 0) {
                        int k = skipSpace(sql, j);
                        if (k < n && sql.charAt(k) == '(') {
                            k = skipSpace(sql, k + 1);
                            if (k < n && sql.charAt(k) == ')') {
                                calls.add(new int[] {i, k + 1, fn});
                            }
                        }
                    }
                    if (depth == 0) {
                        words.add(w);
                        if (w.equals("RETURNING")) {
                            returning = true;
                        }
                    }
                    lastContent = j;
                }
                i = j;
                continue;
            }
            i++;
            if (!multiple) {
                lastContent = i;
            }
        }
        return new SqlText(sql, classify(words), Collections.unmodifiableList(words), maxIndex,
                Collections.unmodifiableList(names), named, positional, returning, multiple, lastContent,
                Collections.unmodifiableList(calls));
    }

    /** Functions whose value is per connection: {@code last_insert_rowid()}, {@code changes()}, {@code total_changes()}. */
    private static final List<String> SESSION_FUNCTIONS = List.of("LAST_INSERT_ROWID", "CHANGES", "TOTAL_CHANGES");

    private static int skipSpace(String sql, int i) {
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int closeQuote(String sql, int start, char q) {
        int i = start + 1;
        int n = sql.length();
        while (i < n) {
            if (sql.charAt(i) == q) {
                if (i + 1 < n && sql.charAt(i + 1) == q) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return n;
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_' || c > 0x7f;
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7f;
    }

    private static Kind classify(List<String> words) {
        if (words.isEmpty()) {
            return Kind.EMPTY;
        }
        String first = words.get(0);
        switch (first) {
            case "SELECT":
            case "VALUES":
            case "PRAGMA":
            case "EXPLAIN":
                return Kind.QUERY;
            case "INSERT":
            case "UPDATE":
            case "DELETE":
            case "REPLACE":
                return Kind.DML;
            case "BEGIN":
                return Kind.BEGIN;
            case "COMMIT":
            case "END":
                return Kind.COMMIT;
            case "ROLLBACK":
                return words.contains("TO") ? Kind.OTHER : Kind.ROLLBACK;
            case "WITH":
                // The CTE bodies are inside parentheses, so the top-level words after WITH are the
                // CTE names, AS, [NOT] MATERIALIZED, RECURSIVE and then the main statement's verb.
                for (int k = 1; k < words.size(); k++) {
                    switch (words.get(k)) {
                        case "SELECT":
                        case "VALUES":
                            return Kind.QUERY;
                        case "INSERT":
                        case "UPDATE":
                        case "DELETE":
                        case "REPLACE":
                            return Kind.DML;
                        default:
                            break;
                    }
                }
                return Kind.OTHER;
            default:
                return Kind.OTHER;
        }
    }

    String sql() {
        return sql;
    }

    Kind kind() {
        return kind;
    }

    /** The upper-cased words outside parentheses, quotes and comments, in order. */
    List<String> words() {
        return words;
    }

    /** The number of parameter slots (the highest index). */
    int parameterCount() {
        return parameterCount;
    }

    /** One entry per index (0-based list): the name with its prefix, or null for {@code ?} forms. */
    List<String> parameterNames() {
        return parameterNames;
    }

    /** True if the SQL uses {@code :name}, {@code @name} or {@code $name} parameters. */
    boolean hasNamedParameters() {
        return named;
    }

    /** True if the SQL uses {@code ?} or {@code ?NNN} parameters. */
    boolean hasPositionalParameters() {
        return positional;
    }

    /** True if the statement has a {@code RETURNING} clause outside parentheses. */
    boolean hasReturning() {
        return returning;
    }

    /** True if there is content after a top-level {@code ;}. */
    boolean isMultiple() {
        return multiple;
    }

    /** True if the SQL calls {@code last_insert_rowid()}, {@code changes()} or {@code total_changes()}. */
    boolean callsSessionFunctions() {
        return !sessionCalls.isEmpty();
    }

    /**
     * The SQL with each {@code last_insert_rowid()}, {@code changes()} and {@code total_changes()}
     * call replaced by the given value, for servers where autocommit statements do not share a
     * database connection (so the server's own values would be those of a fresh connection).
     */
    String withSessionValues(long lastInsertRowid, long changes, long totalChanges) {
        StringBuilder sb = new StringBuilder(sql.length());
        int from = 0;
        for (int[] call : sessionCalls) {
            long v = call[2] == 0 ? lastInsertRowid : call[2] == 1 ? changes : totalChanges;
            sb.append(sql, from, call[0]).append(v);
            from = call[1];
        }
        return sb.append(sql, from, sql.length()).toString();
    }

    /** The SQL without trailing semicolons, whitespace and comments (for appending a clause). */
    String withoutTrailer() {
        return sql.substring(0, end);
    }
}
