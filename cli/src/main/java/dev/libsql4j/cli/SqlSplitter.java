package dev.libsql4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into complete statements at top-level {@code ;}.
 *
 * <p>Tracks single and double quotes, backticks, {@code [brackets]}, {@code --} line comments and
 * {@code /* *}{@code /} block comments. Inside {@code CREATE TRIGGER} it counts {@code BEGIN}/
 * {@code CASE} against {@code END}, so the semicolons of a trigger body do not end the statement.
 * Text is fed incrementally ({@link #feed}); whatever is not yet complete stays buffered.
 *
 * <p>Not thread-safe; one per input source.
 */
final class SqlSplitter {

    private enum State { NORMAL, SINGLE, DOUBLE, BACKTICK, BRACKET, LINE_COMMENT, BLOCK_COMMENT }

    private final StringBuilder buf = new StringBuilder();
    private State state = State.NORMAL;
    private int scanned;          // chars of buf already scanned
    private int depth;            // BEGIN/CASE nesting inside a trigger
    private boolean trigger;      // statement so far starts CREATE [TEMP] TRIGGER
    private final List<String> words = new ArrayList<>(4); // first words of the statement
    private final StringBuilder word = new StringBuilder();

    /** Adds text and returns the statements it completed (each without the trailing {@code ;}). */
    List<String> feed(String text) {
        buf.append(text);
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = scanned;
        while (i < buf.length()) {
            char c = buf.charAt(i);
            char next = i + 1 < buf.length() ? buf.charAt(i + 1) : '\0';
            switch (state) {
                case NORMAL -> {
                    if (isWordChar(c)) {
                        word.append(c);
                    } else {
                        endWord();
                        if (c == '\'') {
                            state = State.SINGLE;
                        } else if (c == '"') {
                            state = State.DOUBLE;
                        } else if (c == '`') {
                            state = State.BACKTICK;
                        } else if (c == '[') {
                            state = State.BRACKET;
                        } else if (c == '-' && next == '-') {
                            state = State.LINE_COMMENT;
                            i++;
                        } else if (c == '/' && next == '*') {
                            state = State.BLOCK_COMMENT;
                            i++;
                        } else if (c == ';' && depth <= 0) {
                            String stmt = buf.substring(start, i).trim();
                            if (!isBlank(stmt)) {
                                out.add(stmt);
                            }
                            start = i + 1;
                            resetStatement();
                        }
                    }
                }
                case SINGLE -> { if (c == '\'') state = State.NORMAL; }
                case DOUBLE -> { if (c == '"') state = State.NORMAL; }
                case BACKTICK -> { if (c == '`') state = State.NORMAL; }
                case BRACKET -> { if (c == ']') state = State.NORMAL; }
                case LINE_COMMENT -> { if (c == '\n') state = State.NORMAL; }
                case BLOCK_COMMENT -> {
                    if (c == '*' && next == '/') {
                        state = State.NORMAL;
                        i++;
                    }
                }
                default -> throw new AssertionError(state);
            }
            i++;
        }
        // A word may continue in the next chunk; keep it pending, but we only ever feed whole lines.
        buf.delete(0, start);
        scanned = buf.length();
        return out;
    }

    /** True when nothing but whitespace and comments is buffered. */
    boolean isEmpty() {
        return isBlank(buf.toString());
    }

    /** Returns and clears what is buffered (the unterminated last statement), or null if blank. */
    String flush() {
        endWord();
        String rest = buf.toString().trim();
        buf.setLength(0);
        scanned = 0;
        state = State.NORMAL;
        resetStatement();
        return isBlank(rest) ? null : rest;
    }

    private void resetStatement() {
        depth = 0;
        trigger = false;
        words.clear();
        word.setLength(0);
    }

    private void endWord() {
        if (word.length() == 0) {
            return;
        }
        String w = word.toString().toUpperCase(Locale.ROOT);
        word.setLength(0);
        if (words.size() < 4) {
            words.add(w);
            if (words.size() >= 2 && words.get(0).equals("CREATE")) {
                String second = words.get(1);
                if (second.equals("TRIGGER")
                        || (words.size() >= 3 && (second.equals("TEMP") || second.equals("TEMPORARY"))
                                && words.get(2).equals("TRIGGER"))) {
                    trigger = true;
                }
            }
        }
        if (trigger) {
            if (w.equals("BEGIN") || w.equals("CASE")) {
                depth++;
            } else if (w.equals("END")) {
                depth--;
            }
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** True if the text holds only whitespace and comments. */
    static boolean isBlank(String s) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == ';') {
                i++;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                return false;
            }
        }
        return true;
    }
}
