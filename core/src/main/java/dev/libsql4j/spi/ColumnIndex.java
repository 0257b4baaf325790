package dev.libsql4j.spi;

import dev.libsql4j.Column;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The columns of a result and a name lookup, built once per result and shared by all its rows.
 * Immutable and thread-safe.
 */
public final class ColumnIndex {
    private static final ColumnIndex EMPTY = new ColumnIndex(List.of());

    private final List<Column> columns;
    private final Map<String, Integer> byName;
    private final Map<String, Integer> byFoldedName;

    private ColumnIndex(List<Column> columns) {
        this.columns = List.copyOf(columns);
        // Two maps, so an exact match always wins over a case-insensitive one (columns "ID" and
        // "id": "id" finds the second), and among case-insensitive matches the first column wins.
        Map<String, Integer> exact = new HashMap<>();
        Map<String, Integer> folded = new HashMap<>();
        for (int i = 0; i < this.columns.size(); i++) {
            String name = this.columns.get(i).name();
            if (name != null) {
                exact.putIfAbsent(name, i);
                folded.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
            }
        }
        this.byName = exact;
        this.byFoldedName = folded;
    }

    /** An index over these columns. */
    public static ColumnIndex of(List<Column> columns) {
        return columns.isEmpty() ? EMPTY : new ColumnIndex(columns);
    }

    /** The columns. */
    public List<Column> columns() {
        return columns;
    }

    /** The column count. */
    public int size() {
        return columns.size();
    }

    /** The 0-based index of a column by name (exact, then case-insensitive), or -1. */
    public int indexOf(String name) {
        Integer i = byName.get(name);
        if (i == null) {
            i = byFoldedName.get(name.toLowerCase(Locale.ROOT));
        }
        return i == null ? -1 : i;
    }
}
