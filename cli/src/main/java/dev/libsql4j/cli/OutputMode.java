package dev.libsql4j.cli;

import java.util.Locale;

/** How query results are printed. */
enum OutputMode {
    /** Aligned columns with Unicode box-drawing borders (sqlite3's box mode); widths by display columns. */
    BOX,
    /** The same grid drawn with ASCII {@code +}, {@code -} and {@code |} (sqlite3's table mode). */
    TABLE,
    /** RFC 4180: comma separated, CRLF line ends, fields quoted when needed, header row first. */
    CSV,
    /** One JSON array of objects per statement; integers exact, blobs as base64 strings. */
    JSON,
    /** {@code column = value}, one per line, a blank line between rows. */
    LINE;

    static OutputMode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown mode '" + s + "'; expected one of box, table, csv, json, line");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
